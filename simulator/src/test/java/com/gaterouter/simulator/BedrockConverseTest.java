package com.gaterouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.EventStreamFrames.Message;
import com.gaterouter.simulator.bedrock.EventStreamCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Bedrock Runtime Converse and ConverseStream: wire format, event-stream framing, validation, faults, auth. */
class BedrockConverseTest extends SimulatorTestBase {

    private static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
    private static final String SIGV4 = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE1234/20261124/us-east-1/bedrock/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, Signature=" + "ab".repeat(32);
    private static final String[] SIGNED = {"Authorization", SIGV4, "X-Amz-Date", "20261124T000000Z"};
    private static final String WEATHER_TOOLS = """
            "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"Weather for a city",
              "inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}}]}""";

    static URI converse(VendorSimulator sim, String model, boolean stream) {
        String encoded = java.net.URLEncoder.encode(model, StandardCharsets.UTF_8);
        return URI.create(sim.bedrockBaseUrl() + "/model/" + encoded + (stream ? "/converse-stream" : "/converse"));
    }

    private static URI converse(boolean stream) {
        return converse(sim, MODEL, stream);
    }

    static String userText(String text) {
        return """
                {"messages":[{"role":"user","content":[{"text":%s}]}]}""".formatted(SimHttp.MAPPER.valueToTree(text));
    }

    private static String errorType(SimHttp.Reply reply) {
        String type = reply.header("x-amzn-ErrorType").orElse("");
        return type.contains(":") ? type.substring(0, type.indexOf(':')) : type;
    }

    // ------------------------------------------------------------ framing

