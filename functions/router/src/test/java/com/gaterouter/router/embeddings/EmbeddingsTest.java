package com.gaterouter.router.embeddings;

import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.testing.EndpointUnderTest;
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
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorFailure;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import com.gaterouter.router.vendors.RefusingVendorClient;
import com.gaterouter.router.vendors.VendorClients;

/** {@code POST /v1/embeddings} checks the resolved model against tenant ∩ department ∩ project ∩ key. */
class EmbeddingsTest {

    /** Answers every embeddings call with one vector (or the next scripted failure) and counts the calls. */
    static final class EmbeddingVendor extends RefusingVendorClient {
        final List<String> models = new ArrayList<>();
        final java.util.Deque<VendorFailure> failures = new java.util.ArrayDeque<>();

        EmbeddingVendor() {
            super("embeddings only");
        }

        @Override
        public VendorResult embed(VendorCall call) {
            models.add(call.model().id());
            if (!failures.isEmpty()) {
                return new VendorResult.Failed(failures.poll());
            }
            ObjectNode answer = Json.MAPPER.createObjectNode().put("object", "list");
            answer.putArray("data").addObject().put("object", "embedding").put("index", 0).putArray("embedding").add(0.25);
            return new VendorResult.Completed(answer, new TokenUsage(4, 0, 0, 0, 0));
        }
    }

    private final EmbeddingVendor vendor = new EmbeddingVendor();
    private final List<UsageRecord> recorded = new ArrayList<>();
    private final EndpointUnderTest service;

