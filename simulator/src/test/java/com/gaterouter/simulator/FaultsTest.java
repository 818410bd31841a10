package com.gaterouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.SimHttp.Frame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FaultsTest extends SimulatorTestBase {

    private static final Map<SimVendor, String> RATE_LIMIT = Map.of(
            SimVendor.OPENAI, "rate_limit_exceeded", SimVendor.DEEPSEEK, "rate_limit_exceeded",
            SimVendor.ANTHROPIC, "rate_limit_error", SimVendor.GEMINI, "RESOURCE_EXHAUSTED");
    private static final Map<SimVendor, String> UNAUTHORIZED = Map.of(
            SimVendor.OPENAI, "invalid_api_key", SimVendor.DEEPSEEK, "invalid_api_key",
            SimVendor.ANTHROPIC, "authentication_error", SimVendor.GEMINI, "UNAUTHENTICATED");

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void rateLimitedGives429WithRetryAfterAndVendorBody(SimVendor vendor) {
        sim.faults().enqueue(vendor, new Fault.RateLimited(Duration.ofSeconds(2)));
        SimHttp.Reply reply = VendorCalls.call(sim, vendor, "hello");
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("retry-after")).hasValue("2");
        assertThat(VendorCalls.errorType(vendor, reply.json())).isEqualTo(RATE_LIMIT.get(vendor));
        assertThat(VendorCalls.call(sim, vendor, "hello").status()).as("consumed").isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void serverErrorsUseTheVendorShape(SimVendor vendor) {
        for (int status : new int[] {500, 502, 503}) {
            sim.faults().enqueue(vendor, new Fault.ServerError(status));
            SimHttp.Reply reply = VendorCalls.call(sim, vendor, "hello");
            assertThat(reply.status()).isEqualTo(status);
            assertThat(VendorCalls.errorType(vendor, reply.json())).isNotEmpty();
        }
        sim.faults().enqueue(vendor, new Fault.ServerError(529));
        SimHttp.Reply overloaded = VendorCalls.call(sim, vendor, "hello");
        if (vendor == SimVendor.ANTHROPIC) {
            assertThat(overloaded.status()).isEqualTo(529);
            assertThat(overloaded.json().path("error").path("type").asText()).isEqualTo("overloaded_error");
        } else {
            assertThat(overloaded.status()).isEqualTo(503);
        }
    }

    @Test
    void serverErrorTypesPerVendor() {
        sim.faults().enqueue(SimVendor.OPENAI, new Fault.ServerError(500));
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "x").json().path("error").path("type").asText()).isEqualTo("server_error");
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.ServerError(500));
        assertThat(VendorCalls.call(sim, SimVendor.ANTHROPIC, "x").json().path("error").path("type").asText()).isEqualTo("api_error");
        sim.faults().enqueue(SimVendor.GEMINI, new Fault.ServerError(503));
        assertThat(VendorCalls.call(sim, SimVendor.GEMINI, "x").json().path("error").path("status").asText()).isEqualTo("UNAVAILABLE");
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void timeoutHangsThenDropsTheConnection(SimVendor vendor) {
        sim.faults().enqueue(vendor, new Fault.Timeout(Duration.ofMillis(250)));
        long start = System.nanoTime();
        SimHttp.StreamRead read = VendorCalls.stream(sim, vendor, "hello");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(read.error()).isPresent();
        assertThat(read.frames()).isEmpty();
        assertThat(elapsedMs).isGreaterThanOrEqualTo(240);
        assertThat(sim.requestCount(vendor)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void malformedJsonNonStream(SimVendor vendor) {
        sim.faults().enqueue(vendor, new Fault.MalformedJson());
        SimHttp.Reply reply = VendorCalls.call(sim, vendor, "hello");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).startsWith("{");
        assertThat(SimHttp.isJson(reply.body())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void malformedJsonStreamHasOneBadDataLine(SimVendor vendor) {
        sim.faults().enqueue(vendor, new Fault.MalformedJson());
        SimHttp.StreamRead read = VendorCalls.stream(sim, vendor, "hello");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.error()).isEmpty();
        List<Frame> bad = read.frames().stream().filter(f -> !f.data().equals("[DONE]") && !SimHttp.isJson(f.data())).toList();
        assertThat(bad).hasSize(1);
        assertThat(read.frames()).anySatisfy(f -> assertThat(VendorCalls.isTerminal(vendor, f)).isTrue());
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void streamCutSendsNContentEventsThenDropsTheConnection(SimVendor vendor) {
        sim.faults().enqueue(vendor, new Fault.StreamCut(2));
        SimHttp.StreamRead read = VendorCalls.stream(sim, vendor, "hello");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.error()).as("the client sees a broken stream").isPresent();
        assertThat(VendorCalls.contentFrames(vendor, read.frames())).hasSize(2);
        assertThat(read.frames()).noneSatisfy(f -> assertThat(VendorCalls.isTerminal(vendor, f)).isTrue());

        // the next request is whole again
        SimHttp.StreamRead next = VendorCalls.stream(sim, vendor, "hello");
        assertThat(next.error()).isEmpty();
        assertThat(next.frames()).anySatisfy(f -> assertThat(VendorCalls.isTerminal(vendor, f)).isTrue());
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void streamCutOnNonStreamTruncatesTheBody(SimVendor vendor) {
        sim.faults().enqueue(vendor, new Fault.StreamCut(1));
        SimHttp.StreamRead read = SimHttp.stream(VendorCalls.uri(sim, vendor, false), VendorCalls.body(vendor, "hello", false),
                VendorCalls.headers(vendor, "k"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.error()).isPresent();
        assertThat(SimHttp.isJson(read.raw())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void unauthorizedGives401WithVendorBody(SimVendor vendor) {
        sim.faults().enqueue(vendor, new Fault.Unauthorized());
        SimHttp.Reply reply = VendorCalls.call(sim, vendor, "hello");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(VendorCalls.errorType(vendor, reply.json())).isEqualTo(UNAUTHORIZED.get(vendor));
    }

    @Test
    void streamErrorIsAnInStreamErrorEvent() {
        sim.faults().enqueue(SimVendor.ANTHROPIC, new Fault.StreamError(1, 529));
        List<Frame> frames = VendorCalls.stream(sim, SimVendor.ANTHROPIC, "hello").frames();
        Frame last = frames.getLast();
        assertThat(last.event()).isEqualTo("error");
        assertThat(last.json().path("type").asText()).isEqualTo("error");
        assertThat(last.json().path("error").path("type").asText()).isEqualTo("overloaded_error");
        assertThat(VendorCalls.contentFrames(SimVendor.ANTHROPIC, frames)).hasSize(1);

        sim.faults().enqueue(SimVendor.OPENAI, new Fault.StreamError(1, 500));
        SimHttp.StreamRead openAi = VendorCalls.stream(sim, SimVendor.OPENAI, "hello");
        assertThat(openAi.error()).isEmpty();
        assertThat(openAi.frames().getLast().json().path("error").path("type").asText()).isEqualTo("server_error");
        assertThat(openAi.raw()).doesNotContain("[DONE]");

        sim.faults().enqueue(SimVendor.GEMINI, new Fault.StreamError(0, 503));
        JsonNode gemini = VendorCalls.stream(sim, SimVendor.GEMINI, "hello").frames().getLast().json();
        assertThat(gemini.path("error").path("status").asText()).isEqualTo("UNAVAILABLE");

        sim.faults().enqueue(SimVendor.OPENAI, new Fault.StreamError(1, 500));
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "hello").status()).as("non-stream: a plain error").isEqualTo(500);
    }

    @Test
    void faultsAreFifoPerVendorAndCanRepeat() {
        sim.faults().enqueue(SimVendor.OPENAI, new Fault.RateLimited(Duration.ofSeconds(1)), 2)
                .enqueue(SimVendor.OPENAI, new Fault.ServerError(502));
        assertThat(sim.faults().pending(SimVendor.OPENAI)).isEqualTo(3);
        assertThat(VendorCalls.call(sim, SimVendor.ANTHROPIC, "x").status()).as("other vendors unaffected").isEqualTo(200);
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "x").status()).isEqualTo(429);
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "x").status()).isEqualTo(429);
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "x").status()).isEqualTo(502);
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "x").status()).isEqualTo(200);

        sim.faults().enqueue(SimVendor.GEMINI, new Fault.ServerError(500), 5);
        sim.faults().clear();
        assertThat(VendorCalls.call(sim, SimVendor.GEMINI, "x").status()).isEqualTo(200);
    }

    @Test
    void routingErrorsDoNotConsumeFaults() {
        sim.faults().enqueue(SimVendor.OPENAI, new Fault.ServerError(500));
        assertThat(SimHttp.post(java.net.URI.create(sim.openAiBaseUrl() + "/nope"), "{}").status()).isEqualTo(404);
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "x").status()).isEqualTo(500);
    }

    // ------------------------------------------------------------ in-band directives

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void inBandFaultDirectives(SimVendor vendor) {
        SimHttp.Reply limited = VendorCalls.call(sim, vendor, "hi [[sim:fault=rate_limit,retry_after=3]]");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).hasValue("3");

        assertThat(VendorCalls.call(sim, vendor, "hi [[sim:fault=server_error,status=503]]").status()).isEqualTo(503);
        assertThat(VendorCalls.call(sim, vendor, "hi [[sim:fault=unauthorized]]").status()).isEqualTo(401);

        SimHttp.Reply malformed = VendorCalls.call(sim, vendor, "hi [[sim:fault=malformed]]");
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(SimHttp.isJson(malformed.body())).isFalse();

        SimHttp.StreamRead cut = VendorCalls.stream(sim, vendor, "hi [[sim:fault=stream_cut,after=3]]");
        assertThat(cut.error()).isPresent();
        assertThat(VendorCalls.contentFrames(vendor, cut.frames())).hasSize(3);

        SimHttp.StreamRead hang = VendorCalls.stream(sim, vendor, "hi [[sim:fault=timeout,ms=100]]");
        assertThat(hang.error()).isPresent();
    }

    @Test
    void inBandTimesLetsARetrySucceed() {
        String text = "retry me [[sim:fault=server_error,status=503,times=1]]";
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, text).status()).isEqualTo(503);
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, text).status()).isEqualTo(200);
        // counted per vendor: a fallback to another vendor sees its own first attempt
        assertThat(VendorCalls.call(sim, SimVendor.ANTHROPIC, text).status()).isEqualTo(503);
        // clear() resets the counters
        sim.faults().clear();
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, text).status()).isEqualTo(503);
    }

    @Test
    void inBandVendorScopesTheFault() {
        String text = "only anthropic [[sim:fault=overloaded,vendor=anthropic]]";
        assertThat(VendorCalls.call(sim, SimVendor.ANTHROPIC, text).status()).isEqualTo(529);
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, text).status()).isEqualTo(200);
        assertThat(VendorCalls.call(sim, SimVendor.GEMINI, text).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void invalidDirectiveIsA400(SimVendor vendor) {
        SimHttp.Reply reply = VendorCalls.call(sim, vendor, "[[sim:fault=meteor]]");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("meteor");
    }

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void tokensDirectiveWorksForEveryVendor(SimVendor vendor) {
        JsonNode body = VendorCalls.call(sim, vendor, "count [[sim:tokens=9]]").json();
        int output = switch (vendor) {
            case OPENAI, DEEPSEEK -> body.path("usage").path("completion_tokens").asInt();
            case ANTHROPIC -> body.path("usage").path("output_tokens").asInt();
            case GEMINI -> body.path("usageMetadata").path("candidatesTokenCount").asInt();
            case BEDROCK -> throw new IllegalArgumentException("excluded above");
        };
        assertThat(output).isEqualTo(9);
    }
}