    @Test
    void encoderMatchesTheAwsEventStreamTestVectors() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        byte[] oneHeader = EventStreamCodec.encode(headers, "{'foo':'bar'}".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(oneHeader)).isEqualTo("0000003d0000002007fd83960c636f6e74656e742d747970650700"
                + "106170706c69636174696f6e2f6a736f6e7b27666f6f273a27626172277d8d9c08b1");
        assertThat(HexFormat.of().formatHex(EventStreamCodec.encode(Map.of(), new byte[0])))
                .isEqualTo("000000100000000005c248eb7d98c8ff");
        assertThat(EventStreamFrames.decode(oneHeader)).singleElement()
                .satisfies(m -> assertThat(m.payloadText()).isEqualTo("{'foo':'bar'}"));
    }

    // ------------------------------------------------------------ converse

    @Test
    void converseAnswersWithMessageStopReasonUsageAndMetrics() {
        SimHttp.Reply reply = SimHttp.post(converse(false), userText("What is the capital of France?"), SIGNED);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("x-amzn-RequestId")).isPresent();
        JsonNode body = reply.json();
        JsonNode message = body.path("output").path("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("content").path(0).path("text").asText()).startsWith("Simulated reply to: What is the capital of France?");
        assertThat(body.path("stopReason").asText()).isEqualTo("end_turn");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("outputTokens").asInt()).isEqualTo(24);
        assertThat(usage.path("inputTokens").asInt()).isPositive();
        assertThat(usage.path("totalTokens").asInt()).isEqualTo(usage.path("inputTokens").asInt() + 24);
        assertThat(usage.has("cacheReadInputTokens")).as("no cachePoint, no cache fields").isFalse();
        assertThat(body.path("metrics").path("latencyMs").asLong()).isPositive();

        RecordedRequest recorded = sim.requests(SimVendor.BEDROCK).getLast();
        assertThat(recorded.path()).isEqualTo("/bedrock/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
        assertThat(recorded.header("authorization")).hasValue("AWS4-HMAC-SHA256 ****abab");
    }

    @Test
    void systemInferenceConfigAndStopSequences() {
        String body = """
                {"system":[{"text":"Be brief."}],"messages":[{"role":"user","content":[{"text":"hello [[sim:text=one two. three]]"}]}],
                 "inferenceConfig":{"maxTokens":100,"temperature":0.5,"topP":1,"stopSequences":["."]}}""";
        JsonNode stopped = SimHttp.post(converse(false), body).json();
        assertThat(stopped.path("output").path("message").path("content").path(0).path("text").asText()).isEqualTo("one two");
        assertThat(stopped.path("stopReason").asText()).isEqualTo("stop_sequence");

        JsonNode limited = SimHttp.post(converse(false), """
                {"messages":[{"role":"user","content":[{"text":"hi [[sim:tokens=50]]"}]}],"inferenceConfig":{"maxTokens":5}}""").json();
        assertThat(limited.path("stopReason").asText()).isEqualTo("max_tokens");
        assertThat(limited.path("usage").path("outputTokens").asInt()).isEqualTo(5);
    }

    // ------------------------------------------------------------ converse-stream

    @Test
    void converseStreamIsAnEventStreamThatAddsUpToTheNonStreamAnswer() {
        String body = userText("Tell me about Paris [[sim:tokens=20]]");
        JsonNode whole = SimHttp.post(converse(false), body).json();
        EventStreamFrames.Read read = EventStreamFrames.post(converse(true), body, SIGNED);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.error()).isEmpty();
        assertThat(read.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");

        List<Message> messages = read.messages();
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.header(":message-type")).isEqualTo("event");
            assertThat(m.header(":content-type")).isEqualTo("application/json");
            assertThat(m.json().path("p").asText()).as("Bedrock's padding field").isNotEmpty();
        });
        List<String> types = messages.stream().map(Message::eventType).distinct().toList();
        assertThat(types).containsExactly("messageStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata");
        assertThat(messages.getFirst().json().path("role").asText()).isEqualTo("assistant");
        String joined = read.events("contentBlockDelta").stream()
                .map(m -> m.json().path("delta").path("text").asText()).collect(Collectors.joining());
        assertThat(joined).isEqualTo(whole.path("output").path("message").path("content").path(0).path("text").asText());
        assertThat(read.events("contentBlockDelta")).hasSize(7); // 20 tokens, 3 per chunk
        assertThat(read.events("messageStop").getFirst().json().path("stopReason").asText()).isEqualTo("end_turn");
        JsonNode usage = read.events("metadata").getFirst().json().path("usage");
        assertThat(usage.path("inputTokens").asInt()).isEqualTo(whole.path("usage").path("inputTokens").asInt());
        assertThat(usage.path("outputTokens").asInt()).isEqualTo(20);
        assertThat(usage.path("totalTokens").asInt()).isEqualTo(whole.path("usage").path("totalTokens").asInt());
    }

    // ------------------------------------------------------------ tools

    @Test
    void toolUseThenToolResultRoundTrip() {
        String ask = """
                {"messages":[{"role":"user","content":[{"text":"Weather in Paris?"}]}],%s}""".formatted(WEATHER_TOOLS);
        JsonNode call = SimHttp.post(converse(false), ask).json();
        assertThat(call.path("stopReason").asText()).isEqualTo("tool_use");
        JsonNode toolUse = call.path("output").path("message").path("content").path(0).path("toolUse");
        assertThat(toolUse.path("toolUseId").asText()).startsWith("tooluse_");
        assertThat(toolUse.path("name").asText()).isEqualTo("get_weather");
        assertThat(toolUse.path("input").path("city").asText()).isEqualTo("Paris");

        EventStreamFrames.Read streamed = EventStreamFrames.post(converse(true), ask);
        JsonNode start = streamed.events("contentBlockStart").getFirst().json();
        assertThat(start.path("start").path("toolUse").path("name").asText()).isEqualTo("get_weather");
        String input = streamed.events("contentBlockDelta").stream()
                .map(m -> m.json().path("delta").path("toolUse").path("input").asText()).collect(Collectors.joining());
        assertThat(SimHttp.parse(input)).isEqualTo(toolUse.path("input"));
        assertThat(streamed.events("messageStop").getFirst().json().path("stopReason").asText()).isEqualTo("tool_use");

        String answer = """
                {"messages":[{"role":"user","content":[{"text":"Weather in Paris?"}]},
                  {"role":"assistant","content":[{"toolUse":{"toolUseId":"%s","name":"get_weather","input":{"city":"Paris"}}}]},
                  {"role":"user","content":[{"toolResult":{"toolUseId":"%1$s","content":[{"json":{"temp":21}}]}}]}],%s}"""
                .formatted(toolUse.path("toolUseId").asText(), WEATHER_TOOLS);
        JsonNode text = SimHttp.post(converse(false), answer).json();
        assertThat(text.path("stopReason").asText()).isEqualTo("end_turn");
        assertThat(text.path("output").path("message").path("content").path(0).path("text").asText())
                .startsWith("Based on the tool result: {\"temp\":21}");

        String forced = """
                {"messages":[{"role":"user","content":[{"text":"hi"}]}],"toolConfig":{"tools":[
                  {"toolSpec":{"name":"a","inputSchema":{"json":{"type":"object"}}}},
                  {"toolSpec":{"name":"b","inputSchema":{"json":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}}}}],
                  "toolChoice":{"tool":{"name":"b"}}}}""";
        JsonNode b = SimHttp.post(converse(false), forced).json().path("output").path("message").path("content").path(0).path("toolUse");
        assertThat(b.path("name").asText()).isEqualTo("b");
        assertThat(b.path("input").path("n").asInt()).isEqualTo(42);
    }

    // ------------------------------------------------------------ validation

    @Test
    void invalidConversationsAreValidationExceptions() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("""
                {"messages":[{"role":"assistant","content":[{"text":"hi"}]}]}""", "must start with a user message");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"a"}]},{"role":"user","content":[{"text":"b"}]}]}""", "alternate");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"  "}]}]}""", "is blank");
        cases.put("""
                {"messages":[{"role":"user","content":[]}]}""", "is empty");
        cases.put("""
                {"messages":[{"role":"system","content":[{"text":"a"}]}]}""", "enum value set: [user, assistant]");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"a"}]},
                  {"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"f","input":{}}}]},
                  {"role":"user","content":[{"toolResult":{"toolUseId":"t1","content":[{"text":"x"}]}}]}]}""", "toolConfig field must be defined");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"a"}]},
                  {"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"get_weather","input":{}}}]},
                  {"role":"user","content":[{"toolResult":{"toolUseId":"t2","content":[{"text":"x"}]}}]}],%s}""".formatted(WEATHER_TOOLS),
                "no corresponding toolUse");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"a"}]},
                  {"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"get_weather","input":{}}}]},
                  {"role":"user","content":[{"text":"x"}]}],%s}""".formatted(WEATHER_TOOLS), "Expected toolResult blocks at messages.2.content");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"a"}]}],"inferenceConfig":{"temperature":1.5}}""", "inferenceConfig.temperature");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"a"}]}],"inferenceConfig":{"maxTokens":0}}""", "inferenceConfig.maxTokens");
        cases.put("""
                {"messages":[{"role":"user","content":[{"image":{"format":"bmp","source":{"bytes":"AAAA"}}}]}]}""", "format");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"a"}]}],"temperature":0.2}""", "Unexpected field 'temperature'");
        cases.put("""
                {"messages":[{"role":"user","content":[{"text":"a"}]}],"toolConfig":{"tools":[]}}""", "toolConfig.tools");
        cases.put("{not json", "Malformed input request");
        cases.forEach((body, expected) -> {
            SimHttp.Reply reply = SimHttp.post(converse(false), body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(errorType(reply)).as(body).isEqualTo("ValidationException");
            assertThat(reply.header("x-amzn-ErrorType").orElseThrow()).contains(":http://internal.amazon.com/coral/");
            assertThat(reply.json().path("message").asText()).as(body).contains(expected);
        });
    }

    @Test
    void routingErrorsAndEncodedModelIds() {
        SimHttp.Reply unknown = SimHttp.post(URI.create(sim.bedrockBaseUrl() + "/model/x/invoke-with-magic"), userText("hi"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(errorType(unknown)).isEqualTo("UnknownOperationException");
        assertThat(SimHttp.get(converse(false)).status()).isEqualTo(405);

        String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0";
        assertThat(SimHttp.post(converse(sim, arn, false), userText("hi")).status()).isEqualTo(200);
        assertThat(sim.requests(SimVendor.BEDROCK).getLast().path()).contains("inference-profile%2Fus.anthropic");
    }

    // ------------------------------------------------------------ prompt caching

    @Test
    void cachePointsWriteThenReadThePrefix() {
        String body = """
                {"system":[{"text":"You are a meticulous assistant for cache tests %s."},{"cachePoint":{"type":"default"}}],
                 "messages":[{"role":"user","content":[{"text":"hello"}]}]}""".formatted(System.nanoTime());
        JsonNode first = SimHttp.post(converse(false), body).json().path("usage");
        JsonNode second = SimHttp.post(converse(false), body).json().path("usage");
        int written = first.path("cacheWriteInputTokens").asInt();
        assertThat(written).isPositive();
        assertThat(first.path("cacheReadInputTokens").asInt()).isZero();
        assertThat(second.path("cacheReadInputTokens").asInt()).isEqualTo(written);
        assertThat(second.path("cacheWriteInputTokens").asInt()).isZero();
        assertThat(second.path("inputTokens").asInt()).isEqualTo(first.path("inputTokens").asInt());
        assertThat(first.path("totalTokens").asInt()).isEqualTo(first.path("inputTokens").asInt() + written + first.path("outputTokens").asInt());
    }

    // ------------------------------------------------------------ faults

    @Test
    void queuedFaultsAreAwsErrors() {
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.RateLimited(Duration.ofSeconds(2)));
        SimHttp.Reply throttled = SimHttp.post(converse(false), userText("hi"));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(errorType(throttled)).isEqualTo("ThrottlingException");
        assertThat(throttled.header("retry-after")).hasValue("2");
        assertThat(throttled.json().path("message").asText()).contains("Too many requests");
        assertThat(SimHttp.post(converse(false), userText("hi")).status()).as("consumed").isEqualTo(200);

        Map<Fault, String> expected = new LinkedHashMap<>();
        expected.put(new Fault.ServerError(500), "500 InternalServerException");
        expected.put(new Fault.ServerError(503), "503 ServiceUnavailableException");
        expected.put(new Fault.ServerError(529), "503 ServiceUnavailableException");
        expected.put(new Fault.ServerError(504), "408 ModelTimeoutException");
        expected.put(new Fault.Unauthorized(), "403 UnrecognizedClientException");
        expected.forEach((fault, statusAndType) -> {
            sim.faults().enqueue(SimVendor.BEDROCK, fault);
            SimHttp.Reply reply = SimHttp.post(converse(false), userText("hi"));
            assertThat(reply.status() + " " + errorType(reply)).as(fault.toString()).isEqualTo(statusAndType);
            assertThat(reply.json().path("message").asText()).isNotBlank();
        });
    }

    @Test
    void malformedAndCutAnswers() {
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.MalformedJson());
        SimHttp.Reply malformed = SimHttp.post(converse(false), userText("hi"));
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(SimHttp.isJson(malformed.body())).isFalse();

        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.MalformedJson());
        EventStreamFrames.Read badEvent = EventStreamFrames.post(converse(true), userText("hi"));
        assertThat(badEvent.error()).isEmpty();
        List<Message> messages = badEvent.messages(); // CRCs still check out: only one payload is broken
        assertThat(messages.stream().filter(m -> !SimHttp.isJson(m.payloadText()))).hasSize(1);
        assertThat(badEvent.events("metadata")).hasSize(1);

        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.StreamCut(2));
        EventStreamFrames.Read cut = EventStreamFrames.post(converse(true), userText("hi"));
        assertThat(cut.status()).isEqualTo(200);
        assertThat(cut.error()).as("the client sees a broken stream").isPresent();
        assertThat(cut.events("contentBlockDelta")).hasSize(2);
        assertThat(cut.events("messageStop")).isEmpty();
        assertThat(cut.events("metadata")).isEmpty();

        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.StreamCut(1));
        EventStreamFrames.Read cutBody = EventStreamFrames.post(converse(false), userText("hi"));
        assertThat(cutBody.error()).isPresent();
    }

    @Test
    void inStreamErrorsAreExceptionMessages() {
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.StreamError(1, 429));
        EventStreamFrames.Read read = EventStreamFrames.post(converse(true), userText("hi"));
        assertThat(read.error()).isEmpty();
        Message last = read.messages().getLast();
        assertThat(last.header(":message-type")).isEqualTo("exception");
        assertThat(last.header(":exception-type")).isEqualTo("throttlingException");
        assertThat(last.json().path("message").asText()).isNotBlank();
        assertThat(read.events("contentBlockDelta")).hasSize(1);

        SimHttp.Reply nonStream = SimHttp.post(converse(false), userText("hi [[sim:fault=stream_error,status=500]]"));
        assertThat(nonStream.status()).isEqualTo(500);
        assertThat(errorType(nonStream)).isEqualTo("InternalServerException");
    }

    @Test
    void inBandDirectivesWork() {
        assertThat(SimHttp.post(converse(false), userText("x [[sim:fault=rate_limit,retry_after=3]]")).header("retry-after")).hasValue("3");
        String once = userText("retry me [[sim:fault=server_error,status=503,times=1]]");
        assertThat(SimHttp.post(converse(false), once).status()).isEqualTo(503);
        assertThat(SimHttp.post(converse(false), once).status()).isEqualTo(200);
        assertThat(SimHttp.post(converse(false), userText("x [[sim:fault=overloaded,vendor=openai]]")).status()).isEqualTo(200);
        EventStreamFrames.Read cut = EventStreamFrames.post(converse(true), userText("x [[sim:fault=stream_cut,after=3]]"));
        assertThat(cut.error()).isPresent();
        assertThat(cut.events("contentBlockDelta")).hasSize(3);
        long start = System.nanoTime();
        assertThat(EventStreamFrames.post(converse(true), userText("x [[sim:fault=timeout,ms=150]]")).error()).isPresent();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(140);
        assertThat(SimHttp.post(converse(false), userText("x [[sim:tokens=7]]")).json().path("usage").path("outputTokens").asInt())
                .isEqualTo(7);
        assertThat(SimHttp.post(converse(false), userText("x [[sim:fault=meteor]]")).status()).isEqualTo(400);
    }

    // ------------------------------------------------------------ credentials

    @Test
    void signaturesMustBeScopedToBedrock() {
        String wrongService = SIGV4.replace("/bedrock/", "/bedrock-runtime/");
        SimHttp.Reply reply = SimHttp.post(converse(false), userText("hi"), "Authorization", wrongService, "X-Amz-Date", "20261124T000000Z");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(errorType(reply)).isEqualTo("InvalidSignatureException");
        SimHttp.Reply noDate = SimHttp.post(converse(false), userText("hi"), "Authorization", SIGV4);
        assertThat(errorType(noDate)).isEqualTo("IncompleteSignatureException");
    }

    @Test
    void requiredKeyIsTheBearerTokenOrTheSigV4AccessKeyId() {
        try (VendorSimulator keyed = VendorSimulator.start(SimulatorConfig.defaults().withRequiredApiKey(Optional.of("AKIDEXAMPLE1234")))) {
            URI uri = converse(keyed, MODEL, false);
            assertThat(SimHttp.post(uri, userText("hi"), SIGNED).status()).isEqualTo(200);
            assertThat(SimHttp.post(uri, userText("hi"), "Authorization", "Bearer AKIDEXAMPLE1234").status()).isEqualTo(200);
            SimHttp.Reply wrong = SimHttp.post(uri, userText("hi"), "Authorization", SIGV4.replace("AKIDEXAMPLE1234", "AKIDOTHER"),
                    "X-Amz-Date", "20261124T000000Z");
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(errorType(wrong)).isEqualTo("UnrecognizedClientException");
            SimHttp.Reply missing = SimHttp.post(uri, userText("hi"));
            assertThat(missing.status()).isEqualTo(403);
            assertThat(errorType(missing)).isEqualTo("MissingAuthenticationTokenException");
            assertThat(keyed.requests(SimVendor.BEDROCK)).allSatisfy(r ->
                    assertThat(r.header("authorization").orElse("")).doesNotContain("AKIDEXAMPLE1234"));
        }
    }
}
