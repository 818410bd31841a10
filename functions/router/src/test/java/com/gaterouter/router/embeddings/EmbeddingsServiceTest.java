package com.gaterouter.router.embeddings;

import static com.gaterouter.router.testing.TestAccounts.allow;
import static com.gaterouter.router.testing.TestAccounts.deny;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.testing.RecordingUsageStore;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings} checks the resolved model against tenant ∩ department ∩ project ∩ key. */
class EmbeddingsServiceTest {

    /** Answers every embeddings call with one vector and counts the calls. */
    static final class EmbeddingVendor implements VendorClient {
        final List<String> models = new ArrayList<>();

        @Override
        public VendorResult embed(VendorCall call) {
            models.add(call.model().id());
            ObjectNode answer = Json.MAPPER.createObjectNode().put("object", "list");
            answer.putArray("data").addObject().put("object", "embedding").put("index", 0).putArray("embedding").add(0.25);
            return new VendorResult.Completed(answer, new TokenUsage(4, 0, 0, 0, 0));
        }

        @Override
        public VendorResult complete(VendorCall call) {
            throw new AssertionError("embeddings only");
        }

        @Override
        public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
            throw new AssertionError("embeddings only");
        }
    }

    private final EmbeddingVendor vendor = new EmbeddingVendor();
    private final List<UsageRecord> recorded = new ArrayList<>();
    private final EmbeddingsService service;

    EmbeddingsServiceTest() {
        ModelCatalog catalog = ModelCatalog.load(Optional.empty());
        var keys = new VendorKeys(new StaticSecretsSource().put("platform", Map.of("openai", "sk-test")), "platform");
        service = new EmbeddingsService(catalog, Map.of("openai-chat", vendor, "anthropic-messages", vendor, "gemini", vendor,
                "bedrock-converse", vendor), new Attempts(keys, RetryPolicy.DEFAULT,
                new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), d -> { }), new UsageMeter(new RecordingUsageStore(recorded), Runnable::run));
    }

    /** Tenant: OpenAI only; project: not the large embedding model; key: both embedding models and gpt-4o-mini. */
    private final Caller caller = TestAccounts.caller(
            allow("openai/text-embedding-3-small", "openai/text-embedding-3-large", "openai/gpt-4o-mini"),
            allow("openai/*"), null, deny("openai/text-embedding-3-large"));

    private ApiResponse.Buffered embed(String model) {
        String body = "{\"model\":\"" + model + "\",\"input\":\"hello\"}";
        return (ApiResponse.Buffered) service.embed(new ApiRequest("POST", "/v1/embeddings", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime(), Instant.now()), caller);
    }

    @Test
    void anAllowedModelIsCalledAndMeteredForTheCallersProject() {
        var response = embed("text-embedding-3-small");
        assertThat(response.status()).isEqualTo(200);
        assertThat(vendor.models).containsExactly("openai/text-embedding-3-small");
        assertThat(recorded).singleElement().satisfies(r -> assertThat(r.principal()).isEqualTo(caller.principal()));
    }

    @Test
    void aModelDeniedAtAnyLevelIsA403BeforeAnyVendorCall() {
        for (String model : List.of("openai/text-embedding-3-large", "text-embedding-3-large")) {
            var response = embed(model);
            assertThat(response.status()).as(model).isEqualTo(403);
            assertThat(response.bodyText()).contains("\"code\":\"model_not_allowed\"").contains("\"param\":\"model\"")
                    .contains("openai/text-embedding-3-large");
        }
        assertThat(vendor.models).isEmpty();
        assertThat(recorded).as("nothing metered; both counted as refusals of the resolved model").hasSize(2).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(UsageStatus.REFUSED);
            assertThat(r.httpStatus()).isEqualTo(403);
            assertThat(r.servedModel()).isEqualTo("openai/text-embedding-3-large");
            assertThat(r.costMicros()).isZero();
        });
    }

    @Test
    void unknownModelsStay404AndChatModelsStay400() {
        assertThat(embed("nope/model").status()).isEqualTo(404);
        assertThat(embed("openai/gpt-4o-mini").status()).as("allowed, but no embeddings").isEqualTo(400);
        assertThat(vendor.models).isEmpty();
    }
}
