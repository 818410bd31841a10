package com.gaterouter.router.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.common.testing.RecordingSseSink;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.testing.RecordingUsageStore;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code /v1/messages} and count_tokens through the request lifecycle, against a scripted vendor (no I/O). */
class MessagesTest {

    private static final String CATALOG = """
            {"vendors":{"a":{"api":"openai-chat","baseUrl":"http://a","keyField":"a"},
                        "b":{"api":"anthropic-messages","baseUrl":"http://b","keyField":"b"}},
             "models":[
               {"id":"a/gpt","vendor":"a","upstream":"gpt","contextWindow":100000,"maxOutputTokens":1000,"capabilities":["tools","vision"],
                "prices":[{"effective":"2025-01-01","input":"1","output":"2"}]},
               {"id":"b/claude-sonnet-4-5","vendor":"b","upstream":"claude-sonnet-4-5","aliases":["claude-sonnet-4-5","claude-sonnet-4-5-20250929"],
                "contextWindow":100000,"maxOutputTokens":1000,"capabilities":["tools","vision","reasoning"],
                "prices":[{"effective":"2025-01-01","input":"3","output":"15"}]}]}""";

    /** Answers every call with the completion or the chunks it is given, and keeps the normal-form requests it saw. */
    static final class ScriptedVendor implements VendorClient {
        final List<ObjectNode> requests = new ArrayList<>();
        ObjectNode completion;
        TokenUsage usage = new TokenUsage(100, 30, 20, 12, 0);
        List<ObjectNode> chunks = List.of();
        /** Fails every buffered call, or a stream after its chunks. */
        VendorFailure failure;

        @Override
        public VendorResult complete(VendorCall call) {
            requests.add(call.request());
            return failure != null ? new VendorResult.Failed(failure) : new VendorResult.Completed(completion.deepCopy(), usage);
        }

