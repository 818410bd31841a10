package com.gaterouter.router.responses;

import static com.gaterouter.router.responses.ResponsesFixtures.any;
import static com.gaterouter.router.responses.ResponsesFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.lifecycle.RequestLifecycle;
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
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/responses} through the request lifecycle, against a scripted vendor (no I/O). */
class ResponsesTest {

    private static final Instant AT = TestAccounts.T0;
    private static final String CATALOG = """
            {"vendors":{"a":{"api":"openai-chat","baseUrl":"http://a","keyField":"a"}},
             "models":[{"id":"a/one","vendor":"a","upstream":"one","contextWindow":10000,"maxOutputTokens":1000,"capabilities":["tools"],
                        "prices":[{"effective":"2025-01-01","input":"1","output":"2"}]}]}""";

    private final List<VendorCall> calls = new ArrayList<>();
    private final List<UsageRecord> recorded = new ArrayList<>();
    private final VendorClient vendor = new VendorClient() {
        @Override
        public VendorResult complete(VendorCall call) {
            calls.add(call);
            return new VendorResult.Completed(json("""
                    {"object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
                      "message":{"role":"assistant","content":"Hi there."}}],
                     "usage":{"prompt_tokens":12,"completion_tokens":3}}"""), new TokenUsage(12, 0, 0, 3, 0));
        }

        @Override
        public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
            calls.add(call);
            try {
                consumer.onChunk(json("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
                consumer.onChunk(json("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"));
                consumer.onChunk(json("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
                consumer.onChunk(json("{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1}}"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new StreamOutcome.Finished(new TokenUsage(12, 0, 0, 1, 0), 1);
        }
    };
    private final EndpointUnderTest service;

    ResponsesTest() throws IOException {
        ModelCatalog catalog = ModelCatalog.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
        var keys = new VendorKeys(new StaticSecretsSource().put("platform", Map.of("a", "key-a")), "platform");
        var attempts = new Attempts(keys, RetryPolicy.DEFAULT, new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), d -> { });
        service = new EndpointUnderTest(new RequestLifecycle(attempts, new UsageMeter(new RecordingUsageStore(recorded), Runnable::run),
                RequestMetrics.NONE), new Responses(new CandidatePlanner(catalog, Map.of(VendorApi.OPENAI_CHAT, vendor)),
                Clock.fixed(AT.plusSeconds(2), ZoneOffset.UTC)));
    }

    private ApiResponse send(String body) {
        return service.serve(new ApiRequest("POST", "/v1/responses", Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8),
                "req-42", AT), TestAccounts.unrestricted());
    }

    @Test
    void aBufferedResponseIsAResponseObjectMeteredUnderResponses() {
        var answer = (ApiResponse.Buffered) send("{\"model\":\"a/one\",\"instructions\":\"Be kind.\",\"input\":\"Hello\",\"store\":true}");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = any(answer.bodyText());
        assertThat(body.get("id").asText()).isEqualTo("resp_req42");
        assertThat(body.get("object").asText()).isEqualTo("response");
        assertThat(body.get("created_at").asLong()).isEqualTo(AT.getEpochSecond());
        assertThat(body.get("completed_at").asLong()).isEqualTo(AT.getEpochSecond() + 2);
        assertThat(body.get("model").asText()).isEqualTo("a/one");
        assertThat(body.get("store").asBoolean()).as("never stored").isFalse();
        assertThat(body.get("output").get(0).get("content").get(0).get("text").asText()).isEqualTo("Hi there.");
        assertThat(body.get("usage").get("input_tokens").asInt()).isEqualTo(12);
        assertThat(body.get("usage").get("output_tokens").asInt()).isEqualTo(3);
        assertThat(answer.headers()).containsEntry("x-gaterouter-model", "a/one").containsKey("x-gaterouter-cost-usd");
        assertThat(calls).singleElement().satisfies(call -> assertThat(call.request().get("messages")).isEqualTo(any("""
                [{"role":"system","content":"Be kind."},{"role":"user","content":"Hello"}]""")));
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.api()).isEqualTo("responses");
            assertThat(r.requestId()).isEqualTo("req-42");
        });
    }

    @Test
    void aStreamIsNamedEventsEndingWithTheCompletedResponse() {
        var streamed = (ApiResponse.Streamed) send("{\"model\":\"a/one\",\"input\":\"Hello\",\"stream\":true}");
        List<String> names = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        streamed.events().writeTo(new SseSink() {
            @Override
            public void open(Map<String, String> headers) {
            }

            @Override
            public void event(String name, String json) {
                names.add(name);
                data.add(any(json));
            }
        });
        assertThat(names).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        assertThat(data.getLast().path("response").path("usage").path("output_tokens").asInt()).isEqualTo(1);
        assertThat(data.getLast().path("response").path("model").asText()).isEqualTo("a/one");
        assertThat(calls.getFirst().request().get("stream_options")).isEqualTo(any("{\"include_usage\":true}"));
        assertThat(recorded).singleElement().satisfies(r -> assertThat(r.api()).isEqualTo("responses"));
    }

    @Test
    void refusalsAreOpenAiErrorsNamingTheResponsesFieldAndCallNoVendor() {
        var builtIn = (ApiResponse.Buffered) send("{\"model\":\"a/one\",\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]}");
        assertThat(builtIn.status()).isEqualTo(400);
        assertThat(any(builtIn.bodyText()).get("error").get("param").asText()).isEqualTo("tools[0].type");

        // the planner's check is on the normal form (response_format); the client sent text.format
        var schema = (ApiResponse.Buffered) send("""
                {"model":"a/one","input":"x","text":{"format":{"type":"json_schema","name":"p","schema":{"type":"object"}}}}""");
        assertThat(schema.status()).isEqualTo(400);
        JsonNode error = any(schema.bodyText()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("text.format");
        assertThat(error.get("message").asText()).contains("json_schema");

        var tooLong = (ApiResponse.Buffered) send("{\"model\":\"a/one\",\"input\":\"x\",\"max_output_tokens\":5000}");
        assertThat(any(tooLong.bodyText()).get("error").get("param").asText()).isEqualTo("max_output_tokens");
        assertThat(calls).isEmpty();
        assertThat(recorded).isEmpty();
    }

    @Test
    void chatFieldNamesAreRenamedToTheirResponsesFields() {
        assertThat(ResponsesParams.of("response_format.json_schema")).isEqualTo("text.format");
        assertThat(ResponsesParams.of("messages[3].content")).isEqualTo("input");
        assertThat(ResponsesParams.of("tools[2].function.parameters")).isEqualTo("tools[2].parameters");
        assertThat(ResponsesParams.of("tool_choice.function.name")).isEqualTo("tool_choice.name");
        assertThat(ResponsesParams.of("reasoning_effort")).isEqualTo("reasoning.effort");
        assertThat(ResponsesParams.of("temperature")).isEqualTo("temperature");
        assertThat(ResponsesParams.of(null)).isNull();
    }
}
