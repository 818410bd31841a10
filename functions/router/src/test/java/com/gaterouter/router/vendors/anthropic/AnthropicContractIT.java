package com.gaterouter.router.vendors.anthropic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.JsonFixtures;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorHttpClients;
import com.gaterouter.router.vendors.VendorResult;
import com.gaterouter.router.vendors.VendorTimeouts;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.RecordedRequest;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import com.gaterouter.router.vendors.VendorApi;

/**
 * {@link AnthropicClient} against the vendor simulator, which speaks Anthropic's exact wire
 * format: what goes out, what comes back, streams, tool calls, prompt caching and every fault.
 */
class AnthropicContractIT {

    private static final String KEY = "sk-ant-contract-test-9876";
    private static final VendorTimeouts TIMEOUTS = new VendorTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Current weather for a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";

    private static VendorSimulator sim;
    private static HttpClient http;
    private static AnthropicClient client;
    private static VendorSpec vendor;

    @BeforeAll
    static void startSimulator() {
        sim = VendorSimulator.start(SimulatorConfig.defaults());
        http = HttpClient.newBuilder().connectTimeout(TIMEOUTS.connect()).build();
        client = new AnthropicClient(VendorHttpClients.fixed(http), TIMEOUTS);
        vendor = new VendorSpec("anthropic", VendorApi.ANTHROPIC_MESSAGES, sim.anthropicBaseUrl(), "anthropic",
                "ANTHROPIC_BASE_URL", "ANTHROPIC_API_KEY");
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void noFaults() {
        sim.faults().clear();
    }

    // ---------------------------------------------------------------- helpers

    private static VendorCall call(String request) {
        return new VendorCall(AnthropicTranslationTest.SONNET, vendor, KEY, JsonFixtures.json(request),
                "req-" + UUID.randomUUID());
    }

    private static VendorResult.Completed complete(String request) {
        VendorResult result = client.complete(call(request));
        assertThat(result).isInstanceOf(VendorResult.Completed.class);
        return (VendorResult.Completed) result;
    }

    private static VendorFailure completeFails(String request) {
        VendorResult result = client.complete(call(request));
        assertThat(result).isInstanceOf(VendorResult.Failed.class);
        return ((VendorResult.Failed) result).failure();
    }

    private record Streamed(List<ObjectNode> chunks, StreamOutcome outcome) {
        String content() {
            StringBuilder text = new StringBuilder();
            chunks.forEach(c -> text.append(c.path("choices").path(0).path("delta").path("content").asText("")));
            return text.toString();
        }
    }

    private static Streamed stream(String request) {
        List<ObjectNode> chunks = new ArrayList<>();
        StreamOutcome outcome = client.stream(call(request), chunks::add);
        return new Streamed(chunks, outcome);
    }

    private static String userPrompt(String text) {
        return """
                {"model":"anthropic/claude-sonnet-4-5","messages":[
                  {"role":"system","content":"You are a helpful assistant."},
                  {"role":"user","content":"%s"}]}""".formatted(text);
    }

    private static RecordedRequest lastRequest() {
        return sim.requests(SimVendor.ANTHROPIC).getLast();
    }

    // ---------------------------------------------------------------- completions

    @Test
    void completionAndUsageAreWhatTheSimulatorReported() throws Exception {
        VendorResult.Completed done = complete(userPrompt("Tell me about the gateway"));

        JsonNode completion = done.completion();
        assertThat(completion.get("id").asText()).startsWith("msg_");
        assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(completion.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(completion.at("/choices/0/message/content").asText()).startsWith("Simulated reply to: Tell me about the gateway");
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");

        // replay the exact body on the wire: the simulator is deterministic, so this is the usage it reported
        JsonNode raw = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.anthropicBaseUrl() + "/v1/messages"))
                .header("x-api-key", KEY).header("anthropic-version", "2023-06-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(lastRequest().body())).build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode u = raw.path("usage");
        long prompt = u.path("input_tokens").asLong() + u.path("cache_read_input_tokens").asLong() + u.path("cache_creation_input_tokens").asLong();
        assertThat(u.path("input_tokens").asLong()).isPositive();
        assertThat(done.usage()).isEqualTo(new TokenUsage(prompt, 0, 0, u.path("output_tokens").asLong(), 0));
        assertThat(completion.at("/usage/prompt_tokens").asLong()).isEqualTo(prompt);
        assertThat(completion.at("/usage/completion_tokens").asLong()).isEqualTo(u.path("output_tokens").asLong());
        assertThat(completion.at("/usage/total_tokens").asLong()).isEqualTo(prompt + u.path("output_tokens").asLong());
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo(raw.at("/content/0/text").asText());
    }

    @Test
    void theRequestOnTheWireHasAnthropicsHeadersAndShape() {
        complete("""
                {"model":"anthropic/claude-sonnet-4-5","models":["anthropic/claude-sonnet-4-5"],"seed":3,"n":1,"user":"u-1",
                 "max_completion_tokens":300,"temperature":0.5,"stop":["\\n\\nHuman:"],
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"},
                             {"role":"assistant","content":"Hi!"},{"role":"user","content":"How are you?"}]}""");

        RecordedRequest wire = lastRequest();
        assertThat(wire.method()).isEqualTo("POST");
        assertThat(wire.path()).isEqualTo("/anthropic/v1/messages");
        assertThat(wire.header("anthropic-version")).contains("2023-06-01");
        assertThat(wire.header("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(wire.header("x-api-key")).contains("****" + KEY.substring(KEY.length() - 4)); // recorded redacted
        assertThat(wire.header("authorization")).isEmpty();
        assertThat(JsonFixtures.canonical(wire.bodyJson())).isEqualTo(JsonFixtures.json("""
                {"model":"claude-sonnet-4-5","max_tokens":300,"system":"Be brief.",
                 "messages":[{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi!"},{"role":"user","content":"How are you?"}],
                 "temperature":0.5,"stop_sequences":["\\n\\nHuman:"],"metadata":{"user_id":"u-1"}}"""));
    }

    @Test
    void aRequestThatCannotBeTranslatedNeverReachesTheVendor() {
        int before = sim.requestCount(SimVendor.ANTHROPIC);

        VendorFailure failure = completeFails("""
                {"model":"m","messages":[{"role":"user","content":"q"},
                  {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{oops"}}]}]}""");

        assertThat(failure.kind()).isEqualTo(VendorFailure.Kind.BAD_REQUEST);
        assertThat(failure.message()).contains("messages[1].tool_calls[0].function.arguments");
        assertThat(sim.requestCount(SimVendor.ANTHROPIC)).isEqualTo(before);
    }

    // ---------------------------------------------------------------- streams

    @Test
    void aStreamIsRoleThenContentThenFinishThenUsageAndMatchesTheCompletion() {
        String request = userPrompt("Stream a story about routers [[sim:tokens=40]]");
        VendorResult.Completed done = complete(request);
        Streamed streamed = stream(request);

        assertThat(streamed.outcome()).isInstanceOf(StreamOutcome.Finished.class);
        List<ObjectNode> chunks = streamed.chunks();
        assertThat(chunks.size()).isGreaterThanOrEqualTo(5);
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        for (ObjectNode content : chunks.subList(1, chunks.size() - 2)) {
            assertThat(content.at("/choices/0/delta/content").asText()).isNotEmpty();
            assertThat(content.at("/choices/0/finish_reason").isNull()).isTrue();
        }
        ObjectNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        ObjectNode usage = chunks.getLast();
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage")).isEqualTo(done.completion().get("usage"));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("id")).isEqualTo(chunks.getFirst().get("id"));
            assertThat(c.get("created")).isEqualTo(chunks.getFirst().get("created"));
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
        });
        assertThat(chunks.getFirst().get("id").asText()).startsWith("msg_");

        assertThat(streamed.content()).isEqualTo(done.completion().at("/choices/0/message/content").asText());
        assertThat(streamed.outcome().usage()).isEqualTo(done.usage());
        assertThat(((StreamOutcome.Finished) streamed.outcome()).firstChunkNanos()).isPositive();
        assertThat(lastRequest().bodyJson().path("stream").asBoolean()).isTrue();
        assertThat(lastRequest().header("accept")).contains("text/event-stream");
    }

    // ---------------------------------------------------------------- tools

    @Test
    void toolCallRoundTrip() {
        String ask = """
                {"model":"m","tools":[%s],"tool_choice":"auto",
                 "messages":[{"role":"user","content":"What is the weather in Paris?"}]}""".formatted(WEATHER_TOOL);
        VendorResult.Completed first = complete(ask);

        JsonNode message = first.completion().at("/choices/0/message");
        assertThat(first.completion().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(message.get("content").isNull()).isTrue();
        JsonNode toolCall = message.at("/tool_calls/0");
        assertThat(toolCall.get("type").asText()).isEqualTo("function");
        assertThat(toolCall.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(JsonFixtures.json(toolCall.at("/function/arguments").asText()))
                .isEqualTo(JsonFixtures.json("{\"city\":\"Paris\"}"));
        assertThat(lastRequest().bodyJson().at("/tools/0/input_schema/required/0").asText()).isEqualTo("city");

        // send the tool's result back, as an OpenAI client would
        ObjectNode followUp = JsonFixtures.json(ask);
        ArrayNode messages = (ArrayNode) followUp.get("messages");
        messages.add(message.deepCopy());
        messages.addObject().put("role", "tool").put("tool_call_id", toolCall.get("id").asText()).put("content", "18°C and sunny");
        VendorResult.Completed second = complete(followUp.toString());

        assertThat(second.completion().at("/choices/0/message/content").asText()).contains("Based on the tool result: 18°C and sunny");
        assertThat(second.completion().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode wire = lastRequest().bodyJson().get("messages");
        assertThat(wire.at("/1/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(wire.at("/2/role").asText()).isEqualTo("user");
        assertThat(wire.at("/2/content/0/tool_use_id").asText()).isEqualTo(toolCall.get("id").asText());
    }

    @Test
    void streamedToolCallArgumentsReassembleToValidJson() {
        String ask = """
                {"model":"m","tools":[%s],"tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "messages":[{"role":"user","content":"Weather in Paris please"}]}""".formatted(WEATHER_TOOL);
        String expectedArguments = complete(ask).completion().at("/choices/0/message/tool_calls/0/function/arguments").asText();

        Streamed streamed = stream(ask);

        assertThat(streamed.outcome()).isInstanceOf(StreamOutcome.Finished.class);
        Map<Integer, StringBuilder> arguments = new TreeMap<>();
        Map<Integer, String> names = new TreeMap<>();
        String finish = null;
        for (ObjectNode chunk : streamed.chunks()) {
            for (JsonNode call : chunk.at("/choices/0/delta/tool_calls")) {
                int index = call.get("index").asInt();
                if (call.has("id")) {
                    names.put(index, call.at("/function/name").asText());
                }
                arguments.computeIfAbsent(index, i -> new StringBuilder()).append(call.at("/function/arguments").asText(""));
            }
            if (chunk.at("/choices/0/finish_reason").isTextual()) {
                finish = chunk.at("/choices/0/finish_reason").asText();
            }
        }
        assertThat(names).containsExactly(Map.entry(0, "get_weather"));
        assertThat(JsonFixtures.json(arguments.get(0).toString())).isEqualTo(JsonFixtures.json(expectedArguments));
        assertThat(finish).isEqualTo("tool_calls");
        assertThat(streamed.chunks().getFirst().at("/choices/0/delta/content").isNull()).isTrue();
        assertThat(lastRequest().bodyJson().get("tool_choice")).isEqualTo(JsonFixtures.json("{\"type\":\"tool\",\"name\":\"get_weather\"}"));
    }

    // ---------------------------------------------------------------- prompt caching

    @Test
    void cacheControlOnAPartWritesThenReadsAnthropicsPromptCache() {
        String request = """
                {"model":"m","messages":[
                  {"role":"system","content":[{"type":"text","text":"House rules %s: answer politely, cite the handbook, never guess.",
                                              "cache_control":{"type":"ephemeral"}}]},
                  {"role":"user","content":"Can I expense a taxi?"}]}""".formatted(UUID.randomUUID());

        TokenUsage write = complete(request).usage();
        TokenUsage read = stream(request).outcome().usage();

        assertThat(write.cacheWriteTokens()).isPositive();
        assertThat(write.cachedPromptTokens()).isZero();
        assertThat(read.cachedPromptTokens()).isEqualTo(write.cacheWriteTokens());
        assertThat(read.cacheWriteTokens()).isZero();
        assertThat(read.promptTokens()).isEqualTo(write.promptTokens()); // the same prompt, billed in other classes
        assertThat(lastRequest().bodyJson().at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
    }

    // ---------------------------------------------------------------- faults

    @Test
    void rateLimitedCarriesRetryAfter() {
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.RateLimited(Duration.ofSeconds(3)), 2);

        VendorFailure failure = completeFails(userPrompt("hi"));
        assertThat(failure.kind()).isEqualTo(VendorFailure.Kind.RATE_LIMITED);
        assertThat(failure.vendorStatus()).isEqualTo(429);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(3));

        StreamOutcome outcome = stream(userPrompt("hi")).outcome();
        VendorFailure streamed = ((StreamOutcome.FailedBeforeFirstChunk) outcome).failure();
        assertThat(streamed.kind()).isEqualTo(VendorFailure.Kind.RATE_LIMITED);
        assertThat(streamed.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void overloaded529IsARetryableServerError() {
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.ServerError(529));

        VendorFailure failure = completeFails(userPrompt("hi"));

        assertThat(failure.kind()).isEqualTo(VendorFailure.Kind.SERVER_ERROR);
        assertThat(failure.kind().retryable()).isTrue();
        assertThat(failure.vendorStatus()).isEqualTo(529);
        assertThat(failure.message()).contains("Overloaded");
    }

    @Test
    void malformedJsonIsAMalformedResponse() {
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.MalformedJson(), 2);

        assertThat(completeFails(userPrompt("hi")).kind()).isEqualTo(VendorFailure.Kind.MALFORMED_RESPONSE);
        Streamed streamed = stream(userPrompt("hi"));
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) streamed.outcome()).failure().kind())
                .isEqualTo(VendorFailure.Kind.MALFORMED_RESPONSE);
        assertThat(streamed.chunks()).isEmpty();
    }

    @Test
    void unauthorizedAndRejectedRequestsAreNotRetryable() {
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.Unauthorized());
        VendorFailure unauthorized = completeFails(userPrompt("hi"));
        assertThat(unauthorized.kind()).isEqualTo(VendorFailure.Kind.UNAUTHORIZED);
        assertThat(unauthorized.message()).doesNotContain(KEY);

        VendorFailure rejected = completeFails(userPrompt("hi [[sim:tokens=lots]]")); // the simulator's 400
        assertThat(rejected.kind()).isEqualTo(VendorFailure.Kind.BAD_REQUEST);
        assertThat(rejected.vendorStatus()).isEqualTo(400);
        assertThat(rejected.kind().retryable()).isFalse();
    }

    @Test
    void aSilentVendorTimesOut() {
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.Timeout(Duration.ofSeconds(3)));
        // a buffered answer is bounded by the total limit: its headers come only with the whole answer
        AnthropicClient impatient = new AnthropicClient(VendorHttpClients.fixed(http),
                new VendorTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(500)));

