package com.gaterouter.local.bench;

import com.gaterouter.local.LocalGateway;
import com.gaterouter.local.LocalOptions;
import com.gaterouter.simulator.VendorSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prints how much latency the gateway adds over calling the vendor simulator directly, and the
 * gateway's throughput — both paths measured in the same run, with the same client and payload.
 *
 * <p>The local gateway runs in this JVM with its simulator set to answer instantly (no simulated
 * model time), so the difference between the two paths is the gateway's own work: authentication,
 * validation, translation, the vendor hop, and metering into DynamoDB Local.
 *
 * <pre>java -cp functions/local/target/gaterouter-local.jar com.gaterouter.local.bench.OverheadBenchmark [seconds-per-phase]</pre>
 */
public final class OverheadBenchmark {

    private static final String BODY = """
            {"model":"%s","messages":[{"role":"system","content":"You are terse."},
             {"role":"user","content":"Summarise the benefits of an LLM gateway in one sentence."}],"max_tokens":64}""";

    private record Result(String label, int concurrency, long requests, long errors, double seconds, long[] latenciesMicros) {
        double percentileMillis(double p) {
            if (latenciesMicros.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesMicros.length) - 1;
            return latenciesMicros[Math.max(0, Math.min(index, latenciesMicros.length - 1))] / 1000.0;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        // a line per request on the console would measure the terminal, not the gateway
        System.setProperty("gaterouter.logLevel", "WARN");
        com.gaterouter.local.ConsoleLogging.configure(System.getenv());
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Map<String, String> env = Map.of("GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0");
        try (LocalGateway gateway = LocalGateway.start(new LocalOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false), env)) {
            VendorSimulator simulator = gateway.simulator().orElseThrow(() -> new IllegalStateException("benchmark needs the simulator"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest direct = HttpRequest.newBuilder(URI.create(simulator.openAiBaseUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer sk-benchmark").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted("gpt-4o-mini"))).build();
            HttpRequest viaGateway = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + gateway.demoApiKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted("openai/gpt-4o-mini"))).build();

            System.out.printf("GateRouter overhead benchmark: %d s per phase, %d cores, Java %s%n",
                    seconds, Runtime.getRuntime().availableProcessors(), Runtime.version());
            // warm both paths (JIT, connection pools, DynamoDB Local) before measuring
            run("warm-up direct", http, direct, 8, Math.max(3, seconds / 2));
            run("warm-up gateway", http, viaGateway, 8, Math.max(3, seconds / 2));

            List<Result[]> pairs = new ArrayList<>();
            for (int concurrency : new int[] {1, 32}) {
                Result d = run("direct", http, direct, concurrency, seconds);
                Result g = run("gateway", http, viaGateway, concurrency, seconds);
                pairs.add(new Result[] {d, g});
            }
            System.out.println();
            System.out.println("| concurrency | path | requests | errors | req/s | p50 ms | p99 ms |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Result[] pair : pairs) {
                for (Result r : pair) {
                    System.out.printf("| %d | %s | %d | %d | %.0f | %.2f | %.2f |%n", r.concurrency(), r.label(), r.requests(), r.errors(),
                            r.requestsPerSecond(), r.percentileMillis(50), r.percentileMillis(99));
                }
            }
            double putP50 = usageWriteP50Millis(gateway);
            System.out.println();
            for (Result[] pair : pairs) {
                Result d = pair[0];
                Result g = pair[1];
                System.out.printf("concurrency %d: gateway adds p50 %+.2f ms, p99 %+.2f ms; gateway/direct latency ratio p50 %.2fx; "
                                + "throughput %.0f req/s via gateway vs %.0f direct (%.0f%%)%n",
                        d.concurrency(), g.percentileMillis(50) - d.percentileMillis(50), g.percentileMillis(99) - d.percentileMillis(99),
                        g.percentileMillis(50) / d.percentileMillis(50), g.requestsPerSecond(), d.requestsPerSecond(),
                        100 * g.requestsPerSecond() / d.requestsPerSecond());
            }
            System.out.printf("reference, same run: one usage-record PutItem into the local gateway's DynamoDB Local takes p50 %.2f ms "
                    + "(sequential); the gateway writes one per request before answering%n", putP50);
        }
    }

    /** p50 of 300 sequential usage writes through the gateway's own store adapter and DynamoDB Local. */
    private static double usageWriteP50Millis(LocalGateway gateway) {
        String table = com.gaterouter.common.tables.TemplateTables.bundled("local")
                .get(com.gaterouter.common.tables.GatewayTable.USAGE.logicalId()).tableName();
        var store = new com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore(gateway.dynamo(), table, Duration.ofDays(1));
        var principal = new com.gaterouter.common.accounts.Principal("bench", "d", "p", "u", "k");
        long[] micros = new long[300];
        for (int i = 0; i < micros.length; i++) {
            long t0 = System.nanoTime();
            store.record(new com.gaterouter.common.usage.UsageRecord("bench-" + i, principal, "m", "openai/gpt-4o-mini", "openai", 1,
                    new com.gaterouter.common.usage.TokenUsage(30, 0, 0, 24, 0), 19, 1, 1,
                    com.gaterouter.common.usage.UsageStatus.SUCCEEDED, 200, false, java.time.Instant.now()));
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(micros);
        return micros[micros.length / 2] / 1000.0;
    }

    /** {@code concurrency} virtual threads send requests back to back for {@code seconds}; every latency is kept. */
    private static Result run(String label, HttpClient http, HttpRequest request, int concurrency, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        HttpLoad.Run load = HttpLoad.run(http, request, concurrency, () -> System.nanoTime() < deadline);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = load.latenciesMicros().stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        Result result = new Result(label, concurrency, sorted.length, load.errors(), elapsed, sorted);
        if (!label.startsWith("warm-up")) {
            System.out.printf("%-8s c=%-3d %7d requests, %4d errors, %8.0f req/s, p50 %.2f ms, p99 %.2f ms%n", label, concurrency,
                    result.requests(), result.errors(), result.requestsPerSecond(), result.percentileMillis(50), result.percentileMillis(99));
        }
        return result;
    }
}
