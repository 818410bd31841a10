package com.gaterouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Timing knobs; bounds are loose on the upper side so a busy machine does not flake. */
class LatencyTest {

    @Test
    void timeToFirstTokenDelaysTheFirstContentEventNotTheHeaders() throws Exception {
        try (VendorSimulator sim = VendorSimulator.start(SimulatorConfig.defaults().withTimeToFirstToken(Duration.ofMillis(300)))) {
            HttpRequest request = HttpRequest.newBuilder(VendorCalls.uri(sim, SimVendor.OPENAI, true))
                    .POST(HttpRequest.BodyPublishers.ofString(VendorCalls.body(SimVendor.OPENAI, "hi [[sim:tokens=3]]", true)))
                    .build();
            long start = System.nanoTime();
            HttpResponse<InputStream> response = SimHttp.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long headersMs = (System.nanoTime() - start) / 1_000_000;
            long firstContentMs = -1;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.contains("\"content\":\"Simu")) {
                        firstContentMs = (System.nanoTime() - start) / 1_000_000;
                    }
                }
            }
            // headers go out at once; content waits for the time to first token
            assertThat(firstContentMs).isGreaterThanOrEqualTo(290);
            assertThat(firstContentMs - headersMs).isGreaterThanOrEqualTo(200);
        }
    }

    @Test
    void tokensPerSecondPacesNonStreamAndStream() {
        try (VendorSimulator sim = VendorSimulator.start(SimulatorConfig.defaults().withTokensPerSecond(100))) {
            long start = System.nanoTime();
            SimHttp.Reply reply = VendorCalls.call(sim, SimVendor.ANTHROPIC, "pace [[sim:tokens=20]]");
            long nonStreamMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply.status()).isEqualTo(200);
            assertThat(nonStreamMs).isBetween(190L, 2_000L); // 20 tokens at 100/s

            start = System.nanoTime();
            SimHttp.StreamRead read = VendorCalls.stream(sim, SimVendor.GEMINI, "pace [[sim:tokens=20]]");
            long streamMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(read.error()).isEmpty();
            assertThat(streamMs).isBetween(150L, 2_000L); // the last 3-token chunk goes out when due
        }
    }

    @Test
    void perRequestHeaderAndDirectiveOverrides() {
        try (VendorSimulator sim = VendorSimulator.start(SimulatorConfig.defaults())) {
            long start = System.nanoTime();
            SimHttp.post(VendorCalls.uri(sim, SimVendor.OPENAI, false), VendorCalls.body(SimVendor.OPENAI, "x", false),
                    "x-sim-ttft-ms", "200");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(195);

            start = System.nanoTime();
            VendorCalls.call(sim, SimVendor.DEEPSEEK, "x [[sim:ttft_ms=150]]");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(145);

            start = System.nanoTime();
            VendorCalls.call(sim, SimVendor.OPENAI, "x [[sim:tokens=10,tps=50]]");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(195);
        }
    }

    @Test
    void tokensPerChunkHeaderChangesChunking() {
        try (VendorSimulator sim = VendorSimulator.start(SimulatorConfig.defaults())) {
            var body = VendorCalls.body(SimVendor.ANTHROPIC, "x [[sim:tokens=12]]", true);
            var headers = new String[] {"anthropic-version", "2023-06-01", "x-sim-tokens-per-chunk", "1"};
            SimHttp.StreamRead one = SimHttp.stream(VendorCalls.uri(sim, SimVendor.ANTHROPIC, true), body, headers);
            assertThat(VendorCalls.contentFrames(SimVendor.ANTHROPIC, one.frames())).hasSize(12);
            SimHttp.StreamRead dflt = VendorCalls.stream(sim, SimVendor.ANTHROPIC, "x [[sim:tokens=12]]");
            assertThat(VendorCalls.contentFrames(SimVendor.ANTHROPIC, dflt.frames())).hasSize(4);
        }
    }
}
