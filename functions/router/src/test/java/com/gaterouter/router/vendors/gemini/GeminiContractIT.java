package com.gaterouter.router.vendors.gemini;

import static com.gaterouter.router.vendors.JsonFixtures.json;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.KEY;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.model;
import static com.gaterouter.router.vendors.gemini.GeminiFixtures.reparse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure.Kind;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GeminiClient} against the vendor simulator's Gemini wire format: requests as Gemini
 * receives them, answers, streams, usage and faults, through real HTTP.
 */
class GeminiContractIT {

    private static final ModelSpec FLASH = model("gemini-2.5-flash", "tools", "vision", "json_schema", "reasoning");
    private static final VendorTimeouts TIMEOUTS = new VendorTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30));

    private static VendorSimulator sim;
    private static HttpClient http;
    private static GeminiClient client;

    @BeforeAll
    static void startSimulator() {
        // the simulator checks the key, so a wrong one really is refused
        sim = VendorSimulator.start(SimulatorConfig.defaults().withRequiredApiKey(Optional.of(KEY)));
        http = HttpClient.newBuilder().connectTimeout(TIMEOUTS.connect()).build();
        client = new GeminiClient(VendorHttpClients.fixed(http), TIMEOUTS);
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.faults().clear();
        sim.resetRecorded();
    }

    private static VendorCall call(String request) {
        return GeminiFixtures.call(FLASH, sim.geminiBaseUrl(), json(request));
    }

    private static VendorCall call(ObjectNode request) {
        return GeminiFixtures.call(FLASH, sim.geminiBaseUrl(), request);
    }

    private static VendorResult.Completed completed(VendorResult result) {
        assertThat(result).isInstanceOf(VendorResult.Completed.class);
        return (VendorResult.Completed) result;
    }

    private static RecordedRequest lastRequest() {
        return sim.requests(SimVendor.GEMINI).getLast();
    }

    /** What the simulator itself reports for a body, asked directly: the reference for usage. */
    private static JsonNode simulatorAnswer(String model, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(sim.geminiBaseUrl() + "/v1beta/models/" + model + ":generateContent"))
                .header("x-goog-api-key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static final String HELLO = """
            {"model":"gemini/gemini-2.5-flash","temperature":0.3,"max_completion_tokens":500,
             "messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello to the Gemini adapter"}]}""";

    @Test
    void completionCarriesTheReplyAndTheUsageTheSimulatorReported() throws Exception {
        VendorResult.Completed done = completed(client.complete(call(HELLO)));

        JsonNode choice = done.completion().path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).startsWith("Simulated reply to: Say hello to the Gemini adapter");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(done.completion().path("object").asText()).isEqualTo("chat.completion");

        JsonNode reported = simulatorAnswer("gemini-2.5-flash", lastRequest().body()).path("usageMetadata");
        long thoughts = reported.path("thoughtsTokenCount").asLong();
        assertThat(thoughts).as("a 2.5 model thinks").isPositive();
        assertThat(done.usage()).isEqualTo(new TokenUsage(reported.path("promptTokenCount").asLong(),
                reported.path("cachedContentTokenCount").asLong(0), 0,
                reported.path("candidatesTokenCount").asLong() + thoughts, thoughts));
        assertThat(done.completion().path("usage").path("total_tokens").asLong()).isEqualTo(reported.path("totalTokenCount").asLong());
        assertThat(OpenAiUsage.parse(done.completion().path("usage"))).isEqualTo(done.usage());
    }

    @Test
    void theRequestGeminiReceivesHasTheKeyInTheHeaderOnlyAndTheTranslatedBody() {
        completed(client.complete(call(HELLO)));

        RecordedRequest recorded = lastRequest();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/gemini/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(recorded.path()).doesNotContain("key=").doesNotContain(KEY);
        assertThat(recorded.header("x-goog-api-key")).contains("****" + KEY.substring(KEY.length() - 4));
        assertThat(recorded.header("authorization")).isEmpty();
        assertThat(reparse(recorded.bodyJson())).isEqualTo(json("""
                {"systemInstruction":{"parts":[{"text":"You are terse."}]},
                 "contents":[{"role":"user","parts":[{"text":"Say hello to the Gemini adapter"}]}],
                 "generationConfig":{"temperature":0.3,"maxOutputTokens":500}}"""));
    }

    @Test
    void streamRelaysRoleDeltasFinishAndUsageMatchingTheNonStreamAnswer() {
        VendorResult.Completed whole = completed(client.complete(call(HELLO)));
        ObjectNode streamRequest = json(HELLO).put("stream", true);
        List<ObjectNode> chunks = new ArrayList<>();

        StreamOutcome outcome = client.stream(call(streamRequest), chunks::add);

        assertThat(lastRequest().path()).isEqualTo("/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(outcome).isInstanceOf(StreamOutcome.Finished.class);
        assertThat(chunks.size()).isGreaterThan(4);
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        ObjectNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        ObjectNode usage = chunks.getLast();
        assertThat(usage.path("choices")).isEmpty();
        assertThat(OpenAiUsage.parse(usage.path("usage"))).isEqualTo(outcome.usage());
        StringBuilder content = new StringBuilder();
        for (ObjectNode chunk : chunks.subList(1, chunks.size() - 2)) {
            JsonNode choice = chunk.path("choices").get(0);
            assertThat(choice.path("finish_reason").isNull()).isTrue();
            content.append(choice.path("delta").path("content").asText());
        }
        assertThat(content.toString()).isEqualTo(whole.completion().path("choices").get(0).path("message").path("content").asText());
        assertThat(outcome.usage()).isEqualTo(whole.usage());
        assertThat(((StreamOutcome.Finished) outcome).firstChunkNanos()).isPositive();
    }

    @Test
    void toolCallsRoundTrip() {
        String tools = """
                "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["c","f"]}},
                                "required":["city"],"additionalProperties":false}}}]""";
        VendorResult.Completed first = completed(client.complete(call("""
                {"model":"m","messages":[{"role":"user","content":"What is the weather in Paris?"}],%s}""".formatted(tools))));

        JsonNode message = first.completion().path("choices").get(0).path("message");
        assertThat(first.completion().path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode toolCall = message.path("tool_calls").get(0);
        assertThat(toolCall.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(json(toolCall.path("function").path("arguments").asText()).path("city").asText()).isEqualTo("Paris");
        assertThat(lastRequest().bodyJson().path("tools").get(0).path("functionDeclarations").get(0).path("parameters").has("additionalProperties"))
                .isFalse();

        ObjectNode second = json("""
                {"model":"m","messages":[{"role":"user","content":"What is the weather in Paris?"}],%s}""".formatted(tools));
        second.withArray("messages").add(message.deepCopy());
        second.withArray("messages").addObject().put("role", "tool").put("tool_call_id", toolCall.path("id").asText())
                .put("content", "{\"temperature\":21,\"unit\":\"c\"}");
        VendorResult.Completed answer = completed(client.complete(call(second)));

        assertThat(answer.completion().path("choices").get(0).path("message").path("content").asText()).startsWith("Based on the tool result");
        assertThat(answer.completion().path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode contents = lastRequest().bodyJson().path("contents");
        assertThat(contents.get(1).path("role").asText()).isEqualTo("model");
        assertThat(reparse(contents.get(1).path("parts").get(0).path("functionCall").path("args"))).isEqualTo(json("{\"city\":\"Paris\"}"));
        assertThat(reparse(contents.get(2).path("parts").get(0))).isEqualTo(json("""
                {"functionResponse":{"name":"get_weather","response":{"temperature":21,"unit":"c"}}}"""));
    }

    @Test
    void aForcedToolCallStreamsAsOneToolCallDelta() {
        List<ObjectNode> chunks = new ArrayList<>();
        StreamOutcome outcome = client.stream(call("""
                {"model":"m","stream":true,"messages":[{"role":"user","content":"Time?"}],
                 "tool_choice":{"type":"function","function":{"name":"get_time"}},
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
                          {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}},"required":["zone"]}}}]}"""),
                chunks::add);

        assertThat(outcome).isInstanceOf(StreamOutcome.Finished.class);
        assertThat(reparse(lastRequest().bodyJson().path("toolConfig"))).isEqualTo(json("""
                {"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_time"]}}"""));
        JsonNode call = chunks.get(1).path("choices").get(0).path("delta").path("tool_calls").get(0);
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_time");
        assertThat(chunks.get(chunks.size() - 2).path("choices").get(0).path("finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void jsonSchemaOutputParsesAsTheRequestedObject() throws Exception {
        VendorResult.Completed done = completed(client.complete(call("""
                {"model":"m","messages":[{"role":"user","content":"Describe a person"}],"reasoning_effort":"low",
                 "response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,"schema":{
                   "type":"object","additionalProperties":false,"required":["name","age","tags"],
                   "properties":{"name":{"type":"string"},"age":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}}}}}}""")));

        JsonNode person = Json.MAPPER.readTree(done.completion().path("choices").get(0).path("message").path("content").asText());
        assertThat(person.isObject()).isTrue();
        assertThat(person.path("name").isTextual()).isTrue();
        assertThat(person.path("age").isIntegralNumber()).isTrue();
        assertThat(person.path("tags").isArray()).isTrue();
        JsonNode config = lastRequest().bodyJson().path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseSchema").has("additionalProperties")).isFalse();
        assertThat(config.path("thinkingConfig").path("thinkingBudget").asInt()).isEqualTo(1024);
    }

    @Test
    void rateLimitsCarryTheRetryDelay() {
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.RateLimited(Duration.ofSeconds(7)));

        VendorResult result = client.complete(call(HELLO));

        assertThat(result).isInstanceOfSatisfying(VendorResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(f.failure().vendorStatus()).isEqualTo(429);
            assertThat(f.failure().retryAfter()).contains(Duration.ofSeconds(7));
        });
    }

    @Test
    void serverErrorsAreRetryable() {
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.ServerError(500));
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.ServerError(503));

        for (int status : new int[] {500, 503}) {
            VendorResult result = client.complete(call(HELLO));
            assertThat(result).isInstanceOfSatisfying(VendorResult.Failed.class, f -> {
                assertThat(f.failure().kind()).isEqualTo(Kind.SERVER_ERROR);
                assertThat(f.failure().kind().retryable()).isTrue();
                assertThat(f.failure().vendorStatus()).isEqualTo(status);
            });
        }
    }

    @Test
    void malformedAnswersAreReportedAsSuch() {
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.MalformedJson(), 2);

        assertThat(client.complete(call(HELLO))).isInstanceOfSatisfying(VendorResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
        assertThat(client.stream(call(json(HELLO).put("stream", true)), chunk -> { }))
                .isInstanceOfSatisfying(StreamOutcome.FailedBeforeFirstChunk.class,
                        f -> assertThat(f.failure().kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
    }

    @Test
    void aRejectedKeyIsUnauthorized() {
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.Unauthorized());
        VendorCall wrongKey = new VendorCall(FLASH, GeminiFixtures.vendor(sim.geminiBaseUrl()), "AIzaSy-wrong", json(HELLO), "req-x");

        for (VendorCall call : List.of(call(HELLO), wrongKey)) {
            assertThat(client.complete(call)).isInstanceOfSatisfying(VendorResult.Failed.class, f -> {
                assertThat(f.failure().kind()).isEqualTo(Kind.UNAUTHORIZED);
                assertThat(f.failure().message()).doesNotContain("AIzaSy");
            });
        }
    }

    @Test
    void aVendorThatDoesNotAnswerWithinTheLimitIsATimeout() {
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.Timeout(Duration.ofSeconds(3)));
        // a buffered answer is bounded by the total limit: its headers come only with the whole answer
        GeminiClient impatient = new GeminiClient(VendorHttpClients.fixed(http), new VendorTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(500)));

        assertThat(impatient.complete(call(HELLO))).isInstanceOfSatisfying(VendorResult.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void aStreamCutAfterThreeFramesFailsMidStreamAndIsStillMetered() {
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.StreamCut(3));
        List<ObjectNode> chunks = new ArrayList<>();

        StreamOutcome outcome = client.stream(call(json(HELLO).put("stream", true)), chunks::add);

        assertThat(outcome).isInstanceOfSatisfying(StreamOutcome.FailedMidStream.class, cut -> {
            assertThat(cut.failure().kind().retryable()).isTrue();
            assertThat(cut.usage().completionTokens()).isPositive();
            assertThat(cut.usage().promptTokens()).isPositive();
        });
        assertThat(chunks).hasSize(4); // role + three content deltas
        assertThat(chunks).noneMatch(c -> c.has("usage"));
    }

    @Test
    void anErrorFrameBeforeAnyContentFailsBeforeTheFirstChunk() {
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.StreamError(0, 503));
        List<ObjectNode> chunks = new ArrayList<>();

        StreamOutcome outcome = client.stream(call(json(HELLO).put("stream", true)), chunks::add);

        assertThat(outcome).isInstanceOfSatisfying(StreamOutcome.FailedBeforeFirstChunk.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(Kind.SERVER_ERROR);
            assertThat(f.failure().vendorStatus()).isEqualTo(503);
        });
        assertThat(chunks).isEmpty();
    }

    @Test
    void anErrorFrameAfterContentFailsMidStream() {
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.StreamError(2, 429));

        StreamOutcome outcome = client.stream(call(json(HELLO).put("stream", true)), chunk -> { });

        assertThat(outcome).isInstanceOfSatisfying(StreamOutcome.FailedMidStream.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(f.usage().completionTokens()).isPositive();
        });
    }

    @Test
    void aClientThatGoesAwayEndsTheStreamWithTheUsageSoFar() {
        List<ObjectNode> chunks = new ArrayList<>();

        StreamOutcome outcome = client.stream(call(json(HELLO).put("stream", true)), chunk -> {
            chunks.add(chunk);
            if (chunks.size() == 3) {
                throw new IOException("client closed the connection");
            }
        });

        assertThat(outcome).isInstanceOfSatisfying(StreamOutcome.ClientGone.class, gone -> {
            assertThat(gone.usage().completionTokens()).isPositive();
            assertThat(gone.firstChunkNanos()).isPositive();
        });
        assertThat(chunks).hasSize(3);
    }

    @Test
    void aRequestGeminiRefusesIsABadRequestWithItsMessage() {
        VendorResult result = client.complete(call("""
                {"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]}"""));

        assertThat(result).isInstanceOfSatisfying(VendorResult.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(Kind.BAD_REQUEST);
            assertThat(f.failure().vendorStatus()).isEqualTo(400);
            assertThat(f.failure().message()).contains("max_output_tokens");
        });
    }
}
