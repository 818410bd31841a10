package com.gaterouter.router;

import com.gaterouter.router.chat.ChatCompletions;
import com.gaterouter.router.embeddings.Embeddings;
import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.testing.EndpointUnderTest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreaker;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.testing.RecordingUsageStore;
import com.gaterouter.router.testing.SimulatedCatalog;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorHttpClients;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorTimeouts;
import com.gaterouter.router.vendors.anthropic.AnthropicClient;
import com.gaterouter.router.vendors.bedrock.BedrockClient;
import com.gaterouter.router.vendors.gemini.GeminiClient;
import com.gaterouter.router.vendors.openai.OpenAiClient;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorClients;

/**
 * Every vendor's refusals, in their real wire formats (the vendor simulator renders each the way
 * the vendor does), through the real adapters to the answer the client gets (docs/api.md,
 * "Vendor errors"): the caller's errors are 400s carrying the vendor's message, tried once and
 * never elsewhere, and never held against the vendor; the gateway's own problems at a vendor
 * (credentials, an empty account, an unknown model) are 5xx that blame no caller.
 */
class VendorErrorMappingIT {

    /** One model per vendor, and where a fallback would go: another vendor that answers normally. */
    enum Vendor {
        OPENAI("openai/gpt-4o-mini", SimVendor.OPENAI, "deepseek/deepseek-chat", SimVendor.DEEPSEEK),
        DEEPSEEK("deepseek/deepseek-chat", SimVendor.DEEPSEEK, "openai/gpt-4o-mini", SimVendor.OPENAI),
        ANTHROPIC("anthropic/claude-haiku-4-5", SimVendor.ANTHROPIC, "openai/gpt-4o-mini", SimVendor.OPENAI),
        GEMINI("gemini/gemini-2.5-flash", SimVendor.GEMINI, "openai/gpt-4o-mini", SimVendor.OPENAI),
        BEDROCK("bedrock/nova-lite", SimVendor.BEDROCK, "openai/gpt-4o-mini", SimVendor.OPENAI);

        final String model;
        final SimVendor sim;
        final String fallback;
        final SimVendor fallbackSim;

        Vendor(String model, SimVendor sim, String fallback, SimVendor fallbackSim) {
            this.model = model;
            this.sim = sim;
            this.fallback = fallback;
            this.fallbackSim = fallbackSim;
        }

        String id() {
            return sim.id();
        }
    }

    private static VendorSimulator simulator;
    private static ModelCatalog catalog;
    private static Map<VendorApi, VendorClient> clients;