        VendorResult result = impatient.complete(call(userPrompt("hi")));

        assertThat(((VendorResult.Failed) result).failure().kind()).isEqualTo(VendorFailure.Kind.TIMEOUT);
    }

    @Test
    void aStreamCutAfterThreeChunksFailsMidStreamAndIsStillMetered() {
        TokenUsage full = complete(userPrompt("A long answer please")).usage();
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.StreamCut(3));

        Streamed streamed = stream(userPrompt("A long answer please"));

        StreamOutcome.FailedMidStream failed = (StreamOutcome.FailedMidStream) streamed.outcome();
        assertThat(failed.failure().kind().retryable()).isTrue();
        assertThat(streamed.chunks()).hasSize(4); // role + 3 content deltas
        assertThat(failed.usage().promptTokens()).isEqualTo(full.promptTokens()); // reported at message_start
        assertThat(failed.usage().completionTokens()).isPositive().isLessThan(full.completionTokens());
    }

    @Test
    void anInStreamErrorBeforeContentIsRetryableAndAfterContentIsMidStream() {
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.StreamError(0, 529));
        Streamed before = stream(userPrompt("hi"));

        VendorFailure failure = ((StreamOutcome.FailedBeforeFirstChunk) before.outcome()).failure();
        assertThat(before.chunks()).isEmpty();
        assertThat(failure.kind()).isEqualTo(VendorFailure.Kind.SERVER_ERROR);
        assertThat(failure.kind().retryable()).isTrue();
        assertThat(failure.message()).contains("overloaded_error");

        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.StreamError(2, 500));
        Streamed after = stream(userPrompt("hi"));

        StreamOutcome.FailedMidStream midStream = (StreamOutcome.FailedMidStream) after.outcome();
        assertThat(midStream.failure().kind()).isEqualTo(VendorFailure.Kind.SERVER_ERROR);
        assertThat(after.chunks()).hasSize(3);
        assertThat(midStream.usage().completionTokens()).isPositive();
    }

    @Test
    void aConsumerThatThrowsEndsTheStreamAsClientGone() {
        int[] delivered = {0};
        ChunkConsumer leavesAfterTwo = chunk -> {
            if (++delivered[0] == 2) {
                throw new IOException("client disconnected");
            }
        };

        StreamOutcome outcome = client.stream(call(userPrompt("Tell me everything [[sim:tokens=60]]")), leavesAfterTwo);

        StreamOutcome.ClientGone gone = (StreamOutcome.ClientGone) outcome;
        assertThat(delivered[0]).isEqualTo(2);
        assertThat(gone.usage().promptTokens()).isPositive();
        assertThat(gone.usage().completionTokens()).isPositive();
        assertThat(gone.firstChunkNanos()).isPositive();
    }
}
