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
 * Prints how much latency the gateway adds over calling the vendor simulator directly, with metering
 * and budget enforcement off and on, and the gateway's throughput — the three paths measured in the
 * same run, with the same client and payload, in rounds whose order rotates.
 *
 * <p>Two local gateways run in this JVM, each with its own DynamoDB Local and its simulator set to
 * answer instantly (no simulated model time): one as shipped, with the demo department on a monthly
 * USD budget and the demo project on an RPM limit (neither reached) so every request is enforced and
 * metered; one with {@code GATEROUTER_METERING=off}. The difference between them is what metering and
 * enforcement cost on the request path; the difference to direct is the gateway's own work.
 *
 * <pre>java -cp functions/local/target/gaterouter-local.jar:tools/target/gaterouter-tools.jar com.gaterouter.local.bench.OverheadBenchmark [seconds-per-phase]</pre>
 */
public final class OverheadBenchmark {

    private static final String BODY = """
            {"model":"%s","messages":[{"role":"system","content":"You are terse."},
             {"role":"user","content":"Summarise the benefits of an LLM gateway in one sentence."}],"max_tokens":64}""";
    /** {@link #BODY} as an Anthropic Messages request. */
    private static final String MESSAGES_BODY = """
            {"model":"openai/gpt-4o-mini","system":"You are terse.","max_tokens":64,
             "messages":[{"role":"user","content":"Summarise the benefits of an LLM gateway in one sentence."}]}""";
    /** {@link #BODY} as an OpenAI Responses request. */
    private static final String RESPONSES_BODY = """
            {"model":"openai/gpt-4o-mini","instructions":"You are terse.","max_output_tokens":64,
             "input":"Summarise the benefits of an LLM gateway in one sentence."}""";
    /** Rounds per concurrency, the paths' order rotating: short interleaved phases keep a shared machine's drift out of the ratios. */
    private static final int ROUNDS = 4;

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

