package com.gaterouter.local.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** The benchmarks' load: virtual threads sending one request back to back while {@code more} says so. */
final class HttpLoad {

    /** Latencies of the 200 answers, in microseconds, and how many requests failed or answered otherwise. */
    record Run(List<Long> latenciesMicros, long errors) {
    }

    private HttpLoad() {
    }

    /** {@code more} is asked before every request, from every thread: it must be thread-safe. */
    static Run run(HttpClient http, HttpRequest request, int concurrency, BooleanSupplier more) {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                workers.submit(() -> {
                    while (more.getAsBoolean()) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        latencies.add((System.nanoTime() - t0) / 1000);
                    }
                    return null;
                });
            }
        }
        return new Run(new ArrayList<>(latencies), errors.get());
    }
}
