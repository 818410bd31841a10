package com.gaterouter.simulator;

import com.gaterouter.simulator.text.DirectiveLimits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.faults.DirectiveLedger;
import com.gaterouter.simulator.faults.FaultDirective;
import com.gaterouter.simulator.http.Pacer;
import com.gaterouter.simulator.text.Directives;
import com.gaterouter.simulator.text.SchemaSampler;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 13 item 3: no directive can make the simulator allocate or stall without bound. */
class DirectiveBoundsTest extends SimulatorTestBase {

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void theFindingsRequestIsAVendor400NotAHeapExhaustion(SimVendor vendor) {
        SimHttp.Reply reply = VendorCalls.call(sim, vendor, "hi [[sim:tokens=999999999]]");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("Invalid simulator directive").contains("'tokens' must be between 0 and 16384");
        assertThat(VendorCalls.errorType(vendor, reply.json())).isNotEmpty();
    }

    @Test
    void theLongestAllowedReplyStaysBoundedInSize() {
        SimHttp.Reply reply = VendorCalls.call(sim, SimVendor.OPENAI, "hi [[sim:tokens=" + DirectiveLimits.MAX_TOKENS + "]]");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.path("usage").path("completion_tokens").asInt()).isEqualTo(DirectiveLimits.MAX_TOKENS);
        // filler words are at most 4 letters plus a space: 16384 tokens stay well under 128 KiB
        assertThat(reply.body().length()).isLessThan(128 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[[sim:tokens=16385]]", "[[sim:tokens=-1]]", "[[sim:ttft_ms=60001]]", "[[sim:tps=0.001]]", "[[sim:tps=NaN]]",
        "[[sim:tps=Infinity]]", "[[sim:fault=timeout,ms=60001]]", "[[sim:fault=timeout,seconds=61]]",
        "[[sim:fault=timeout,seconds=1e999999999]]", "[[sim:fault=rate_limit,retry_after=86400]]",
        "[[sim:fault=rate_limit,retry_after_ms=9223372036854775807]]", "[[sim:fault=server_error,status=99999]]",
        "[[sim:fault=server_error,status=200]]", "[[sim:fault=stream_cut,after=-1]]", "[[sim:fault=server_error,times=1001]]",
        "[[sim:context_window=2147483647]]", "[[sim:tokens=99999999999999999999]]"})
    void everyValuePastItsMaximumIsRejected(String directive) {
        assertThatThrownBy(() -> Directives.parse("hi " + directive))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be");
        assertThat(VendorCalls.call(sim, SimVendor.OPENAI, "hi " + directive).status()).isEqualTo(400);
    }

    @Test
    void eachMaximumItselfIsAccepted() {
        Directives d = Directives.parse("[[sim:tokens=16384,ttft_ms=60000,tps=1,context_window=10000000]]"
                + "[[sim:fault=timeout,ms=60000,times=1000]]");
        assertThat(d.tokens()).hasValue(DirectiveLimits.MAX_TOKENS);
        assertThat(d.ttft()).contains(Duration.ofMillis(DirectiveLimits.MAX_DELAY_MS));
        assertThat(d.fault().orElseThrow().fault()).isEqualTo(new Fault.Timeout(Duration.ofMillis(DirectiveLimits.MAX_DELAY_MS)));
        assertThat(Directives.parse("[[sim:fault=timeout,seconds=60]]").fault().orElseThrow().fault())
                .isEqualTo(new Fault.Timeout(Duration.ofSeconds(60)));
    }

    @Test
    void unterminatedBlocksAreScannedInLinearTime() {
        // with a lazy regex each of the 200 000 openings scanned to the end: ~10^11 steps
        String hostile = "[[sim:".repeat(200_000);
        Directives d = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Directives.parse(hostile));
        assertThat(d.tokens()).isEmpty();
        assertThat(d.strippedText()).hasSize(hostile.length());
    }

    @Test
    void atMost32BlocksPerMessage() {
        assertThat(Directives.parse("[[sim:tokens=1]]".repeat(DirectiveLimits.MAX_BLOCKS)).tokens()).hasValue(1);
        assertThatThrownBy(() -> Directives.parse("[[sim:tokens=1]]".repeat(DirectiveLimits.MAX_BLOCKS + 1)))
                .hasMessageContaining("at most 32");
    }

    @Test
    void noReplyIsPacedBeyondTheCapWhateverItsLengthAndPace() {
        // a request that started MAX_PACING ago, paced at 1 token/s after a 60 s first token: nothing left to wait for
        Pacer pacer = new Pacer(System.nanoTime() - Pacer.MAX_PACING.toNanos(), Duration.ofMillis(DirectiveLimits.MAX_DELAY_MS), 1);
        long started = System.nanoTime();
        pacer.awaitAfterTokens(DirectiveLimits.MAX_TOKENS);
        pacer.awaitAfterTokens(Long.MAX_VALUE / 2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theTimesLedgerKeepsAtMostItsCapacity() {
        DirectiveLedger ledger = new DirectiveLedger();
        for (int i = 0; i <= DirectiveLedger.MAX_ENTRIES + 50; i++) {
            ledger.apply(SimVendor.OPENAI, new FaultDirective("fault=server_error,times=1,n=" + i,
                    new Fault.ServerError(500), OptionalInt.of(1), Optional.empty()));
        }
        assertThat(ledger.size()).isEqualTo(DirectiveLedger.MAX_ENTRIES);
        // a recently seen directive keeps its count: its second request is no longer faulted
        FaultDirective last = new FaultDirective("fault=server_error,times=1,n=" + (DirectiveLedger.MAX_ENTRIES + 50),
                new Fault.ServerError(500), OptionalInt.of(1), Optional.empty());
        assertThat(ledger.apply(SimVendor.OPENAI, last)).isEmpty();
    }

    @Test
    void aHostileJsonSchemaGetsABoundedSample() {
        JsonNode schema = SimHttp.parse("""
                {"type":"array","minItems":2000000000,"items":{"type":"array","minItems":2000000000,
                 "items":{"type":"string","minLength":2000000000}}}""");
        JsonNode sample = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> SchemaSampler.sample(schema, false));
        assertThat(sample.size()).isLessThanOrEqualTo(SchemaSampler.MAX_ARRAY_ITEMS);
        assertThat(sample.get(0).size()).isLessThanOrEqualTo(SchemaSampler.MAX_ARRAY_ITEMS);
        assertThat(sample.get(0).get(0).asText()).hasSize(SchemaSampler.MAX_STRING_CHARS);
        assertThat(sample.toString().length()).isLessThan(SchemaSampler.MAX_NODES * (SchemaSampler.MAX_STRING_CHARS + 8));
        JsonNode negative = SimHttp.parse("""
                {"type":"string","minLength":5,"maxLength":-3}""");
        assertThat(SchemaSampler.sample(negative, false).asText()).isEmpty();
    }

    @Test
    void directivesSwitchedOffArePlainText() {
        try (VendorSimulator plain = VendorSimulator.start(SimulatorConfig.defaults().withDirectives(false))) {
            SimHttp.Reply reply = VendorCalls.call(plain, SimVendor.OPENAI, "hi [[sim:tokens=999999999]] [[sim:fault=server_error]]");
            assertThat(reply.status()).isEqualTo(200);
            String content = reply.json().path("choices").path(0).path("message").path("content").asText();
            assertThat(content).startsWith("Simulated reply to: hi [[sim:tokens=999999999]]");
            assertThat(reply.json().path("usage").path("completion_tokens").asInt())
                    .isEqualTo(SimulatorConfig.defaults().defaultReplyTokens());
        }
    }

    @Test
    void theSwitchReadsOnAndOff() {
        assertThat(SimulatorConfig.directivesFromEnvironment(java.util.Map.of())).isTrue();
        assertThat(SimulatorConfig.directivesFromEnvironment(java.util.Map.of("GATEROUTER_SIM_DIRECTIVES", "OFF"))).isFalse();
        assertThat(SimulatorConfig.directivesFromEnvironment(java.util.Map.of("GATEROUTER_SIM_DIRECTIVES", "on"))).isTrue();
        assertThatThrownBy(() -> SimulatorConfig.directivesFromEnvironment(java.util.Map.of("GATEROUTER_SIM_DIRECTIVES", "maybe")))
                .hasMessageContaining("on or off");
    }
}
