package com.gaterouter.router.vendors.bedrock;

import static com.gaterouter.router.vendors.JsonFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorResult;
import com.gaterouter.router.vendors.VendorTimeouts;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.RecordedRequest;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import com.gaterouter.router.vendors.VendorApi;

/**
 * {@link BedrockClient} against the vendor simulator's Bedrock Runtime: the SDK's sync
 * client for {@code converse}, SigV4-signed {@code java.net.http} and the SDK's event-stream
 * decoder for {@code converse-stream}, static test credentials.
 */
class BedrockContractIT {

    private static final String ACCESS_KEY = "AKIDGATEROUTERTEST";
    private static final String UPSTREAM = "anthropic.claude-3-5-haiku-20241022-v1:0";
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "test-secret-key"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ModelSpec MODEL = new ModelSpec("bedrock/claude-3-5-haiku", "bedrock", UPSTREAM, 200_000, 8192,
            Set.of("tools", "vision"), List.of(), List.of(new ModelPrice(LocalDate.of(2024, 11, 4), 800_000, 80_000, 1_000_000, 4_000_000)));
    private static final String WEATHER_TOOL = """
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

    private static VendorSimulator sim;
    private static BedrockClient client;

    @BeforeAll
    static void start() {
        sim = VendorSimulator.start(SimulatorConfig.defaults().withRequiredApiKey(Optional.of(ACCESS_KEY)));
        client = new BedrockClient(HTTP, new VendorTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(10)), CREDENTIALS, Region.US_EAST_1);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.faults().clear();
        sim.resetRecorded();
    }

    private static VendorCall call(String request) {
        VendorSpec vendor = new VendorSpec("bedrock", VendorApi.BEDROCK_CONVERSE, sim.bedrockBaseUrl(), "bedrock", null, null);
        // Bedrock has no API key: whatever the core passes is ignored
        return new VendorCall(MODEL, vendor, "", json(request), "req-" + System.nanoTime());
    }

    private static VendorCall ask(String text) {
        return call("""
                {"model":"bedrock/claude-3-5-haiku","messages":[{"role":"system","content":"Be brief."},
                 {"role":"user","content":%s}],"max_tokens":200,"temperature":1.4}""".formatted(Json.MAPPER.valueToTree(text)));
    }

    private static VendorResult.Completed completed(VendorResult result) {
        assertThat(result).isInstanceOf(VendorResult.Completed.class);
        return (VendorResult.Completed) result;
    }

    private static VendorFailure failure(VendorResult result) {
        assertThat(result).isInstanceOf(VendorResult.Failed.class);
        return ((VendorResult.Failed) result).failure();
    }

    /** Collects chunks; can be told to fail like a client that went away. */
    private static final class Chunks implements ChunkConsumer {
        final List<ObjectNode> chunks = new ArrayList<>();
        int failAt = -1;

        @Override
        public void onChunk(ObjectNode chunk) throws IOException {
            if (chunks.size() == failAt) {
                throw new IOException("client went away");
            }
            chunks.add(chunk);
        }

        List<JsonNode> deltas() {
            return chunks.stream().filter(c -> !c.path("choices").isEmpty()).map(c -> c.path("choices").path(0).path("delta")).toList();
        }

        String content() {
            return deltas().stream().map(d -> d.path("content").asText("")).collect(Collectors.joining());
        }
    }

    // ------------------------------------------------------------ converse

    @Test
    void nonStreamReplyAndUsageThroughTheSdkClient() {
        VendorResult.Completed done = completed(client.complete(ask("What is the capital of France?")));
        JsonNode completion = done.completion();
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asText()).startsWith("chatcmpl-");
        JsonNode choice = completion.path("choices").path(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).startsWith("Simulated reply to: What is the capital of France?");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(done.usage().completionTokens()).isEqualTo(24);
        assertThat(done.usage().promptTokens()).isPositive();
        assertThat(done.usage().cachedPromptTokens()).isZero();
        assertThat(completion.path("usage").path("prompt_tokens").asLong()).isEqualTo(done.usage().promptTokens());
        assertThat(completion.path("usage").path("completion_tokens").asLong()).isEqualTo(24);

        RecordedRequest recorded = sim.requests(SimVendor.BEDROCK).getLast();
        assertThat(sim.requestCount(SimVendor.BEDROCK)).isEqualTo(1);
        assertThat(recorded.path()).isEqualTo("/bedrock/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse");
        assertThat(recorded.header("authorization")).hasValueSatisfying(a -> assertThat(a).startsWith("AWS4-HMAC-SHA256"));
        assertThat(recorded.header("x-amz-date")).isPresent();
        JsonNode body = recorded.bodyJson();
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(0).path("content").path(0).path("text").asText()).isEqualTo("What is the capital of France?");
        assertThat(body.path("system").path(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(200);
        assertThat(body.path("inferenceConfig").path("temperature").asDouble()).isEqualTo(1.0);
        assertThat(body.has("model")).isFalse();
    }

    @Test
    void streamGivesRoleDeltasFinishAndUsageMatchingTheNonStreamAnswer() {
        VendorResult.Completed whole = completed(client.complete(ask("Tell me about Lisbon [[sim:tokens=30]]")));
        Chunks chunks = new Chunks();
        StreamOutcome outcome = client.stream(ask("Tell me about Lisbon [[sim:tokens=30]]"), chunks);

        assertThat(outcome).isInstanceOf(StreamOutcome.Finished.class);
        List<ObjectNode> all = chunks.chunks;
        assertThat(all).allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(all.getFirst().path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
        ObjectNode finish = all.get(all.size() - 2);
        assertThat(finish.path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        ObjectNode usageChunk = all.getLast();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("completion_tokens").asLong()).isEqualTo(30);
        assertThat(all.subList(1, all.size() - 2)).hasSize(10) // 30 tokens, 3 per event
                .allSatisfy(c -> assertThat(c.path("choices").path(0).path("finish_reason").isNull()).isTrue());
        assertThat(chunks.content()).isEqualTo(whole.completion().path("choices").path(0).path("message").path("content").asText());
        assertThat(outcome.usage()).isEqualTo(whole.usage());

        RecordedRequest recorded = sim.requests(SimVendor.BEDROCK).getLast();
        assertThat(recorded.path()).isEqualTo("/bedrock/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream");
        assertThat(recorded.header("authorization")).hasValueSatisfying(a -> assertThat(a).startsWith("AWS4-HMAC-SHA256"));
        assertThat(recorded.header("accept")).hasValue(BedrockClient.EVENT_STREAM);
        assertThat(recorded.bodyJson()).isEqualTo(sim.requests(SimVendor.BEDROCK).getFirst().bodyJson());
    }

    @Test
    void wrongCredentialsAreUnauthorizedOnBothPaths() {
        BedrockClient stranger = new BedrockClient(HTTP, VendorTimeouts.DEFAULT,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSOMEONEELSE", "x")), Region.US_EAST_1);
        VendorFailure sync = failure(stranger.complete(ask("hi")));
        assertThat(sync.kind()).isEqualTo(VendorFailure.Kind.UNAUTHORIZED);
        assertThat(sync.vendorStatus()).isEqualTo(403);
        StreamOutcome streamed = stranger.stream(ask("hi"), new Chunks());
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) streamed).failure().kind()).isEqualTo(VendorFailure.Kind.UNAUTHORIZED);

        BedrockClient noCredentials = new BedrockClient(HTTP, VendorTimeouts.DEFAULT, () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }, Region.US_EAST_1);
        assertThat(failure(noCredentials.complete(ask("hi"))).kind()).isEqualTo(VendorFailure.Kind.UNAUTHORIZED);
        assertThat(sim.requestCount(SimVendor.BEDROCK)).as("no request without credentials").isEqualTo(2);
    }

    // ------------------------------------------------------------ tools

    @Test
    void toolCallRoundTrip() {
        String question = """
                {"model":"m","messages":[{"role":"user","content":"Weather in Paris?"}],%s,"tool_choice":"required"}""".formatted(WEATHER_TOOL);
        VendorResult.Completed called = completed(client.complete(call(question)));
        JsonNode message = called.completion().path("choices").path(0).path("message");
        assertThat(called.completion().path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(message.path("content").isNull()).isTrue();
        JsonNode toolCall = message.path("tool_calls").path(0);
        assertThat(toolCall.path("id").asText()).startsWith("tooluse_");
        assertThat(toolCall.path("type").asText()).isEqualTo("function");
        assertThat(toolCall.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(toolCall.path("function").path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(sim.requests(SimVendor.BEDROCK).getLast().bodyJson().path("toolConfig").path("toolChoice").has("any")).isTrue();

        Chunks chunks = new Chunks();
        assertThat(client.stream(call(question), chunks)).isInstanceOf(StreamOutcome.Finished.class);
        List<JsonNode> calls = chunks.deltas().stream().filter(d -> d.has("tool_calls")).map(d -> d.path("tool_calls").path(0)).toList();
        assertThat(calls.getFirst().path("id").asText()).startsWith("tooluse_");
        assertThat(calls.getFirst().path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(calls).allSatisfy(c -> assertThat(c.path("index").asInt()).isZero());
        assertThat(calls.stream().map(c -> c.path("function").path("arguments").asText()).collect(Collectors.joining()))
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(chunks.chunks.get(chunks.chunks.size() - 2).path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");

        String answer = """
                {"model":"m","messages":[{"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"%s","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"%1$s","content":"{\\"temp_c\\":21}"}],%s}"""
                .formatted(toolCall.path("id").asText(), WEATHER_TOOL);
        VendorResult.Completed text = completed(client.complete(call(answer)));
        assertThat(text.completion().path("choices").path(0).path("message").path("content").asText())
                .startsWith("Based on the tool result: {\"temp_c\":21}");
        JsonNode sent = sim.requests(SimVendor.BEDROCK).getLast().bodyJson().path("messages");
        assertThat(sent.path(1).path("content").path(0).path("toolUse").path("input").path("city").asText()).isEqualTo("Paris");
        assertThat(sent.path(2).path("role").asText()).isEqualTo("user");
        assertThat(sent.path(2).path("content").path(0).path("toolResult").path("content").path(0).path("json").path("temp_c").asInt())
                .isEqualTo(21);
    }

    // ------------------------------------------------------------ faults

    @Test
    void throttlingIsRateLimitedWithOneAttemptAndARetrySucceeds() {
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.RateLimited(Duration.ofSeconds(1)));
        VendorFailure throttled = failure(client.complete(ask("hi")));
        assertThat(throttled.kind()).isEqualTo(VendorFailure.Kind.RATE_LIMITED);
        assertThat(throttled.vendorStatus()).isEqualTo(429);
        assertThat(throttled.retryAfter()).hasValue(Duration.ofSeconds(1));
        assertThat(throttled.message()).contains("ThrottlingException").contains("Too many requests");
        assertThat(sim.requestCount(SimVendor.BEDROCK)).as("the SDK must not retry by itself").isEqualTo(1);
        completed(client.complete(ask("hi")));

        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.RateLimited(Duration.ofSeconds(2)));
        StreamOutcome streamed = client.stream(ask("hi"), new Chunks());
        VendorFailure streamFailure = ((StreamOutcome.FailedBeforeFirstChunk) streamed).failure();
        assertThat(streamFailure.kind()).isEqualTo(VendorFailure.Kind.RATE_LIMITED);
        assertThat(streamFailure.retryAfter()).hasValue(Duration.ofSeconds(2));
        assertThat(client.stream(ask("hi"), new Chunks())).isInstanceOf(StreamOutcome.Finished.class);
    }

    @Test
    void serverErrorsAndModelTimeouts() {
        for (boolean stream : new boolean[] {false, true}) {
            sim.faults().enqueue(SimVendor.BEDROCK, new Fault.ServerError(500))
                    .enqueue(SimVendor.BEDROCK, new Fault.ServerError(503))
                    .enqueue(SimVendor.BEDROCK, new Fault.ServerError(504));
            List<VendorFailure> failures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                failures.add(stream ? ((StreamOutcome.FailedBeforeFirstChunk) client.stream(ask("hi"), new Chunks())).failure()
                        : failure(client.complete(ask("hi"))));
            }
            assertThat(failures).extracting(VendorFailure::kind).as(stream ? "stream" : "converse").containsExactly(
                    VendorFailure.Kind.SERVER_ERROR, VendorFailure.Kind.SERVER_ERROR, VendorFailure.Kind.TIMEOUT);
            assertThat(failures).extracting(VendorFailure::vendorStatus).containsExactly(500, 503, 408);
        }
    }

    @Test
    void malformedAnswers() {
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.MalformedJson());
        assertThat(failure(client.complete(ask("hi"))).kind()).isEqualTo(VendorFailure.Kind.MALFORMED_RESPONSE);

        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.MalformedJson());
        StreamOutcome streamed = client.stream(ask("hi"), new Chunks());
        // the broken payload is the first content event: nothing reached the client yet
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) streamed).failure().kind()).isEqualTo(VendorFailure.Kind.MALFORMED_RESPONSE);

        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.StreamCut(1));
        assertThat(failure(client.complete(ask("hi"))).kind()).as("a cut JSON body").isIn(
                VendorFailure.Kind.CONNECTION, VendorFailure.Kind.MALFORMED_RESPONSE);
    }

    @Test
    void aCutStreamFailsMidStreamAndIsStillMetered() {
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.StreamCut(3));
        Chunks chunks = new Chunks();
        StreamOutcome outcome = client.stream(ask("Tell me a story [[sim:tokens=40]]"), chunks);
        assertThat(outcome).isInstanceOf(StreamOutcome.FailedMidStream.class);
        StreamOutcome.FailedMidStream cut = (StreamOutcome.FailedMidStream) outcome;
        assertThat(cut.failure().kind()).isEqualTo(VendorFailure.Kind.CONNECTION);
        assertThat(chunks.deltas()).hasSize(4); // role + 3 content events
        assertThat(cut.usage().promptTokens()).isPositive();
        assertThat(cut.usage().completionTokens()).isPositive();
        assertThat(cut.firstChunkNanos()).isPositive();
    }

    @Test
    void inStreamExceptions() {
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.StreamError(2, 429));
        StreamOutcome mid = client.stream(ask("hi"), new Chunks());
        assertThat(mid).isInstanceOf(StreamOutcome.FailedMidStream.class);
        assertThat(((StreamOutcome.FailedMidStream) mid).failure().kind()).isEqualTo(VendorFailure.Kind.RATE_LIMITED);
        assertThat(mid.usage().totalTokens()).isPositive();

        // an exception before any content (Bedrock throttles inside the stream): nothing was relayed, so it can be retried
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.StreamError(0, 503));
        Chunks none = new Chunks();
        StreamOutcome early = client.stream(ask("hi"), none);
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) early).failure().kind()).isEqualTo(VendorFailure.Kind.SERVER_ERROR);
        assertThat(none.chunks).isEmpty();
    }

    @Test
    void aClientThatGoesAwayEndsTheStream() {
        Chunks leaving = new Chunks();
        leaving.failAt = 3;
        StreamOutcome outcome = client.stream(ask("Tell me a long story [[sim:tokens=60]]"), leaving);
        assertThat(outcome).isInstanceOf(StreamOutcome.ClientGone.class);
        assertThat(leaving.chunks).hasSize(3);
        assertThat(outcome.usage().promptTokens()).isPositive();
        assertThat(outcome.usage().completionTokens()).isPositive();
    }

    @Test
    void timeLimits() {
        BedrockClient impatient = new BedrockClient(HTTP, new VendorTimeouts(Duration.ofSeconds(1),
                Duration.ofMillis(400), Duration.ofSeconds(5)), CREDENTIALS, Region.US_EAST_1);
        sim.faults().enqueue(SimVendor.BEDROCK, new Fault.Timeout(Duration.ofMillis(1500)), 2);
        assertThat(failure(impatient.complete(ask("hi"))).kind()).isEqualTo(VendorFailure.Kind.TIMEOUT);
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) impatient.stream(ask("hi"), new Chunks())).failure().kind())
                .isEqualTo(VendorFailure.Kind.TIMEOUT);

        // headers and messageStart at once, then nothing for 1.5 s: the first-chunk deadline ends it
        long start = System.nanoTime();
        StreamOutcome stalled = impatient.stream(ask("slow [[sim:ttft_ms=1500]]"), new Chunks());
        assertThat(((StreamOutcome.FailedBeforeFirstChunk) stalled).failure().kind()).isEqualTo(VendorFailure.Kind.TIMEOUT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1400);
    }

    // ------------------------------------------------------------ requests Bedrock cannot take

    @Test
    void untranslatableRequestsFailBeforeAnyCall() {
        VendorCall imageUrl = call("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}""");
        assertThat(client.unsupportedParameters(imageUrl.request())).containsExactly("messages[0].content[1].image_url");
        VendorFailure failure = failure(client.complete(imageUrl));
        assertThat(failure.kind()).isEqualTo(VendorFailure.Kind.BAD_REQUEST);
        assertThat(failure.message()).contains("messages[0].content[1].image_url");
        assertThat(sim.requestCount(SimVendor.BEDROCK)).isZero();

        VendorCall dataUrl = call("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""");
        assertThat(client.unsupportedParameters(dataUrl.request())).isEmpty();
        completed(client.complete(dataUrl));
        assertThat(sim.requests(SimVendor.BEDROCK).getLast().bodyJson().path("messages").path(0).path("content").path(1)
                .path("image").path("format").asText()).isEqualTo("png");
    }

    @Test
    void bedrockValidationErrorsAreBadRequests() {
        // a conversation Bedrock refuses (it must start with a user turn): relayed as BAD_REQUEST, not retried
        VendorCall assistantFirst = call("""
                {"model":"m","messages":[{"role":"assistant","content":"Hello!"},{"role":"user","content":"hi"}]}""");
        VendorFailure sync = failure(client.complete(assistantFirst));
        assertThat(sync.kind()).isEqualTo(VendorFailure.Kind.BAD_REQUEST);
        assertThat(sync.vendorStatus()).isEqualTo(400);
        assertThat(sync.message()).contains("ValidationException").contains("must start with a user message");
        VendorFailure streamed = ((StreamOutcome.FailedBeforeFirstChunk) client.stream(assistantFirst, new Chunks())).failure();
        assertThat(streamed.kind()).isEqualTo(VendorFailure.Kind.BAD_REQUEST);
        assertThat(streamed.message()).isEqualTo(sync.message());
    }
}
