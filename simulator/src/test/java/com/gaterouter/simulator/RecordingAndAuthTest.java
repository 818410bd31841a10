package com.gaterouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A simulator that requires a key: checks auth per vendor and what recorded requests keep. */
class RecordingAndAuthTest {

    private static final String KEY = "sk-required-key-9876";
    private static VendorSimulator sim;

    @BeforeAll
    static void start() {
        sim = VendorSimulator.start(SimulatorConfig.defaults().withRequiredApiKey(Optional.of(KEY)));
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

    @ParameterizedTest
    @EnumSource(value = SimVendor.class, mode = EnumSource.Mode.EXCLUDE, names = VendorCalls.BEDROCK)
    void requiredKeyIsCheckedInTheVendorsHeader(SimVendor vendor) {
        URI uri = VendorCalls.uri(sim, vendor, false);
        String body = VendorCalls.body(vendor, "hi", false);
        assertThat(SimHttp.post(uri, body, VendorCalls.headers(vendor, KEY)).status()).isEqualTo(200);
        SimHttp.Reply wrong = SimHttp.post(uri, body, VendorCalls.headers(vendor, "sk-wrong"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(VendorCalls.errorType(vendor, wrong.json())).isNotEmpty();
        String[] versionOnly = vendor == SimVendor.ANTHROPIC ? new String[] {"anthropic-version", "2023-06-01"} : new String[0];
        assertThat(SimHttp.post(uri, body, versionOnly).status()).as("missing key").isEqualTo(401);
    }

    @Test
    void geminiAcceptsTheKeyAsQueryParameterAndRecordsItRedacted() {
        URI uri = URI.create(VendorCalls.uri(sim, SimVendor.GEMINI, false) + "?key=" + KEY);
        assertThat(SimHttp.post(uri, VendorCalls.body(SimVendor.GEMINI, "hi", false)).status()).isEqualTo(200);
        RecordedRequest recorded = sim.requests().getLast();
        assertThat(recorded.path()).endsWith(":generateContent?key=****9876").doesNotContain(KEY);
    }

    @Test
    void queuedFaultsComeBeforeAuthentication() {
        sim.faults().enqueue(SimVendor.OPENAI, new Fault.RateLimited(Duration.ofSeconds(1)));
        SimHttp.Reply reply = SimHttp.post(VendorCalls.uri(sim, SimVendor.OPENAI, false),
                VendorCalls.body(SimVendor.OPENAI, "hi", false));
        assertThat(reply.status()).isEqualTo(429);
    }

    @Test
    void recordedRequestsKeepEverythingButSecrets() {
        Instant before = Instant.now();
        SimHttp.post(VendorCalls.uri(sim, SimVendor.ANTHROPIC, false), VendorCalls.body(SimVendor.ANTHROPIC, "record me", false),
                VendorCalls.headers(SimVendor.ANTHROPIC, KEY));
        SimHttp.post(VendorCalls.uri(sim, SimVendor.OPENAI, false), VendorCalls.body(SimVendor.OPENAI, "and me", false),
                VendorCalls.headers(SimVendor.OPENAI, KEY));

        assertThat(sim.requests()).hasSize(2);
        assertThat(sim.requestCount(SimVendor.ANTHROPIC)).isEqualTo(1);
        assertThat(sim.requestCount(SimVendor.OPENAI)).isEqualTo(1);
        assertThat(sim.requestCount(SimVendor.GEMINI)).isZero();

        RecordedRequest anthropic = sim.requests(SimVendor.ANTHROPIC).getFirst();
        assertThat(anthropic.vendor()).isEqualTo(SimVendor.ANTHROPIC);
        assertThat(anthropic.method()).isEqualTo("POST");
        assertThat(anthropic.path()).isEqualTo("/anthropic/v1/messages");
        assertThat(anthropic.header("X-Api-Key")).hasValue("****9876");
        assertThat(anthropic.header("anthropic-version")).hasValue("2023-06-01");
        assertThat(anthropic.body()).contains("record me");
        assertThat(anthropic.bodyJson().path("max_tokens").asInt()).isEqualTo(256);
        assertThat(anthropic.receivedAt()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(sim.requests(SimVendor.OPENAI).getFirst().header("authorization")).hasValue("Bearer ****9876");
        assertThat(sim.requests().toString()).doesNotContain(KEY);

        sim.resetRecorded();
        assertThat(sim.requests()).isEmpty();
        assertThat(sim.requestCount(SimVendor.OPENAI)).isZero();
    }

    @Test
    void recordingIsBoundedButCountsAreNot() {
        try (VendorSimulator small = VendorSimulator.start(SimulatorConfig.defaults().withMaxRecordedRequests(2))) {
            for (int i = 0; i < 5; i++) {
                VendorCalls.call(small, SimVendor.GEMINI, "n" + i);
            }
            assertThat(small.requests()).hasSize(2);
            assertThat(small.requests().getLast().body()).contains("n4");
            assertThat(small.requestCount(SimVendor.GEMINI)).isEqualTo(5);
        }
    }
}
