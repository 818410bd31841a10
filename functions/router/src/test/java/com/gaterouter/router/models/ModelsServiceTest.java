package com.gaterouter.router.models;

import static com.gaterouter.router.testing.TestAccounts.allow;
import static com.gaterouter.router.testing.TestAccounts.deny;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.testing.TestAccounts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/models} lists exactly what the caller may use: tenant ∩ department ∩ project ∩ key. */
class ModelsServiceTest {

    private final ModelCatalog catalog = ModelCatalog.load(Optional.empty());
    private final ModelsService service = new ModelsService(catalog, Clock.systemUTC());

    private List<String> listed(Caller caller) throws Exception {
        JsonNode body = Json.MAPPER.readTree(((ApiResponse.Buffered) service.list("req-1", caller)).body());
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    @Test
    void anUnrestrictedCallerSeesTheWholeCatalogInItsOrder() throws Exception {
        List<String> expected = new ArrayList<>(List.of("auto"));
        catalog.models().forEach(model -> expected.add(model.id()));
        assertThat(listed(TestAccounts.unrestricted())).containsExactlyElementsOf(expected);
    }

    @Test
    void theListIsTheIntersectionOfEveryLevel() throws Exception {
        Caller caller = TestAccounts.caller(
                allow("openai/gpt-4o", "openai/gpt-4o-mini", "openai/text-embedding-3-small", "anthropic/claude-sonnet-4-5"),
                allow("openai/*"), null, deny("openai/gpt-4o"));
        assertThat(listed(caller)).as("gpt-4o-mini is in the light tier: auto can route")
                .containsExactly("auto", "openai/gpt-4o-mini", "openai/text-embedding-3-small");
    }

    @Test
    void wildcardsAndDenyListsAtEveryLevel() throws Exception {
        // tenant: everything but Bedrock; department: Anthropic and Gemini; project: no Opus; key: no restriction
        Caller caller = TestAccounts.caller(ModelPolicy.UNRESTRICTED, new ModelPolicy(java.util.Set.of("*"), java.util.Set.of("bedrock/*")),
                allow("anthropic/*", "gemini/*"), deny("anthropic/claude-opus-4-1"));
        List<String> expected = catalog.models().stream().map(ModelSpec::id)
                .filter(id -> id.startsWith("anthropic/") || id.startsWith("gemini/"))
                .filter(id -> !id.equals("anthropic/claude-opus-4-1")).toList();
        assertThat(expected).isNotEmpty();
        assertThat(listed(caller)).first().isEqualTo("auto");
        assertThat(listed(caller)).containsExactlyElementsOf(java.util.stream.Stream.concat(java.util.stream.Stream.of("auto"),
                expected.stream()).toList());
    }

    @Test
    void autoIsListedOnlyWhenItCanRouteToAModelTheCallerMayUse() throws Exception {
        Caller reasonerOnly = TestAccounts.caller(allow("deepseek/deepseek-reasoner"), null, null, null);
        assertThat(listed(reasonerOnly)).as("no tier names deepseek-reasoner").containsExactly("deepseek/deepseek-reasoner");
    }

    @Test
    void everyListedModelIsRetrievedAsListedAndNothingElse() throws Exception {
        Caller caller = TestAccounts.caller(allow("openai/*", "anthropic/claude-sonnet-4-5"), null, null, deny("openai/gpt-4o"));
        JsonNode listed = Json.MAPPER.readTree(((ApiResponse.Buffered) service.list("req-1", caller)).body()).path("data");
        assertThat(listed.size()).isGreaterThan(2);
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (JsonNode entry : listed) {
            ids.add(entry.path("id").asText());
            ApiResponse.Buffered one = (ApiResponse.Buffered) service.retrieve("req-2", caller, entry.path("id").asText());
            assertThat(one.status()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(one.body())).isEqualTo(entry);
        }
        for (ModelSpec model : catalog.models()) {
            if (!ids.contains(model.id())) {
                ApiResponse.Buffered one = (ApiResponse.Buffered) service.retrieve("req-3", caller, model.id());
                assertThat(one.status()).as(model.id()).isEqualTo(404);
                assertThat(Json.MAPPER.readTree(one.body()).path("error").path("code").asText()).isEqualTo("model_not_found");
                assertThat(one.headers()).containsEntry("x-request-id", "req-3");
            }
        }
    }

    @Test
    void autoIsRetrievedOnlyWhenItIsListed() throws Exception {
        assertThat(((ApiResponse.Buffered) service.retrieve("r", TestAccounts.unrestricted(), "auto")).status()).isEqualTo(200);
        Caller reasonerOnly = TestAccounts.caller(allow("deepseek/deepseek-reasoner"), null, null, null);
        assertThat(((ApiResponse.Buffered) service.retrieve("r", reasonerOnly, "auto")).status()).isEqualTo(404);
    }

    @Test
    void aLongUnknownIdIsShownBackBounded() throws Exception {
        String id = "x/" + "y".repeat(5000);
        ApiResponse.Buffered one = (ApiResponse.Buffered) service.retrieve("r", TestAccounts.unrestricted(), id);
        assertThat(one.status()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(one.body()).path("error").path("message").asText()).hasSizeLessThan(300);
    }

    @Test
    void aKeyDenyingEverythingSeesAnEmptyList() throws Exception {
        assertThat(listed(TestAccounts.caller(deny("*"), null, null, null))).isEmpty();
    }
}
