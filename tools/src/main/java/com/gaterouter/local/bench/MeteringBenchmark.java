package com.gaterouter.local.bench;

import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.http.GatewayHttpServer;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.spend.spool.FileUsageSpool;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.tables.local.DynamoDbLocalServer;
import com.gaterouter.local.DemoTenant;
import com.gaterouter.local.LocalVendors;
import com.gaterouter.router.RouterApp;
import com.gaterouter.router.RouterSettings;
import com.gaterouter.router.RouterWiring;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.vendors.VendorTimeouts;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What metering and budget enforcement cost, measured in one run: the DynamoDB capacity units a
 * request consumes (as DynamoDB reports them with {@code ReturnConsumedCapacity}, and as DynamoDB's
 * published rules compute them for the items actually written), and the latency they add over the
 * same router path with them off ({@link RouterSettings#withMetering}) and over the vendor simulator
 * called directly.
 *
 * <p>The benchmark assembles the local gateway's parts in this JVM — one DynamoDB Local with the
 * template's tables, the demo tenant, the vendor simulator answering instantly, and
 * {@link RouterWiring} — twice, on two ports and over the same DynamoDB Local: one router with
 * metering and enforcement (the demo department has a monthly USD budget and the demo key an RPM
 * limit, so every request reserves against both and settles into all its counters), one with
 * metering off. Each router has its own DynamoDB client with a {@link CapacityRecorder}.
 *
 * <pre>java -cp functions/local/target/gaterouter-local.jar com.gaterouter.local.bench.MeteringBenchmark [requests-per-phase]</pre>
 */
public final class MeteringBenchmark {

    private static final String BODY = """
            {"model":"%s","messages":[{"role":"system","content":"You are terse."},
             {"role":"user","content":"Summarise the benefits of an LLM gateway in one sentence."}],"max_tokens":64}""";
    private static final String VENDOR_KEYS_SECRET = "gaterouter/bench/vendor-keys";
    private static final int[] CONCURRENCY = {1, 32};
    /** Each phase's requests are sent in this many rounds, rotating the paths, so drift hits all three alike. */
    private static final int ROUNDS = 5;

    private record Path(String label, HttpRequest request) {
    }

    public static void main(String[] args) throws Exception {
        measure(args);
        // some parts (spool, HTTP servers' executors) keep non-daemon threads; the figures are printed
        System.exit(0);
    }

    private static void measure(String[] args) throws Exception {
        System.setProperty("gaterouter.logLevel", "WARN");
        com.gaterouter.local.ConsoleLogging.configure(System.getenv());
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Clock clock = Clock.systemUTC();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            DynamoDbLocalServer dynamoServer = DynamoDbLocalServer.start(Optional.empty());
            open.add(dynamoServer);
            DynamoDbClient raw = dynamoServer.client();
            open.add(raw);
            Map<GatewayTable, String> tables = TemplateTables.createAll(raw, TemplateTables.bundled("local"));
            Map<String, String> roles = new HashMap<>();
            tables.forEach((table, name) -> roles.put(name, switch (table) {
                case API_KEYS -> "api-keys";
                case ACCOUNTS -> "accounts";
                case USAGE -> "usage";
                case SPEND -> "spend";
                default -> table.name().toLowerCase(java.util.Locale.ROOT);
            }));

            VendorSimulator simulator = VendorSimulator.start(SimulatorConfig.defaults()
                    .withTimeToFirstToken(Duration.ZERO).withTokensPerSecond(0));
            open.add(simulator);
            LocalVendors vendors = LocalVendors.configure(ModelCatalog.load(Optional.empty()), Map.of(), () -> simulator);

            // the demo tenant, with a department budget and a key RPM limit so enforcement reserves on every request
            var keys = new DynamoDbApiKeyStore(raw, tables.get(GatewayTable.API_KEYS));
            var accounts = new DynamoDbAccountStore(raw, tables.get(GatewayTable.ACCOUNTS), tables.get(GatewayTable.API_KEYS), clock);
            String demoKey = ApiKeySecrets.newSecret();
            String keyId = DemoTenant.seed(accounts, keys, demoKey, clock.instant());
            long departmentMonthlyUsdMicros = 1_000_000L * 1_000_000L; // $1,000,000: never reached here
            long keyRpm = 10_000_000L;
            budget(accounts, clock, BudgetScope.DEPARTMENT, DemoTenant.DEPARTMENT_ID,
                    new Limits(OptionalLong.of(departmentMonthlyUsdMicros), OptionalLong.empty(), OptionalLong.empty(),
                            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()));
            budget(accounts, clock, BudgetScope.KEY, keyId,
                    new Limits(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                            OptionalLong.of(keyRpm), OptionalLong.empty()));

            RouterSettings base = new RouterSettings(tables.get(GatewayTable.API_KEYS), tables.get(GatewayTable.ACCOUNTS),
                    tables.get(GatewayTable.USAGE), Duration.ofDays(400), VENDOR_KEYS_SECRET, Optional.empty(),
                    Duration.ofSeconds(30), Duration.ofMinutes(5), VendorTimeouts.DEFAULT, Optional.empty())
                    .withSpendTable(tables.get(GatewayTable.SPEND), true);
            CapacityRecorder onCapacity = new CapacityRecorder(name -> roles.getOrDefault(name, name));
            CapacityRecorder offCapacity = new CapacityRecorder(name -> roles.getOrDefault(name, name));
            GatewayHttpServer metered = serve(base.withMetering(true), dynamoServer, onCapacity, vendors, clock, open);
            GatewayHttpServer unmetered = serve(base.withMetering(false), dynamoServer, offCapacity, vendors, clock, open);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Path direct = new Path("direct", HttpRequest.newBuilder(URI.create(simulator.openAiBaseUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer sk-benchmark").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted("gpt-4o-mini"))).build());
            Path off = new Path("metering off", gatewayRequest(unmetered.port(), demoKey));
            Path on = new Path("metering on", gatewayRequest(metered.port(), demoKey));

            System.out.printf("GateRouter metering benchmark: %d requests per path per concurrency, %d cores, Java %s%n",
                    n, Runtime.getRuntime().availableProcessors(), Runtime.version());

            // the first request of each router misses the key cache: its reads are what a cache miss costs
            onCapacity.restart();
            HttpResponse<String> first = http.send(on.request(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // the key's lastUsedAt is written off the request path
            List<CapacityRecorder.Call> coldCalls = onCapacity.stop();
            http.send(off.request(), HttpResponse.BodyHandlers.ofString());
            System.out.printf("first metered response: HTTP %d, x-ratelimit-limit-requests=%s, x-ratelimit-remaining-requests=%s, "
                            + "x-gaterouter-budget-remaining-usd=%s%n", first.statusCode(),
                    first.headers().firstValue("x-ratelimit-limit-requests").orElse("-"),
                    first.headers().firstValue("x-ratelimit-remaining-requests").orElse("-"),
                    first.headers().firstValue("x-gaterouter-budget-remaining-usd").orElse("-"));

            // warm every path (JIT, connection pools, DynamoDB Local) before measuring
            int warm = Math.max(200, n / 2);
            for (Path path : List.of(direct, off, on)) {
                run(http, path.request(), 8, warm);
            }

            onCapacity.restart();
            offCapacity.restart();
            List<CapacityRecorder.Call> onCalls = new ArrayList<>();
            Map<Integer, List<CapacityRecorder.Call>> onCallsByConcurrency = new LinkedHashMap<>();
            Map<Integer, Map<String, Long>> failuresByConcurrency = new LinkedHashMap<>();
            Map<Integer, Map<String, long[]>> results = new LinkedHashMap<>();
            Map<String, Long> errors = new HashMap<>();
            long meteredRequests = 0;
            long unmeteredRequests = 0;
            for (int c : CONCURRENCY) {
                Map<String, List<Long>> latencies = new LinkedHashMap<>();
                List<Path> order = new ArrayList<>(List.of(direct, off, on));
                for (int round = 0; round < ROUNDS; round++) {
                    int count = n / ROUNDS + (round < n % ROUNDS ? 1 : 0);
                    for (Path path : order) {
                        HttpLoad.Run run = run(http, path.request(), c, count);
                        latencies.computeIfAbsent(path.label(), k -> new ArrayList<>()).addAll(run.latenciesMicros());
                        errors.merge(path.label() + " c=" + c, run.errors(), Long::sum);
                        if (path == on) {
                            meteredRequests += count;
                        } else if (path == off) {
                            unmeteredRequests += count;
                        }
                    }
                    order.add(order.removeFirst());
                }
                Map<String, long[]> sorted = new LinkedHashMap<>();
                latencies.forEach((label, list) -> {
                    long[] a = list.stream().mapToLong(Long::longValue).toArray();
                    Arrays.sort(a);
                    sorted.put(label, a);
                });
                results.put(c, sorted);
                Thread.sleep(300);
                List<CapacityRecorder.Call> calls = onCapacity.restart();
                onCallsByConcurrency.put(c, calls);
                onCalls.addAll(calls);
                failuresByConcurrency.put(c, onCapacity.takeFailures());
            }
            onCalls.addAll(onCapacity.stop());
            List<CapacityRecorder.Call> offCalls = offCapacity.stop();

            printLatency(results, errors);
            System.out.println();
            System.out.printf("DynamoDB capacity per request, metering on (%d measured requests; key cached, as in steady state):%n",
                    meteredRequests);
            printCapacity(onCalls, meteredRequests, raw);
            System.out.println();
            System.out.printf("DynamoDB capacity per request, metering off (%d measured requests):%n", unmeteredRequests);
            printCapacity(offCalls, unmeteredRequests, raw);
            System.out.println();
            System.out.println("The first request (key-cache miss), metering on:");
            printCapacity(coldCalls, 1, raw);
            printTransactionNote(onCalls);
            System.out.println();
            System.out.println("Time in DynamoDB Local per metered request (mean ms per call, as the router's client saw it):");
            onCallsByConcurrency.forEach((c, calls) -> {
                Map<String, double[]> byPurpose = new TreeMap<>();
                calls.forEach(call -> {
                    double[] a = byPurpose.computeIfAbsent(call.purpose(), k -> new double[2]);
                    a[0] += 1;
                    a[1] += call.micros();
                });
                StringBuilder line = new StringBuilder("  c=" + c + ":");
                byPurpose.forEach((purpose, a) -> line.append(String.format(" %s %.2f ms;", purpose, a[1] / a[0] / 1000)));
                System.out.println(line);
            });
            System.out.println("  (an allowance lease is taken only when a slice runs out, off the path of requests a lease covers; "
                    + "the usage record's PutItem follows the vendor call)");
            failuresByConcurrency.forEach((c, failed) -> System.out.printf("  c=%d: failed DynamoDB calls, retried by the ledger: %s%n",
                    c, failed.isEmpty() ? "none" : failed));
            System.out.println();
            counterFunction(dynamoServer, tables, roles, clock, open);
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }
    }

    /**
     * What the counter function adds per request in AWS: the metered run's usage records, read back from the usage
     * table, go through the function's own aggregation and sink ({@code CounterAggregator}, {@code DynamoDbCounterSink})
     * as stream batches of 1 to 1,000 records of one shard, on a recording client; its writes per request are the
     * counter function's capacity, amortised. (The stream's reads are free to a Lambda trigger.)
     */
    private static void counterFunction(DynamoDbLocalServer dynamoServer, Map<GatewayTable, String> tables, Map<String, String> roles,
                                        Clock clock, List<AutoCloseable> open) {
        CapacityRecorder recorder = new CapacityRecorder(name -> roles.getOrDefault(name, name));
        DynamoDbClient client = recordingClient(dynamoServer, recorder);
        open.add(client);
        var usage = new com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore(client, tables.get(GatewayTable.USAGE), Duration.ofDays(400));
        java.time.LocalDate today = java.time.LocalDate.now(clock);
        List<com.gaterouter.common.usage.UsageRecord> records = new ArrayList<>(usage.findByTenantAndDay(DemoTenant.TENANT_ID, today));
        records.addAll(usage.findByTenantAndDay(DemoTenant.TENANT_ID, today.minusDays(1)));
        records.removeIf(r -> r.status() == com.gaterouter.common.usage.UsageStatus.REFUSED);
        records.sort(java.util.Comparator.comparing(com.gaterouter.common.usage.UsageRecord::occurredAt));
        int leased = (int) records.stream().filter(r -> !r.leases().isEmpty()).count();
        var aggregator = new com.gaterouter.common.spend.CounterAggregator(tenant -> java.time.ZoneOffset.UTC,
                com.gaterouter.common.spend.CounterAggregator.Windows.MONTH_AND_DAY);
        var sink = new com.gaterouter.common.spend.dynamodb.DynamoDbCounterSink(client, tables.get(GatewayTable.SPEND), null, clock);
        System.out.printf("Counter function, amortised (%d usage records of the metered run, %d naming allowance leases, applied as "
                + "stream batches of one shard through CounterAggregator + DynamoDbCounterSink):%n", records.size(), leased);
        System.out.println("| stream batch size | batches | counter writes/req | WCU/req by rules | + usage PutItem = WCU/req on the AWS path |");
        System.out.println("|---|---|---|---|---|");
        for (int size : new int[] {1, 10, 100, 1000}) {
            List<com.gaterouter.common.usage.UsageRecord> slice = records.subList(0, Math.min(records.size(), Math.max(size * 20, 1000)));
            recorder.restart();
            long sequence = 0;
            int batches = 0;
            for (int from = 0; from < slice.size(); from += size) {
                List<com.gaterouter.common.spend.CounterAggregator.Positioned> batch = new ArrayList<>();
                for (var record : slice.subList(from, Math.min(slice.size(), from + size))) {
                    batch.add(new com.gaterouter.common.spend.CounterAggregator.Positioned(
                            com.gaterouter.common.spend.SourcePosition.streamShard("shardId-bench-" + size, Long.toString(++sequence)), record));
                }
                sink.apply(aggregator.aggregate(batch));
                batches++;
            }
            List<CapacityRecorder.Call> calls = recorder.stop();
            double rule = 0;
            for (CapacityRecorder.Call call : calls) {
                for (CapacityRecorder.Written w : call.written()) {
                    rule += CapacityRecorder.writeUnits(w.knownSize() >= 0 ? w.knownSize() : sizeNow(client, w), w.transactional());
                }
            }
            System.out.printf("| %d | %d | %.3f | %.3f | %.3f |%n", size, batches, calls.size() / (double) slice.size(),
                    rule / slice.size(), 1 + rule / slice.size());
        }
        System.out.println("(the usage PutItem is 1 WCU by the rules: every usage item written here is under 1 KB)");
    }

    private static DynamoDbClient recordingClient(DynamoDbLocalServer dynamoServer, CapacityRecorder recorder) {
        return DynamoDbClient.builder()
                .endpointOverride(dynamoServer.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
                .build();
    }

    private static void budget(DynamoDbAccountStore accounts, Clock clock, BudgetScope scope, String scopeId, Limits limits) {
        var now = clock.instant();
        var budget = new Budget(DemoTenant.TENANT_ID, scope, scopeId, limits, Budget.DEFAULT_THRESHOLDS, List.of(), now, now, 1);
        accounts.insert(budget, new AuditEntry(DemoTenant.TENANT_ID, UUID.randomUUID().toString(), now,
                new Actor(Actor.Kind.SYSTEM, "metering-benchmark", Optional.empty()), "budget.create", budget.ref(),
                Optional.empty(), Optional.empty(), "benchmark"));
    }

    /** One router on its own port, over the shared DynamoDB Local through its own recording client. */
    private static GatewayHttpServer serve(RouterSettings settings, DynamoDbLocalServer dynamoServer, CapacityRecorder recorder,
                                           LocalVendors vendors, Clock clock, List<AutoCloseable> open) throws Exception {
        DynamoDbClient client = recordingClient(dynamoServer, recorder);
        open.add(client);
        RouterApp app = RouterWiring.build(settings, client, new StaticSecretsSource().put(VENDOR_KEYS_SECRET, vendors.keyFields()),
                vendors.catalog(), RequestMetrics.NONE, clock, FileUsageSpool.inTemporaryDirectory());
        GatewayHttpServer server = GatewayHttpServer.start(new InetSocketAddress("127.0.0.1", 0),
                List.of(new GatewayHttpServer.Route("/v1/", app::handle)), () -> true, clock);
        open.add(server);
        return server;
    }

    private static HttpRequest gatewayRequest(int port, String key) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted("openai/gpt-4o-mini"))).build();
    }

    /** {@code concurrency} virtual threads send {@code count} requests between them, back to back. */
    private static HttpLoad.Run run(HttpClient http, HttpRequest request, int concurrency, int count) {
        AtomicInteger remaining = new AtomicInteger(count);
        return HttpLoad.run(http, request, concurrency, () -> remaining.getAndDecrement() > 0);
    }

    private static double percentile(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(index, sortedMicros.length - 1))] / 1000.0;
    }

    private static void printLatency(Map<Integer, Map<String, long[]>> results, Map<String, Long> errors) {
        System.out.println();
        System.out.println("| concurrency | path | requests | errors | p50 ms | p90 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        results.forEach((c, byPath) -> byPath.forEach((label, a) -> System.out.printf("| %d | %s | %d | %d | %.2f | %.2f | %.2f |%n",
                c, label, a.length, errors.getOrDefault(label + " c=" + c, 0L), percentile(a, 50), percentile(a, 90), percentile(a, 99))));
        System.out.println();
        results.forEach((c, byPath) -> {
            long[] d = byPath.get("direct");
            long[] off = byPath.get("metering off");
            long[] on = byPath.get("metering on");
            for (double p : new double[] {50, 90, 99}) {
                double pd = percentile(d, p);
                double poff = percentile(off, p);
                double pon = percentile(on, p);
                System.out.printf("c=%d p%.0f: metering+enforcement add %+.2f ms over metering off (%.2fx); "
                                + "gateway with them off adds %+.2f ms over direct (%.2fx); with them on %+.2f ms (%.2fx)%n",
                        c, p, pon - poff, pon / poff, poff - pd, poff / pd, pon - pd, pon / pd);
            }
        });
    }

    /** Per purpose: calls, RCU and WCU per request as reported, and as DynamoDB's published rules compute them. */
    private static void printCapacity(List<CapacityRecorder.Call> calls, long requests, DynamoDbClient raw) {
        Map<String, double[]> byPurpose = new TreeMap<>();
        Map<String, Long> sizes = new HashMap<>();
        long largestWritten = 0;
        for (CapacityRecorder.Call call : calls) {
            double ruleWrite = 0;
            for (CapacityRecorder.Written w : call.written()) {
                long size = w.knownSize() >= 0 ? w.knownSize() : sizes.computeIfAbsent(w.table() + w.key(), k -> sizeNow(raw, w));
                largestWritten = Math.max(largestWritten, size);
                ruleWrite += CapacityRecorder.writeUnits(size, w.transactional());
            }
            String label = call.purpose() + " (" + call.operation() + ")";
            double[] sum = byPurpose.computeIfAbsent(label, k -> new double[7]);
            sum[6] += call.micros();
            sum[0] += 1;
            sum[1] += call.readUnits();
            sum[2] += call.writeUnits();
            sum[3] += call.ruleReadUnits();
            sum[4] += ruleWrite;
            sum[5] += call.written().size();
        }
        System.out.println("| purpose (operation) | calls/req | items written/req | RCU/req reported | WCU/req reported "
                + "| RCU/req by rules | WCU/req by rules | mean ms/call, all c |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        double[] total = new double[7];
        byPurpose.forEach((label, s) -> {
            System.out.printf("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f |%n", label, s[0] / requests, s[5] / requests,
                    s[1] / requests, s[2] / requests, s[3] / requests, s[4] / requests, s[6] / s[0] / 1000);
            for (int i = 0; i < total.length; i++) {
                total[i] += s[i];
            }
        });
        System.out.printf("| **total** | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | |%n", total[0] / requests, total[5] / requests,
                total[1] / requests, total[2] / requests, total[3] / requests, total[4] / requests);
        if (largestWritten > 0) {
            System.out.printf("(largest item written: %d bytes)%n", largestWritten);
        }
    }

    /** DynamoDB Local's per-table figure for the settle transaction, against the published rule. */
    private static void printTransactionNote(List<CapacityRecorder.Call> calls) {
        Map<String, double[]> perTable = new TreeMap<>();
        for (CapacityRecorder.Call call : calls) {
            if (!call.operation().equals("TransactWriteItems")) {
                continue;
            }
            Map<String, Integer> items = new HashMap<>();
            call.written().forEach(w -> items.merge(w.table(), 1, Integer::sum));
            call.unitsByTable().forEach((table, units) -> {
                double[] s = perTable.computeIfAbsent(table, k -> new double[3]);
                s[0] += 1;
                s[1] += units;
                s[2] += items.getOrDefault(table, 0);
            });
        }
        if (perTable.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("Settle transactions, per table (reported by DynamoDB Local vs the rule of 2 WCU per item ≤ 1 KB):");
        perTable.forEach((table, s) -> System.out.printf("  %s: %.1f items per transaction, reported %.2f WCU, rule %.2f WCU%n",
                table, s[2] / s[0], s[1] / s[0], 2 * s[2] / s[0]));
    }

    /** An updated item's size now (after the run), for the write rule: a counter's size barely changes. */
    private static long sizeNow(DynamoDbClient raw, CapacityRecorder.Written w) {
        Map<String, AttributeValue> item = raw.getItem(b -> b.tableName(w.table()).key(w.key()).consistentRead(true)).item();
        return item == null ? 0 : CapacityRecorder.itemSize(item);
    }
}