    private final List<UsageRecord> recorded = new ArrayList<>();
    private final Caller caller = TestAccounts.unrestricted();
    private Attempts attempts;
    private EndpointUnderTest chat;
    private EndpointUnderTest embeddings;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorConfig.defaults());
        catalog = SimulatedCatalog.pointedAt(simulator);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        VendorTimeouts timeouts = new VendorTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10));
        clients = VendorClients.byApi(api -> switch (api) {
            case OPENAI_CHAT -> new OpenAiClient(VendorHttpClients.fixed(http), timeouts);
            case ANTHROPIC_MESSAGES -> new AnthropicClient(VendorHttpClients.fixed(http), timeouts);
            case GEMINI -> new GeminiClient(VendorHttpClients.fixed(http), timeouts);
            case BEDROCK_CONVERSE -> new BedrockClient(http, timeouts,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDGATEROUTERTEST", "test-secret-key")),
                    Region.US_EAST_1);
        });
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** Fresh breakers per test; waits between retries are not slept (the count of attempts is what matters). */
    @BeforeEach
    void services() {
        simulator.faults().clear();
        simulator.resetRecorded();
        var keys = new VendorKeys(new StaticSecretsSource().put("platform", Map.of("openai", "sk-test-openai-key",
                "deepseek", "sk-test-deepseek-key", "anthropic", "sk-ant-test-key", "gemini", "gm-test-key")), "platform");
        attempts = new Attempts(keys, RetryPolicy.DEFAULT, CircuitBreakers.defaults(Clock.systemUTC()), d -> { });
        UsageMeter meter = new UsageMeter(new RecordingUsageStore(recorded));
        var lifecycle = new RequestLifecycle(attempts, meter, RequestMetrics.NONE);
        chat = new EndpointUnderTest(lifecycle, new ChatCompletions(new CandidatePlanner(catalog, clients)));
        embeddings = new EndpointUnderTest(lifecycle, new Embeddings(catalog, clients));
    }

    private static ApiRequest request(String path, String body) {
        return new ApiRequest("POST", path, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime(),
                Instant.now());
    }

    private ApiResponse.Buffered chat(String body) {
        return (ApiResponse.Buffered) chat.serve(request("/v1/chat/completions", body), caller);
    }

    private static String body(List<String> models, String text, boolean stream) {
        return Json.MAPPER.createObjectNode().put("stream", stream).<com.fasterxml.jackson.databind.node.ObjectNode>set("models",
                        Json.MAPPER.valueToTree(models))
                .set("messages", Json.MAPPER.valueToTree(List.of(Map.of("role", "user", "content", text)))).toString();
    }

    private static JsonNode error(ApiResponse.Buffered response) throws Exception {
        return Json.MAPPER.readTree(response.body()).path("error");
    }

    private int calls(SimVendor vendor) {
        return (int) simulator.requests().stream().filter(r -> r.vendor() == vendor).count();
    }

    // ------------------------------------------------------------ the caller's errors

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aVendorsInvalidRequestAnswerIsOur400WithItsMessageTriedOnceAndNeverElsewhere(Vendor v) throws Exception {
        // scoped to this vendor: a fallback would have succeeded, so a 400 proves there was none
        String text = "hi [[sim:fault=bad_request,vendor=" + v.id() + "]]";
        ApiResponse.Buffered response = chat(body(List.of(v.model, v.fallback), text, false));

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = error(response);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("vendor_rejected_request");
        assertThat(error.path("message").asText()).startsWith(v.id() + " answered HTTP 400").contains(switch (v) {
            case GEMINI -> "Request contains an invalid argument.";
            default -> "refused as asked by a simulator fault";
        });
        assertThat(response.headers()).containsEntry("x-gaterouter-attempts", "1").containsEntry("x-gaterouter-model", v.model)
                .containsEntry("x-should-retry", "false");
        assertThat(calls(v.sim)).as("no retry").isEqualTo(1);
        assertThat(calls(v.fallbackSim)).as("no fallback").isZero();
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(UsageStatus.INVALID_REQUEST);
            assertThat(r.httpStatus()).isEqualTo(400);
        });
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aStreamTheVendorRefusesBeforeItsFirstByteIsThePlain400(Vendor v) throws Exception {
        var streamed = (ApiResponse.Streamed) chat.serve(request("/v1/chat/completions",
                body(List.of(v.model), "hi [[sim:fault=bad_request]]", true)), caller);
        StreamResult result = streamed.events().writeTo(new SseSink() {
            @Override
            public void open(Map<String, String> headers) {
                throw new AssertionError("a refused stream never opens");
            }

            @Override
            public void event(String name, String data) {
                throw new AssertionError("a refused stream sends no event");
            }
        });

        assertThat(result).isInstanceOfSatisfying(StreamResult.NotStarted.class, notStarted -> {
            assertThat(notStarted.response().status()).isEqualTo(400);
            assertThat(notStarted.response().bodyText()).contains("vendor_rejected_request");
        });
        assertThat(calls(v.sim)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void refusalsNeverOpenTheVendorsCircuitBreaker(Vendor v) {
        for (int i = 0; i < 8; i++) {
            assertThat(chat(body(List.of(v.model), "hi [[sim:fault=bad_request]]", false)).status()).isEqualTo(400);
        }
        assertThat(attempts.breakers().forVendor(v.id()).state()).isEqualTo(CircuitBreaker.State.CLOSED);
        ApiResponse.Buffered next = chat(body(List.of(v.model, v.fallback), "hello", false));
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.headers()).containsEntry("x-gaterouter-model", v.model);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aPromptLongerThanTheModelsWindowIsContextLengthExceededInTheVendorsWords(Vendor v) throws Exception {
        ApiResponse.Buffered response = chat(body(List.of(v.model), "a prompt of several words [[sim:context_window=5]]", false));

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = error(response);
        assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.path("param").asText()).isEqualTo("messages");
        assertThat(error.path("message").asText()).contains(switch (v) {
            case OPENAI, DEEPSEEK -> "maximum context length is 5 tokens";
            case ANTHROPIC -> "tokens > 5 maximum";
            case GEMINI -> "exceeds the maximum number of tokens allowed (5)";
            case BEDROCK -> "Input is too long for requested model.";
        });
        assertThat(calls(v.sim)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aPromptTheVendorsPolicyBlocksIsAContentPolicyRefusalOrAContentFilterFinish(Vendor v) throws Exception {
        ApiResponse.Buffered response = chat(body(List.of(v.model, v.fallback), "hi [[sim:fault=content_filter,vendor=" + v.id() + "]]",
                false));

        switch (v) {
            case OPENAI, DEEPSEEK, GEMINI -> {
                // refused as an error (OpenAI, DeepSeek) or as a 200 without candidates (Gemini): the caller's 400, not sent elsewhere
                assertThat(response.status()).isEqualTo(400);
                assertThat(error(response).path("code").asText()).isEqualTo("content_policy_violation");
                assertThat(calls(v.fallbackSim)).isZero();
                assertThat(recorded.getLast().status()).isEqualTo(UsageStatus.INVALID_REQUEST);
            }
            case ANTHROPIC, BEDROCK -> {
                // answered as a completion whose finish says so, as OpenAI's own content filter does
                assertThat(response.status()).isEqualTo(200);
                JsonNode completion = Json.MAPPER.readTree(response.body());
                assertThat(completion.path("choices").get(0).path("finish_reason").asText()).isEqualTo("content_filter");
                assertThat(recorded.getLast().status()).isEqualTo(UsageStatus.SUCCEEDED);
            }
        }
        assertThat(calls(v.sim)).isEqualTo(1);
    }

    // ------------------------------------------------------------ the gateway's problems at the vendor

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aRejectedGatewayCredentialIsA502ThatBlamesNoCallerAndQuotesNoKey(Vendor v) throws Exception {
        ApiResponse.Buffered response = chat(body(List.of(v.model), "hi [[sim:fault=unauthorized]]", false));

        assertThat(response.status()).isEqualTo(502);
        JsonNode error = error(response);
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("code").asText()).isEqualTo("vendor_auth_failed");
        assertThat(error.path("message").asText()).contains("not at fault").doesNotContain("test-key").doesNotContain("sk-");
        assertThat(response.headers()).containsEntry("x-should-retry", "false");
        assertThat(calls(v.sim)).as("the key is re-read once, then no more").isEqualTo(2);
        assertThat(recorded.getLast().status()).isEqualTo(UsageStatus.VENDOR_FAILED);
        assertThat(attempts.breakers().forVendor(v.id()).state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void anAccountWithoutCreditFallsBackAndAloneIsA503OrTheVendorsOwnRateLimit(Vendor v) throws Exception {
        String text = "hi [[sim:fault=quota_exhausted,vendor=" + v.id() + "]]";
        ApiResponse.Buffered fellBack = chat(body(List.of(v.model, v.fallback), text, false));
        assertThat(fellBack.status()).isEqualTo(200);
        assertThat(fellBack.headers()).containsEntry("x-gaterouter-model", v.fallback);

        simulator.resetRecorded();
        ApiResponse.Buffered alone = chat(body(List.of(v.model), text, false));
        switch (v) {
            case OPENAI, DEEPSEEK, ANTHROPIC -> {
                assertThat(alone.status()).isEqualTo(503);
                assertThat(error(alone).path("code").asText()).isEqualTo("vendor_quota_exhausted");
                assertThat(error(alone).path("message").asText()).contains("not at fault");
                assertThat(calls(v.sim)).as("an empty account is not retried").isEqualTo(1);
            }
            case GEMINI -> {
                // RESOURCE_EXHAUSTED with a 12 h RetryInfo: a rate limit the caller must wait out, relayed as such
                assertThat(alone.status()).isEqualTo(429);
                assertThat(alone.headers()).containsEntry("retry-after", "43200");
                assertThat(calls(v.sim)).isEqualTo(1);
            }
            case BEDROCK -> {
                // ServiceQuotaExceededException: AWS says resubmit later, so it is retried as a rate limit
                assertThat(alone.status()).isEqualTo(429);
                assertThat(error(alone).path("code").asText()).isEqualTo("vendor_rate_limited");
                assertThat(calls(v.sim)).isEqualTo(RetryPolicy.DEFAULT.maxAttemptsPerModel());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aModelTheVendorDoesNotKnowIsTheCatalogsProblemAndFallsBack(Vendor v) throws Exception {
        String text = "hi [[sim:fault=model_not_found,vendor=" + v.id() + "]]";
        assertThat(chat(body(List.of(v.model, v.fallback), text, false)).headers()).containsEntry("x-gaterouter-model", v.fallback);

        ApiResponse.Buffered alone = chat(body(List.of(v.model), text, false));
        assertThat(alone.status()).isEqualTo(502);
        assertThat(error(alone).path("code").asText()).isEqualTo("vendor_model_not_found");
        assertThat(error(alone).path("message").asText()).contains(v.model).contains("catalog").contains("not at fault");
        assertThat(calls(v.sim)).as("once per request, never retried").isEqualTo(2);
    }

    // ------------------------------------------------------------ embeddings

    @Test
    void embeddingsTheGatewayCanCheckNeverReachTheVendorAndTheVendorsRefusalIsA400Once() throws Exception {
        ApiResponse.Buffered nested = (ApiResponse.Buffered) embeddings.serve(request("/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":[[\"a\"]]}"), caller);
        assertThat(nested.status()).isEqualTo(400);
        assertThat(error(nested).path("param").asText()).isEqualTo("input[0][0]");
        assertThat(calls(SimVendor.OPENAI)).isZero();

        ApiResponse.Buffered tooWide = (ApiResponse.Buffered) embeddings.serve(request("/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"hello\",\"dimensions\":4096}"), caller);
        assertThat(tooWide.status()).isEqualTo(400);
        JsonNode error = error(tooWide);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).as("the vendor's param, relayed").isEqualTo("dimensions");
        assertThat(error.path("message").asText()).isEqualTo("openai answered HTTP 400: Invalid 'dimensions': integer above maximum "
                + "value. Expected a value <= 1536, but got 4096 instead.");
        assertThat(calls(SimVendor.OPENAI)).as("tried once").isEqualTo(1);
        assertThat(recorded).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(UsageStatus.INVALID_REQUEST));

        ApiResponse.Buffered tooLong = (ApiResponse.Buffered) embeddings.serve(request("/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":[" + "1,".repeat(8192) + "1]}"), caller);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(error(tooLong).path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error(tooLong).path("param").asText()).isEqualTo("input");
    }

    @Test
    void theVendorsOwnFailuresOnEmbeddingsKeepTheirStatuses() throws Exception {
        ApiResponse.Buffered unauthorized = (ApiResponse.Buffered) embeddings.serve(request("/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"x [[sim:fault=unauthorized]]\"}"), caller);
        assertThat(unauthorized.status()).isEqualTo(502);
        assertThat(error(unauthorized).path("code").asText()).isEqualTo("vendor_auth_failed");

        ApiResponse.Buffered overloaded = (ApiResponse.Buffered) embeddings.serve(request("/v1/embeddings",
                "{\"model\":\"openai/text-embedding-3-small\",\"input\":\"x [[sim:fault=server_error,status=503]]\"}"), caller);
        assertThat(overloaded.status()).isEqualTo(502);
        assertThat(error(overloaded).path("code").asText()).isEqualTo("vendor_unavailable");
        assertThat(Optional.ofNullable(overloaded.headers().get("x-gaterouter-attempts"))).contains("3");
    }
}