    EmbeddingsTest() {
        ModelCatalog catalog = ModelCatalog.load(Optional.empty());
        var keys = new VendorKeys(new StaticSecretsSource().put("platform", Map.of("openai", "sk-test")), "platform");
        var lifecycle = new RequestLifecycle(new Attempts(keys, RetryPolicy.DEFAULT,
                new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), d -> { }),
                new UsageMeter(new RecordingUsageStore(recorded), Runnable::run), RequestMetrics.NONE);
        service = new EndpointUnderTest(lifecycle, new Embeddings(catalog, VendorClients.byApi(api -> vendor)));
    }

    /** Tenant: OpenAI only; project: not the large embedding model; key: both embedding models and gpt-4o-mini. */
    private final Caller caller = TestAccounts.caller(
            allow("openai/text-embedding-3-small", "openai/text-embedding-3-large", "openai/gpt-4o-mini"),
            allow("openai/*"), null, deny("openai/text-embedding-3-large"));

    private ApiResponse.Buffered embed(String model) {
        return post("{\"model\":\"" + model + "\",\"input\":\"hello\"}");
    }

    private ApiResponse.Buffered post(String body) {
        return (ApiResponse.Buffered) service.serve(new ApiRequest("POST", "/v1/embeddings", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime(), Instant.now()), caller);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[[\"a\"]]                         | input[0][0]",
            "[[1, 2], [\"a\"]]                 | input[1][0]",
            "[[1, 2], []]                      | input[1]",
            "[[1, 2], 3]                       | input[1]",
            "[\"a\", 1]                        | input[1]",
            "[\"a\", \"\"]                       | input[1]",
            "[\"a\", null]                     | input[1]",
            "[1, -2]                           | input[1]",
            "[1, 2.5]                          | input[1]",
            "[1, 99999999999]                  | input[1]",
            "[{\"text\":\"a\"}]                  | input[0]",
            "[]                                | input",
            "\"\"                                | input",
            "42                                | input",
            "{\"text\":\"a\"}                    | input",
            "null                              | input"})
    void inputsOutsideOpenAisShapesAre400sNamingTheElementBeforeAnyCall(String input, String param) {
        var response = post("{\"model\":\"text-embedding-3-small\",\"input\":" + input + "}");

        assertInvalidBeforeAnyCall(response, param);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"dimensions\":0              | dimensions",
            "\"dimensions\":-256           | dimensions",
            "\"dimensions\":1.5            | dimensions",
            "\"dimensions\":\"256\"        | dimensions",
            "\"encoding_format\":\"int8\"  | encoding_format",
            "\"user\":42                   | user",
            "\"truncate\":true             | truncate"})
    void otherFieldsAreCheckedToo(String field, String param) {
        var response = post("{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"," + field + "}");

        assertInvalidBeforeAnyCall(response, param);
    }

    @Test
    void everyPublishedShapeIsAccepted() {
        String[] inputs = {"\"hello\"", "[\"a\", \"b\"]", "[1, 2, 3]", "[[1, 2], [3]]", "[" + "\"x\",".repeat(2047) + "\"x\"]"};
        for (String input : inputs) {
            assertThat(post("{\"model\":\"text-embedding-3-small\",\"input\":" + input + ",\"dimensions\":256,"
                    + "\"encoding_format\":\"base64\",\"user\":\"u-1\"}").status()).as(input).isEqualTo(200);
        }
        assertThat(post("{\"model\":\"text-embedding-3-small\",\"input\":[" + "\"x\",".repeat(2048) + "\"x\"]}").bodyText())
                .as("2049 inputs").contains("\"param\":\"input\"").contains("2048");
        assertThat(vendor.models).hasSize(inputs.length);
    }

    @Test
    void aVendorRefusingTheRequestIsTheCallers400OnceNotA502() {
        vendor.failures.add(new VendorFailure(VendorFailure.Kind.BAD_REQUEST, 400, java.util.Optional.empty(),
                "openai answered HTTP 400: Invalid value for 'dimensions' = 99999.", java.util.Optional.of("dimensions")));
        var response = post("{\"model\":\"text-embedding-3-small\",\"input\":\"hello\",\"dimensions\":99999}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).contains("\"type\":\"invalid_request_error\"").contains("\"code\":\"vendor_rejected_request\"")
                .contains("\"param\":\"dimensions\"").contains("Invalid value for 'dimensions'");
        assertThat(response.headers()).containsEntry("x-gaterouter-attempts", "1").containsEntry("x-should-retry", "false");
        assertThat(vendor.models).as("never retried").hasSize(1);
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(com.gaterouter.common.usage.UsageStatus.INVALID_REQUEST);
            assertThat(r.httpStatus()).isEqualTo(400);
        });

        vendor.failures.add(VendorFailure.of(VendorFailure.Kind.CONTEXT_LENGTH_EXCEEDED, 400,
                "openai answered HTTP 400: This model's maximum context length is 8192 tokens"));
        var tooLong = post("{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"}");
        assertThat(tooLong.bodyText()).contains("\"code\":\"context_length_exceeded\"").contains("\"param\":\"input\"");
    }

    @Test
    void theVendorsOwnFailuresKeepTheirStatuses() {
        vendor.failures.add(VendorFailure.of(VendorFailure.Kind.UNAUTHORIZED, 401, "openai answered HTTP 401: Incorrect API key sk-test"));
        vendor.failures.add(VendorFailure.of(VendorFailure.Kind.UNAUTHORIZED, 401, "openai answered HTTP 401: Incorrect API key sk-test"));
        var unauthorized = embed("text-embedding-3-small");
        assertThat(unauthorized.status()).isEqualTo(502);
        assertThat(unauthorized.bodyText()).contains("vendor_auth_failed").contains("not at fault").doesNotContain("sk-test");
        assertThat(vendor.models).as("the key is re-read once").hasSize(2);

        vendor.failures.add(new VendorFailure(VendorFailure.Kind.RATE_LIMITED, 429, java.util.Optional.of(java.time.Duration.ofSeconds(30)),
                "openai answered HTTP 429: slow down"));
        var limited = embed("text-embedding-3-small");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("retry-after", "30");

        vendor.failures.add(VendorFailure.of(VendorFailure.Kind.TIMEOUT, 0, "openai did not answer in time"));
        vendor.failures.add(VendorFailure.of(VendorFailure.Kind.TIMEOUT, 0, "openai did not answer in time"));
        vendor.failures.add(VendorFailure.of(VendorFailure.Kind.TIMEOUT, 0, "openai did not answer in time"));
        assertThat(embed("text-embedding-3-small").status()).isEqualTo(504);
        assertThat(recorded).extracting(UsageRecord::status).containsOnly(com.gaterouter.common.usage.UsageStatus.VENDOR_FAILED);
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

    /** A 400 naming the parameter, in OpenAI's shape, before any vendor call or usage record. */
    private void assertInvalidBeforeAnyCall(ApiResponse.Buffered response, String param) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).contains("\"type\":\"invalid_request_error\"").contains("\"param\":\"" + param + "\"");
        assertThat(vendor.models).isEmpty();
        assertThat(recorded).isEmpty();
    }
}