        Result plus(Result other) {
            long[] all = Arrays.copyOf(latenciesMicros, latenciesMicros.length + other.latenciesMicros.length);
            System.arraycopy(other.latenciesMicros, 0, all, latenciesMicros.length, other.latenciesMicros.length);
            Arrays.sort(all);
            return new Result(label, concurrency, requests + other.requests, errors + other.errors, seconds + other.seconds, all);
        }
    }

    private record Path(String label, HttpRequest request) {
    }

    public static void main(String[] args) throws Exception {
        // a line per request on the console would measure the terminal, not the gateway
        System.setProperty("gaterouter.logLevel", "WARN");
        com.gaterouter.local.ConsoleLogging.configure(System.getenv());
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Map<String, String> env = Map.of("GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0");
        Map<String, String> offEnv = new java.util.HashMap<>(env);
        offEnv.put("GATEROUTER_METERING", "off");
        LocalOptions options = new LocalOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false);
        try (LocalGateway on = LocalGateway.start(options, env); LocalGateway off = LocalGateway.start(options, offEnv)) {
            VendorSimulator simulator = on.simulator().orElseThrow(() -> new IllegalStateException("benchmark needs the simulator"));
            limitTheDemoTenant(on);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<Path> paths = List.of(
                    new Path("direct", HttpRequest.newBuilder(URI.create(simulator.openAiBaseUrl() + "/chat/completions"))
                            .header("Authorization", "Bearer sk-benchmark").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted("gpt-4o-mini"))).build()),
                    new Path("metering off", viaGateway(off)),
                    new Path("metering on", viaGateway(on)));
            // the same request in the two other dialects, metering on, against chat completions: what translating costs.
            // Measured after the first phase, so their load on the metered gateway's journal never lands in its windows.
            List<Path> dialects = List.of(paths.get(2),
                    new Path("messages", dialect(on, "/v1/messages", MESSAGES_BODY)),
                    new Path("responses", dialect(on, "/v1/responses", RESPONSES_BODY)));

            System.out.printf("GateRouter overhead benchmark: %d s per path and concurrency (%d rounds of %d s, order rotating), "
                    + "%d cores, Java %s%n", seconds, ROUNDS, Math.max(1, seconds / ROUNDS), Runtime.getRuntime().availableProcessors(),
                    Runtime.version());
            // warm every path (JIT, connection pools, DynamoDB Local, leases) before measuring
            for (Path path : java.util.stream.Stream.concat(paths.stream(), dialects.stream().skip(1)).toList()) {
                run("warm-up", http, path.request(), 8, Math.max(3, seconds / 2));
            }
            Phase metering = measure(http, paths, seconds);
            Phase translating = measure(http, dialects, seconds);
            System.out.println();
            System.out.println("| concurrency | path | requests | errors | req/s | p50 ms | p99 ms |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Phase phase : List.of(metering, translating)) {
                phase.results().values().forEach(byPath -> {
                    for (Result r : byPath) {
                        System.out.printf("| %d | %s | %d | %d | %.0f | %.2f | %.2f |%n", r.concurrency(), r.label(), r.requests(), r.errors(),
                                r.requestsPerSecond(), r.percentileMillis(50), r.percentileMillis(99));
                    }
                });
            }
            System.out.println();
            metering.results().values().forEach(byPath -> {
                Result d = byPath[0];
                Result offR = byPath[1];
                Result onR = byPath[2];
                System.out.printf("concurrency %d: metering on vs off: p50 %+.2f ms, p99 %+.2f ms, throughput %.0f vs %.0f req/s (%.0f %% of off); "
                                + "off vs direct: p50 %+.2f ms, throughput %.0f %% of direct%n",
                        d.concurrency(), onR.percentileMillis(50) - offR.percentileMillis(50),
                        onR.percentileMillis(99) - offR.percentileMillis(99), onR.requestsPerSecond(), offR.requestsPerSecond(),
                        100 * onR.requestsPerSecond() / offR.requestsPerSecond(), offR.percentileMillis(50) - d.percentileMillis(50),
                        100 * offR.requestsPerSecond() / d.requestsPerSecond());
            });
            translating.results().values().forEach(byPath -> {
                Result chat = byPath[0];
                System.out.printf("concurrency %d: dialects vs chat completions (metering on, same model, second phase): messages p50 %+.2f ms, "
                                + "throughput %.0f %%; responses p50 %+.2f ms, throughput %.0f %%%n", chat.concurrency(),
                        byPath[1].percentileMillis(50) - chat.percentileMillis(50), 100 * byPath[1].requestsPerSecond() / chat.requestsPerSecond(),
                        byPath[2].percentileMillis(50) - chat.percentileMillis(50), 100 * byPath[2].requestsPerSecond() / chat.requestsPerSecond());
            });
            System.out.println();
            System.out.println("CPU per request by thread group (µs; this JVM runs the client, both gateways and the simulator; "
                    + "groups under 5 µs/request left out):");
            for (Phase phase : List.of(metering, translating)) {
                for (int c = 0; c < CONCURRENCIES.length; c++) {
                    for (int p = 0; p < phase.paths().size(); p++) {
                        System.out.printf("  c=%-2d %-12s %s%n", CONCURRENCIES[c], phase.paths().get(p).label(), phase.cpu()[c][p].line());
                    }
                }
            }
            Map<String, Result[]> results = metering.results();
            on.usageJournalSummary().ifPresent(line -> System.out.println("metering on: " + line));
            Result[] c1 = results.get("1");
            Result[] c32 = results.get("32");
            double addedP50 = c1[2].percentileMillis(50) - c1[1].percentileMillis(50);
            double share = c32[2].requestsPerSecond() / c32[1].requestsPerSecond();
            System.out.printf("targets (issue 15): c=32 metering on >= 70 %% of off: %.0f %% %s; c=1 p50 on - off <= 0.3 ms: %+.2f ms %s%n",
                    100 * share, share >= 0.7 ? "MET" : "NOT MET", addedP50, addedP50 <= 0.3 ? "MET" : "NOT MET");
        }
        // DynamoDB Local's embedded server leaves non-daemon threads behind
        System.exit(0);
    }

    /** CPU time of the live threads by name, digits folded ({@code qtp123-45} → {@code qtpN-N}). */
    private static Map<String, Long> cpuByThreadGroup() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (var info : mx.dumpAllThreads(false, false)) {
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                out.merge(info.getThreadName().replaceAll("[0-9]+", "N"), cpu, Long::sum);
            }
        }
        return out;
    }

    /** CPU nanoseconds by thread group over a path's phases, and the requests they served. */
    private record Cpu(Map<String, Long> nanos, long requests) {
        static final Cpu NONE = new Cpu(Map.of(), 0);

        Cpu plus(Map<String, Long> before, Map<String, Long> after, long served) {
            Map<String, Long> sum = new java.util.TreeMap<>(nanos);
            after.forEach((name, total) -> sum.merge(name, Math.max(0, total - before.getOrDefault(name, 0L)), Long::sum));
            return new Cpu(sum, requests + served);
        }

        String line() {
            long all = nanos.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder text = new StringBuilder(String.format("total %.0f", all / 1e3 / Math.max(1, requests)));
            nanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() / 1e3 / Math.max(1, requests) >= 5)
                    .forEach(e -> text.append(String.format(", %s %.0f", e.getKey(), e.getValue() / 1e3 / Math.max(1, requests))));
            return text.toString();
        }
    }

    private static final int[] CONCURRENCIES = {1, 32};

    /** One phase's figures: per concurrency, each path's result, and its CPU by thread group. */
    private record Phase(List<Path> paths, Map<String, Result[]> results, Cpu[][] cpu) {
    }

    /** Each path at each concurrency, in {@link #ROUNDS} interleaved rounds whose order rotates. */
    private static Phase measure(HttpClient http, List<Path> paths, int seconds) throws InterruptedException {
        Map<String, Result[]> results = new java.util.LinkedHashMap<>();
        Cpu[][] cpu = new Cpu[CONCURRENCIES.length][paths.size()];
        for (Cpu[] row : cpu) {
            Arrays.fill(row, Cpu.NONE);
        }
        for (int c = 0; c < CONCURRENCIES.length; c++) {
            Result[] byPath = new Result[paths.size()];
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < paths.size(); i++) {
                    int p = (i + round) % paths.size();
                    Map<String, Long> cpuBefore = cpuByThreadGroup();
                    Result r = run(paths.get(p).label(), http, paths.get(p).request(), CONCURRENCIES[c], Math.max(1, seconds / ROUNDS));
                    byPath[p] = byPath[p] == null ? r : byPath[p].plus(r);
                    cpu[c][p] = cpu[c][p].plus(cpuBefore, cpuByThreadGroup(), r.requests());
                }
            }
            results.put(Integer.toString(CONCURRENCIES[c]), byPath);
        }
        return new Phase(paths, results, cpu);
    }

    /** A request of another dialect to the gateway, the key as that dialect's SDK sends it. */
    private static HttpRequest dialect(LocalGateway gateway, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .header(path.equals("/v1/messages") ? "x-api-key" : "Authorization",
                        path.equals("/v1/messages") ? gateway.demoApiKey() : "Bearer " + gateway.demoApiKey())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest viaGateway(LocalGateway gateway) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + gateway.demoApiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted("openai/gpt-4o-mini"))).build();
    }

    /** A monthly USD budget on the demo department and an RPM limit on the demo project, neither reached here. */
    private static void limitTheDemoTenant(LocalGateway gateway) {
        var tables = com.gaterouter.common.tables.TemplateTables.bundled("local");
        var accounts = new com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore(gateway.dynamo(),
                tables.get(com.gaterouter.common.tables.GatewayTable.ACCOUNTS.logicalId()).tableName(),
                tables.get(com.gaterouter.common.tables.GatewayTable.API_KEYS.logicalId()).tableName(), java.time.Clock.systemUTC());
        budget(accounts, com.gaterouter.common.accounts.BudgetScope.DEPARTMENT, com.gaterouter.local.DemoTenant.DEPARTMENT_ID,
                new com.gaterouter.common.accounts.Limits(java.util.OptionalLong.of(1_000_000L * 1_000_000L), java.util.OptionalLong.empty(),
                        java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), java.util.OptionalLong.empty(),
                        java.util.OptionalLong.empty()));
        budget(accounts, com.gaterouter.common.accounts.BudgetScope.PROJECT, com.gaterouter.local.DemoTenant.PROJECT_ID,
                new com.gaterouter.common.accounts.Limits(java.util.OptionalLong.empty(), java.util.OptionalLong.empty(),
                        java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), java.util.OptionalLong.of(10_000_000L),
                        java.util.OptionalLong.empty()));
    }

    private static void budget(com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore accounts,
                               com.gaterouter.common.accounts.BudgetScope scope, String scopeId, com.gaterouter.common.accounts.Limits limits) {
        var now = java.time.Instant.now();
        String tenant = com.gaterouter.local.DemoTenant.TENANT_ID;
        var budget = new com.gaterouter.common.accounts.Budget(tenant, scope, scopeId, limits,
                com.gaterouter.common.accounts.Budget.DEFAULT_THRESHOLDS, List.of(), now, now, 1);
        accounts.insert(budget, new com.gaterouter.common.accounts.AuditEntry(tenant, java.util.UUID.randomUUID().toString(), now,
                new com.gaterouter.common.accounts.Actor(com.gaterouter.common.accounts.Actor.Kind.SYSTEM, "overhead-benchmark",
                        Optional.empty()), "budget.create", budget.ref(), Optional.empty(), Optional.empty(), "benchmark"));
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
            System.out.printf("%-12s c=%-3d %7d requests, %4d errors, %8.0f req/s, p50 %.2f ms, p99 %.2f ms%n", label, concurrency,
                    result.requests(), result.errors(), result.requestsPerSecond(), result.percentileMillis(50), result.percentileMillis(99));
        }
        return result;
    }
}
