package com.gaterouter.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends SimulatorTestBase {

    @Test
    void sixtyFourParallelRequestsAcrossVendorsAreAllAnswered() throws Exception {
        SimVendor[] vendors = java.util.Arrays.stream(SimVendor.values()).filter(v -> v != SimVendor.BEDROCK).toArray(SimVendor[]::new);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                SimVendor vendor = vendors[i % vendors.length];
                boolean streamed = i % 2 == 0;
                String text = "request " + i + " [[sim:ttft_ms=50]]";
                results.add(pool.submit(() -> {
                    if (streamed) {
                        SimHttp.StreamRead read = VendorCalls.stream(sim, vendor, text);
                        return read.status() == 200 && read.error().isEmpty()
                                && read.frames().stream().anyMatch(f -> VendorCalls.isTerminal(vendor, f));
                    }
                    return VendorCalls.call(sim, vendor, text).status() == 200;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        }
        int total = 0;
        for (SimVendor v : vendors) {
            total += sim.requestCount(v);
        }
        assertThat(total).isEqualTo(64);
    }
}
