package com.gaterouter.router.planning;

import com.gaterouter.router.chat.ChatRequestParser;
import static com.gaterouter.router.testing.TestAccounts.allow;
import static com.gaterouter.router.testing.TestAccounts.deny;
import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.VendorClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import com.gaterouter.router.vendors.RefusingVendorClient;
import com.gaterouter.router.vendors.VendorClients;

/** Model permissions in planning: aliases resolve first, then tenant ∩ department ∩ project ∩ key decides. */
class CandidatePlannerTest {

    private static final VendorClient NEVER_CALLED = new RefusingVendorClient("planning calls no vendor");

    private static final java.time.Instant AT = java.time.Instant.parse("2026-11-24T10:00:00Z");

    private final ModelCatalog catalog = ModelCatalog.load(Optional.empty());
    private final CandidatePlanner planner = new CandidatePlanner(catalog, VendorClients.byApi(api -> NEVER_CALLED));

    /** Tenant allows OpenAI only; the project denies gpt-4o; the key lists three models. */
    private final Caller caller = TestAccounts.caller(
            allow("openai/gpt-4o", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"),
            allow("openai/*"), null, deny("openai/gpt-4o"));

    private CandidatePlanner.Plan plan(String modelsJson) {
        String body = "{" + modelsJson + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        var parsed = new ChatRequestParser().parse(body.getBytes(StandardCharsets.UTF_8));
        return planner.plan(((ChatRequestParser.Valid) parsed).request(), caller, AT);
    }

    private static ApiError rejected(CandidatePlanner.Plan plan) {
        assertThat(plan).isInstanceOf(CandidatePlanner.Rejected.class);
        return ((CandidatePlanner.Rejected) plan).error();
    }

    /** The ids of the planned candidates, in order. */
    private static List<String> planned(CandidatePlanner.Plan plan) {
        assertThat(plan).isInstanceOf(CandidatePlanner.Candidates.class);
        return ((CandidatePlanner.Candidates) plan).candidates().stream().map(c -> c.model().id()).toList();
    }

    /** The 403 for a model outside what the caller may use, naming the field that asked for it. */
    private static void assertNotAllowed(ApiError error, String param) {
        assertThat(error.status()).isEqualTo(403);
        assertThat(error.code()).isEqualTo("model_not_allowed");
        assertThat(error.param()).isEqualTo(param);
    }

    @Test
    void aModelInsideEveryLevelIsPlanned() {
        assertThat(planned(plan("\"model\":\"openai/gpt-4o-mini\""))).containsExactly("openai/gpt-4o-mini");
    }

    @Test
    void anAliasIsResolvedBeforeTheCheckSoItCannotSmuggleADisallowedModelIn() {
        ApiError error = rejected(plan("\"model\":\"gpt-4o\""));
        assertNotAllowed(error, "model");
        assertThat(error.message()).contains("openai/gpt-4o");

        // and an alias of an allowed model works
        assertThat(plan("\"model\":\"gpt-4o-mini\"")).isInstanceOf(CandidatePlanner.Candidates.class);
    }

    @Test
    void eachLevelCanForbid() {
        assertThat(rejected(plan("\"model\":\"openai/gpt-4o\"")).code()).as("project deny").isEqualTo("model_not_allowed");
        assertThat(rejected(plan("\"model\":\"anthropic/claude-sonnet-4-5\"")).code()).as("tenant allow list").isEqualTo("model_not_allowed");
        assertThat(rejected(plan("\"model\":\"openai/gpt-4.1\"")).code()).as("key allow list").isEqualTo("model_not_allowed");
    }

    @Test
    void aFallbackListSkipsDisallowedEntriesAndKeepsTheAllowedOnesInOrder() {
        assertThat(planned(plan("\"models\":[\"openai/gpt-4o\",\"claude-sonnet-4-5\",\"openai/gpt-4o-mini\",\"openai/gpt-4.1\"]")))
                .containsExactly("openai/gpt-4o-mini");
    }

    @Test
    void whenNothingIsAllowedTheFirstRejectionIsTheAnswer() {
        assertNotAllowed(rejected(plan("\"models\":[\"openai/gpt-4o\",\"anthropic/claude-sonnet-4-5\"]")), "models[0]");

        ApiError unknownFirst = rejected(plan("\"models\":[\"nope/model\",\"openai/gpt-4o\"]"));
        assertThat(unknownFirst.status()).as("first rejection: the unknown model").isEqualTo(404);
        assertNotAllowed(rejected(plan("\"model\":\"openai/gpt-4o\",\"models\":[\"nope/model\"]")), "model");
    }

    @Test
    void anUnrestrictedCallerMayUseTheWholeCatalog() {
        Caller anyone = TestAccounts.unrestricted();
        for (var model : catalog.models()) {
            if (!model.supports("embeddings")) {
                String body = "{\"model\":\"" + model.id() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                var request = ((ChatRequestParser.Valid) new ChatRequestParser().parse(body.getBytes(StandardCharsets.UTF_8))).request();
                assertThat(planner.plan(request, anyone, AT)).as(model.id()).isInstanceOf(CandidatePlanner.Candidates.class);
            }
        }
    }
}