        @Override
        public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
            requests.add(call.request());
            try {
                for (ObjectNode chunk : chunks) {
                    consumer.onChunk(chunk.deepCopy());
                }
            } catch (IOException gone) {
                return new StreamOutcome.ClientGone(usage, System.nanoTime());
            }
            return failure != null ? new StreamOutcome.FailedMidStream(failure, usage, System.nanoTime())
                    : new StreamOutcome.Finished(usage, System.nanoTime());
        }
    }

    private static final class Secrets implements SecretsSource {
        @Override
        public Optional<Map<String, String>> secretFields(String secretId) {
            return Optional.of(Map.of("a", "key-a", "b", "key-b"));
        }

        @Override
        public void invalidate(String secretId) {
        }
    }

    private final ScriptedVendor openai = new ScriptedVendor();
    private final ScriptedVendor anthropic = new ScriptedVendor();
    private final List<UsageRecord> recorded = new ArrayList<>();
    private final Messages messages;
    private final RequestLifecycle lifecycle;
    private final Caller caller = TestAccounts.unrestricted();

    MessagesTest() throws Exception {
        ModelCatalog catalog = ModelCatalog.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
        messages = new Messages(new CandidatePlanner(catalog, Map.of(VendorApi.OPENAI_CHAT, openai, VendorApi.ANTHROPIC_MESSAGES, anthropic)));
        lifecycle = new RequestLifecycle(new Attempts(new VendorKeys(new Secrets(), "platform"), RetryPolicy.DEFAULT,
                new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC()), d -> { }, Optional.empty()),
                new UsageMeter(new RecordingUsageStore(recorded), Runnable::run), RequestMetrics.NONE);
        ObjectNode completion = json("""
                {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
                  "message":{"role":"assistant","content":"Hello there."}}],"usage":{"prompt_tokens":100,"completion_tokens":12}}""");
        openai.completion = completion;
        anthropic.completion = completion;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ApiRequest post(String path, String body) {
        return new ApiRequest("POST", path, Map.of(), Map.of("anthropic-version", "2023-06-01"), body.getBytes(StandardCharsets.UTF_8),
                "req-" + System.nanoTime(), Instant.now());
    }

    private ApiResponse.Buffered buffered(String body) {
        return (ApiResponse.Buffered) lifecycle.serve(messages, post("/v1/messages", body), caller);
    }

    @Test
    void aBufferedMessageIsAnAnthropicMessageWithTheCostInTheHeaders() {
        var response = buffered("""
                {"model":"a/gpt","max_tokens":200,"system":"Be brief.","messages":[{"role":"user","content":"Hi"}]}""");
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = json(response.bodyText());
        assertThat(body.get("id").asText()).startsWith("msg_");
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.get("model").asText()).isEqualTo("a/gpt");
        assertThat(body.get("content")).isEqualTo(json("{\"c\":[{\"type\":\"text\",\"text\":\"Hello there.\"}]}").get("c"));
        assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.at("/usage/input_tokens").asLong()).isEqualTo(50);
        assertThat(body.at("/usage/cache_read_input_tokens").asLong()).isEqualTo(30);
        assertThat(body.at("/usage/cache_creation_input_tokens").asLong()).isEqualTo(20);
        assertThat(body.at("/usage/output_tokens").asLong()).isEqualTo(12);
        assertThat(body.has("choices")).isFalse();
        assertThat(response.headers()).containsKeys("x-gaterouter-cost-usd", "request-id").containsEntry("x-gaterouter-model", "a/gpt");

        ObjectNode sent = openai.requests.getLast();
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(200);
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.api()).isEqualTo("messages");
            assertThat(r.requestedModel()).isEqualTo("a/gpt");
        });
    }

    @Test
    void aStreamIsAnthropicsEventGrammarThroughTheLifecycle() {
        anthropic.chunks = List.of(
                json("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}"),
                json("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"),
                json("{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}"));
        var response = lifecycle.serve(messages, post("/v1/messages", """
                {"model":"claude-sonnet-4-5","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), caller);
        RecordingSseSink sink = new RecordingSseSink();
        ((ApiResponse.Streamed) response).events().writeTo(sink);

        assertThat(sink.names()).containsExactly("message_start", "ping", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(sink.headers()).containsEntry("x-gaterouter-model", "b/claude-sonnet-4-5");
        assertThat(json(sink.events().get(0)).at("/message/model").asText()).isEqualTo("b/claude-sonnet-4-5");
        assertThat(anthropic.requests.getLast().at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.api()).isEqualTo("messages");
            assertThat(r.stream()).isTrue();
        });
    }

    @Test
    void aVendorFailureIsAnsweredInAnthropicsShapeBufferedOrMidStream() {
        openai.failure = VendorFailure.of(VendorFailure.Kind.RATE_LIMITED, 429, "openai answered HTTP 429: slow down");
        var limited = buffered("{\"model\":\"a/gpt\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(json(limited.bodyText()).get("type").asText()).isEqualTo("error");
        assertThat(json(limited.bodyText()).at("/error/type").asText()).isEqualTo("rate_limit_error");

        anthropic.chunks = List.of(json("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hal\"},\"finish_reason\":null}]}"));
        anthropic.failure = VendorFailure.of(VendorFailure.Kind.CONNECTION, 200, "anthropic stream ended unexpectedly");
        var response = lifecycle.serve(messages, post("/v1/messages", """
                {"model":"claude-sonnet-4-5","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), caller);
        RecordingSseSink sink = new RecordingSseSink();
        ((ApiResponse.Streamed) response).events().writeTo(sink);
        assertThat(sink.names()).containsExactly("message_start", "ping", "content_block_start", "content_block_delta", "error");
        assertThat(json(sink.events().getLast()).at("/error/type").asText()).isEqualTo("api_error");
        assertThat(json(sink.events().getLast()).at("/error/message").asText()).contains("ended unexpectedly");
    }

    @Test
    void aDatedSnapshotNameServesAsTheCatalogAliasesItAndNoOtherIsGuessed() {
        var response = buffered("""
                {"model":"claude-sonnet-4-5-20250929","max_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-model", "b/claude-sonnet-4-5");
        assertThat(anthropic.requests).hasSize(1);
        assertThat(recorded.getLast().requestedModel()).as("the name as sent").isEqualTo("claude-sonnet-4-5-20250929");

        var unknown = buffered("""
                {"model":"claude-sonnet-4-5-20991231","max_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""");
        assertThat(unknown.status()).as("a snapshot the catalog does not list").isEqualTo(404);
        assertThat(json(unknown.bodyText()).at("/error/message").asText()).contains("claude-sonnet-4-5-20991231");
        assertThat(anthropic.requests).hasSize(1);
    }

    @Test
    void errorsAreInAnthropicsShape() {
        var invalid = buffered("{\"model\":\"a/gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(json(invalid.bodyText())).isEqualTo(json("""
                {"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"},
                 "request_id":"%s"}""".formatted(invalid.headers().get("request-id"))));

        var unknown = buffered("{\"model\":\"nope\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(json(unknown.bodyText()).at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(json(unknown.bodyText()).get("type").asText()).isEqualTo("error");

        Caller onlyGpt = TestAccounts.caller(TestAccounts.allow("a/gpt"), null, null, null);
        var forbidden = (ApiResponse.Buffered) lifecycle.serve(messages, post("/v1/messages",
                "{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), onlyGpt);
        assertThat(forbidden.status()).as("the model exists but is not the caller's").isEqualTo(403);
        assertThat(json(forbidden.bodyText()).at("/error/type").asText()).isEqualTo("permission_error");
        assertThat(openai.requests).isEmpty();
        assertThat(anthropic.requests).isEmpty();
    }

    @Test
    void countTokensEstimatesPlansAndMetersNothing() {
        var counted = (ApiResponse.Buffered) messages.countTokens(post("/v1/messages/count_tokens", """
                {"model":"claude-sonnet-4-5-20250929","system":"You are a helpful assistant.",
                 "messages":[{"role":"user","content":"%s"}]}""".formatted("word ".repeat(400))), caller);
        assertThat(counted.status()).isEqualTo(200);
        long tokens = json(counted.bodyText()).get("input_tokens").asLong();
        // 2,000 + 28 characters at 4 a token, plus 3 a message
        assertThat(tokens).isEqualTo((2_028 + 3) / 4 + 6);
        assertThat(json(counted.bodyText()).size()).isEqualTo(1);
        assertThat(counted.headers()).containsEntry("x-gaterouter-model", "b/claude-sonnet-4-5");
        assertThat(recorded).isEmpty();
        assertThat(anthropic.requests).isEmpty();

        var withTools = (ApiResponse.Buffered) messages.countTokens(post("/v1/messages/count_tokens", """
                {"model":"a/gpt","messages":[{"role":"user","content":[{"type":"text","text":"x"},
                  {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}],
                 "tools":[{"name":"f","input_schema":{"type":"object"}}]}"""), caller);
        assertThat(json(withTools.bodyText()).get("input_tokens").asLong()).isGreaterThan(InputTokenEstimate.IMAGE + InputTokenEstimate.TOOL_PROMPT);

        Caller onlyGpt = TestAccounts.caller(TestAccounts.allow("a/gpt"), null, null, null);
        var refused = (ApiResponse.Buffered) messages.countTokens(post("/v1/messages/count_tokens",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), onlyGpt);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(json(refused.bodyText()).at("/error/type").asText()).isEqualTo("permission_error");
        var invalid = (ApiResponse.Buffered) messages.countTokens(post("/v1/messages/count_tokens", "{\"model\":\"a/gpt\"}"), caller);
        assertThat(json(invalid.bodyText()).at("/error/message").asText()).isEqualTo("messages: Field required");
    }

    @Test
    void aPdfCountsItsPages() {
        String pdf = java.util.Base64.getEncoder().encodeToString(
                "%PDF-1.4 1 0 obj <</Type /Pages /Count 2>> 2 0 obj <</Type /Page>> 3 0 obj <</Type/Page /Parent 1 0 R>>"
                        .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(InputTokenEstimate.pdfPages("data:application/pdf;base64," + pdf)).isEqualTo(2);
        assertThat(InputTokenEstimate.pdfPages("data:application/pdf;base64,!!!")).isEqualTo(1);
    }
}
