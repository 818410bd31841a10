package com.gaterouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class VendorSimulatorTest {

    @Test
    void baseUrlsFollowTheVendorsConventions() {
        try (VendorSimulator sim = VendorSimulator.start(SimulatorConfig.defaults())) {
            int port = sim.port();
            assertThat(port).isPositive();
            assertThat(sim.baseUri()).isEqualTo(URI.create("http://127.0.0.1:" + port));
            assertThat(sim.openAiBaseUrl()).hasToString("http://127.0.0.1:" + port + "/openai/v1");
            assertThat(sim.anthropicBaseUrl()).hasToString("http://127.0.0.1:" + port + "/anthropic");
            assertThat(sim.geminiBaseUrl()).hasToString("http://127.0.0.1:" + port + "/gemini");
            assertThat(sim.deepSeekBaseUrl()).hasToString("http://127.0.0.1:" + port + "/deepseek");
            for (SimVendor v : SimVendor.values()) {
                assertThat(sim.baseUrl(v).toString()).startsWith(sim.baseUri() + v.pathPrefix());
            }
        }
    }

    @Test
    void closeIsPromptEvenWithAHangingRequest() throws Exception {
        VendorSimulator sim = VendorSimulator.start(SimulatorConfig.defaults());
        sim.faults().enqueue(SimVendor.OPENAI, new Fault.Timeout(Duration.ofSeconds(30)));
        CompletableFuture<SimHttp.StreamRead> hanging = CompletableFuture.supplyAsync(
                () -> VendorCalls.stream(sim, SimVendor.OPENAI, "hang"));
        while (sim.requestCount(SimVendor.OPENAI) == 0) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        sim.close();
        sim.close(); // idempotent
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(hanging.get().error()).isPresent();
        assertThatThrownBy(() -> SimHttp.get(URI.create(sim.baseUri() + "/_sim/health")))
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void configValidatesAndComposes() {
        SimulatorConfig config = SimulatorConfig.defaults().withPort(9000).withTimeToFirstToken(Duration.ofMillis(5))
                .withTokensPerSecond(0).withRequiredApiKey(java.util.Optional.of("k"));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.timeToFirstToken()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.requiredApiKey()).hasValue("k");
        assertThat(config.defaultReplyTokens()).isEqualTo(24);
        assertThatThrownBy(() -> SimulatorConfig.defaults().withTokensPerSecond(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fault.ServerError(404)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fault.StreamCut(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoSimulatorsRunSideBySide() {
        try (VendorSimulator a = VendorSimulator.start(SimulatorConfig.defaults());
                VendorSimulator b = VendorSimulator.start(SimulatorConfig.defaults())) {
            assertThat(a.port()).isNotEqualTo(b.port());
            a.faults().enqueue(SimVendor.GEMINI, new Fault.ServerError(500));
            assertThat(VendorCalls.call(b, SimVendor.GEMINI, "x").status()).isEqualTo(200);
            assertThat(VendorCalls.call(a, SimVendor.GEMINI, "x").status()).isEqualTo(500);
        }
    }
}
