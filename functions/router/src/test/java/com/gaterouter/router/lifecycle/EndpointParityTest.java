package com.gaterouter.router.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.chat.ChatCompletions;
import com.gaterouter.router.embeddings.Embeddings;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.testing.EndpointUnderTest;
import com.gaterouter.router.testing.RecordingUsageStore;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Chat completions and embeddings run through the same lifecycle: the same answer for every kind
 * of vendor failure, request metrics under each route's label, and the one summary log line.
 */
class EndpointParityTest {

    private static final String CATALOG = """
            {"vendors":{"a":{"api":"openai-chat","baseUrl":"http://a","keyField":"a"}},
             "models":[{"id":"a/both","vendor":"a","upstream":"both","contextWindow":1000,"maxOutputTokens":100,
                        "capabilities":["embeddings"],"prices":[{"effective":"2025-01-01","input":"1","output":"2"}]}]}""";

    private final ModelCatalog catalog;
    private final Caller caller = TestAccounts.unrestricted();
    private final List<UsageRecord> recorded = new ArrayList<>();
    private final List<RequestMetrics.RequestOutcome> outcomes = new ArrayList<>();
    /** Every call, chat or embeddings, answers with this. */
    private Function<VendorCall, VendorResult> answer;

    private final VendorClient vendor = new VendorClient() {
        @Override
        public VendorResult complete(VendorCall call) {
            return answer.apply(call);
        }

        @Override
        public VendorResult embed(VendorCall call) {
            return answer.apply(call);
        }

        @Override
        public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
            throw new AssertionError("not streamed here");
        }
    };

    EndpointParityTest() throws Exception {
        catalog = ModelCatalog.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
    }

    /** Each endpoint on a lifecycle of its own, so one's failures never open the other's circuit breaker. */
    private EndpointUnderTest served(Endpoint<?> endpoint) {
        var keys = new VendorKeys(new StaticSecretsSource().put("platform", Map.of("a", "key-a")), "platform");
        var attempts = new Attempts(keys, RetryPolicy.DEFAULT, new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), d -> { });
        return new EndpointUnderTest(new RequestLifecycle(attempts, new UsageMeter(new RecordingUsageStore(recorded), Runnable::run),
                outcomes::add), endpoint);
    }

    private ApiResponse.Buffered chat() {
        return (ApiResponse.Buffered) served(new ChatCompletions(new CandidatePlanner(catalog, Map.of(VendorApi.OPENAI_CHAT, vendor))))
                .serve(request("/v1/chat/completions", "{\"model\":\"a/both\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                        caller);
    }

    private ApiResponse.Buffered embeddings() {
        return (ApiResponse.Buffered) served(new Embeddings(catalog, Map.of(VendorApi.OPENAI_CHAT, vendor)))
                .serve(request("/v1/embeddings", "{\"model\":\"a/both\",\"input\":\"hi\"}"), caller);
    }

    private static ApiRequest request(String path, String body) {
        return new ApiRequest("POST", path, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime(),
                TestAccounts.T0);
    }

    private static JsonNode error(ApiResponse.Buffered response) throws Exception {
        return Json.MAPPER.readTree(response.bodyText()).path("error");
    }

    @ParameterizedTest
    @EnumSource(VendorFailure.Kind.class)
    void everyKindOfVendorFailureIsAnsweredAndRecordedAlikeByChatAndEmbeddings(VendorFailure.Kind kind) throws Exception {
        answer = call -> new VendorResult.Failed(VendorFailure.of(kind, 0, "the vendor said no"));

        ApiResponse.Buffered chat = chat();
        ApiResponse.Buffered embeddings = embeddings();

        assertThat(embeddings.status()).isEqualTo(chat.status());
        assertThat(error(embeddings).path("type")).isEqualTo(error(chat).path("type"));
        assertThat(error(embeddings).path("code")).isEqualTo(error(chat).path("code"));
        for (String header : List.of("retry-after", "x-should-retry")) {
            assertThat(embeddings.headers().get(header)).as(header).isEqualTo(chat.headers().get(header));
        }
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1).status()).isEqualTo(recorded.get(0).status());
        assertThat(recorded.get(1).httpStatus()).isEqualTo(recorded.get(0).httpStatus()).isEqualTo(chat.status());
        assertThat(recorded.get(1).failedAttempts()).hasSameSizeAs(recorded.get(0).failedAttempts());
        assertThat(outcomes).extracting(RequestMetrics.RequestOutcome::route).containsExactly("chat.completions", "embeddings");
        assertThat(outcomes).extracting(RequestMetrics.RequestOutcome::httpStatus).containsOnly(chat.status());
    }

    @Test
    void embeddingsRecordRequestMetricsAndTheSummaryLineAsChatDoes() {
        answer = call -> {
            ObjectNode body = Json.MAPPER.createObjectNode().put("object", "list");
            body.putArray("data").addObject().put("object", "embedding").put("index", 0).putArray("embedding").add(0.25);
            return new VendorResult.Completed(body, new TokenUsage(4, 0, 0, 0, 0));
        };
        PrintStream console = System.out;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        ApiResponse.Buffered response;
        try {
            response = embeddings();
        } finally {
            System.setOut(console);
        }

        assertThat(response.status()).isEqualTo(200);
        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.route()).isEqualTo("embeddings");
            assertThat(outcome.model()).isEqualTo("a/both");
            assertThat(outcome.httpStatus()).isEqualTo(200);
            assertThat(outcome.promptTokens()).isEqualTo(4);
            assertThat(outcome.costMicros()).isEqualTo(recorded.get(0).costMicros());
        });
        JsonNode summary = logged.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{"))
                .map(l -> {
                    try {
                        return Json.MAPPER.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError(l, e);
                    }
                })
                .filter(l -> l.path("message").asText().startsWith("embeddings ")).findFirst().orElseThrow();
        assertThat(summary.path("model").asText()).isEqualTo("a/both");
        assertThat(summary.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(summary.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(summary.path("promptTokens").asLong()).isEqualTo(4);
        assertThat(summary.toString()).doesNotContain("key-a").doesNotContain("\"input\"");
    }
}
