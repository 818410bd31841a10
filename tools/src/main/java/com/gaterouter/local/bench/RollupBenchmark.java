package com.gaterouter.local.bench;

import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.rollup.RollupRun;
import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.tables.local.DynamoDbLocalServer;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What the spend roll-up costs over reading the usage it rolls up, measured in one run against an
 * in-process DynamoDB Local with the template's tables:
 * <ol>
 *   <li>load: N usage records for a few tenants, spread evenly over the 51 UTC days 2026-10-01 …
 *       2026-11-20 (BatchWriteItem, 25 items each, several writers at once); timed on its own;</li>
 *   <li>read baseline: every tenant-day read back through {@code findByTenantAndDay} with the same
 *       shape as the roll-up (tenants 4 at a time, days in order, shards in parallel): the part of
 *       the roll-up's cost that no roll-up design can avoid;</li>
 *   <li>first roll-up: {@link RollupService#runAll} over tenants never rolled up (every day read,
 *       rolled up and written, month rows rebuilt), as a time and as a ratio to the read;</li>
 *   <li>steady state: the next scheduled run, which recomputes only the days inside the late window.</li>
 * </ol>
 * The clock is fixed at 2026-11-20 12:00 UTC and the late window is 48 hours. Records have realistic
 * cardinalities per tenant (departments, projects, users, keys, models, vendors, tiers; 60% routed,
 * a third of those in shadow mode; 10% failed).
 *
 * <pre>java -cp functions/local/target/gaterouter-local.jar com.gaterouter.local.bench.RollupBenchmark [records] [tenants]</pre>
 */
public final class RollupBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 10, 1);
    private static final int DAYS = (int) (NOW.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay() - FIRST_DAY.toEpochDay() + 1);
    private static final Duration LATE_WINDOW = Duration.ofHours(48);
    private static final Duration RETENTION = Duration.ofDays(400);
    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");
    private static final int WRITERS = 8;
    private static final int BATCH = 25;
    private static final String[][] MODELS = {
            {"openai/gpt-4o-mini", "openai"}, {"openai/gpt-5", "openai"}, {"openai/gpt-5-mini", "openai"},
            {"anthropic/claude-sonnet-4-5", "anthropic"}, {"anthropic/claude-haiku-4-5", "anthropic"},
            {"google/gemini-2.5-flash", "google"}, {"deepseek/deepseek-chat", "deepseek"}, {"bedrock/meta.llama3-70b", "bedrock"}};
    private static final String[] TIERS = {"light", "standard", "heavy"};

    private RollupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("gaterouter.logLevel", "WARN");
        com.gaterouter.local.ConsoleLogging.configure(System.getenv());
        long records = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 1_000_000;
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(Optional.empty()); DynamoDbClient dynamo = server.client()) {
            measure(dynamo, records, tenants);
        }
        // DynamoDB Local's server keeps non-daemon threads; the figures are printed
        System.exit(0);
    }

    private static void measure(DynamoDbClient dynamo, long records, int tenants) throws Exception {
        Map<GatewayTable, String> tables = TemplateTables.createAll(dynamo, TemplateTables.bundled("bench"));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var accounts = new DynamoDbAccountStore(dynamo, tables.get(GatewayTable.ACCOUNTS), tables.get(GatewayTable.API_KEYS), clock);
        var usage = new DynamoDbUsageStore(dynamo, tables.get(GatewayTable.USAGE), RETENTION);
        var rollups = new DynamoDbRollupStore(dynamo, tables.get(GatewayTable.ROLLUPS));
        List<String> tenantIds = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            tenantIds.add("bench-" + t);
            createTenant(accounts, tenantIds.getLast());
        }
        System.out.printf("GateRouter roll-up benchmark: %,d usage records, %d tenants, %d UTC days (%s … %s), late window %s, "
                        + "%d cores, Java %s, DynamoDB Local in memory%n", records, tenants, DAYS, FIRST_DAY,
                FIRST_DAY.plusDays(DAYS - 1), LATE_WINDOW, Runtime.getRuntime().availableProcessors(), Runtime.version());

        long loadNanos = time(() -> load(dynamo, tables.get(GatewayTable.USAGE), records, tenantIds));
        report("load (BatchWriteItem, " + WRITERS + " writers)", records, loadNanos);

        AtomicLong read = new AtomicLong();
        long readNanos = time(() -> readAll(usage, tenantIds, read));
        check("read", read.get(), records);
        report("read baseline (findByTenantAndDay)", records, readNanos);

        RollupService service = new RollupService(accounts, usage, rollups, clock, LATE_WINDOW);
        RollupRun[] first = new RollupRun[1];
        long rollupNanos = time(() -> first[0] = service.runAll(FAR));
        check("roll-up", first[0].records(), records);
        report("first roll-up (runAll, every day)", records, rollupNanos);
        System.out.printf("    %s%n    roll-up / read = %.2f%n", first[0], (double) rollupNanos / readNanos);

        RollupRun[] steady = new RollupRun[1];
        long steadyNanos = time(() -> steady[0] = service.runAll(FAR));
        System.out.printf("%-44s %,10.0f ms  (%d tenant-days, %,d records, %,d rows: the late window only)%n",
                "steady-state run (watermark set)", steadyNanos / 1e6, steady[0].days(), steady[0].records(), steady[0].rows());
    }

    private static void createTenant(DynamoDbAccountStore accounts, String tenantId) {
        Instant created = FIRST_DAY.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant();
        Tenant tenant = new Tenant(tenantId, "Benchmark " + tenantId, ZoneOffset.UTC, EntityStatus.ACTIVE, created, created, 1);
        accounts.insert(tenant, new AuditEntry(tenantId, "aud-" + tenantId, created,
                new Actor(Actor.Kind.SYSTEM, "rollup-benchmark", Optional.empty()), "tenant.create", tenant.ref(), Optional.empty(),
                Optional.empty(), "benchmark"));
    }

    /** Writes records {@code 0 … count-1}, each writer its own contiguous range, generated as they go (nothing is kept). */
    private static void load(DynamoDbClient dynamo, String table, long count, List<String> tenantIds) throws Exception {
        long perWriter = (count + WRITERS - 1) / WRITERS;
        AtomicLong written = new AtomicLong();
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            for (int w = 0; w < WRITERS; w++) {
                long from = w * perWriter;
                long to = Math.min(count, from + perWriter);
                writers.add(pool.submit(() -> {
                    List<WriteRequest> batch = new ArrayList<>(BATCH);
                    for (long i = from; i < to; i++) {
                        UsageRecord record = record(i, count, tenantIds);
                        batch.add(WriteRequest.builder().putRequest(PutRequest.builder()
                                .item(DynamoDbUsageStore.toItem(record, RETENTION)).build()).build());
                        if (batch.size() == BATCH || i == to - 1) {
                            write(dynamo, table, batch);
                            progress(written.addAndGet(batch.size()), count);
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                    return null;
                }));
            }
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.getOrDefault(table, List.of()).isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }

    private static void progress(long written, long count) {
        long step = Math.max(BATCH, count / 10 / BATCH * BATCH);
        if (written % step < BATCH) {
            System.err.printf("  loaded %,d / %,d%n", written, count);
        }
    }

    /** Record {@code i}: tenants round-robin, spread evenly over the days, the rest pseudo-random from {@code i}. */
    private static UsageRecord record(long i, long count, List<String> tenantIds) {
        SplittableRandom random = new SplittableRandom(i);
        String tenant = tenantIds.get((int) (i % tenantIds.size()));
        long dayMillis = Duration.ofDays(1).toMillis();
        long spanMillis = Duration.between(FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant(), NOW).toMillis();
        Instant at = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant()
                .plusMillis(Math.min(spanMillis - 1, i * spanMillis / count + random.nextLong(dayMillis / 24)));
        int department = random.nextInt(5);
        int user = random.nextInt(200);
        Principal principal = new Principal(tenant, "dept_" + department, "proj_" + department + "_" + random.nextInt(4),
                "user_" + user, "key_" + user + "_" + random.nextInt(2));
        String[] model = MODELS[random.nextInt(MODELS.length)];
        long prompt = random.nextInt(8_000);
        long cached = random.nextLong(prompt + 1) / 2;
        long completion = random.nextInt(2_000);
        UsageStatus status = random.nextInt(10) == 0 ? UsageStatus.VENDOR_FAILED : UsageStatus.SUCCEEDED;
        Optional<RouteDecision> route = random.nextInt(10) < 4 ? Optional.empty() : Optional.of(new RouteDecision(
                TIERS[random.nextInt(TIERS.length)], random.nextInt(1_001) / 1000.0, List.of("auto", "short_prompt"),
                random.nextInt(3) == 0, model[0], "openai/gpt-5", random.nextInt(30_000), random.nextInt(90_000)));
        return new UsageRecord("req_" + i, principal, route.isPresent() ? "auto" : model[0], model[0], model[1], 1,
                new TokenUsage(prompt, cached, 0, completion, 0), random.nextInt(50_000), 200 + random.nextInt(4_000),
                100 + random.nextInt(500), status, status == UsageStatus.SUCCEEDED ? 200 : 502, random.nextBoolean(), at, route,
                List.of());
    }

    /** Every tenant-day through the usage store, shaped like the roll-up: 4 tenants at a time, each tenant's days in order. */
    private static void readAll(DynamoDbUsageStore usage, List<String> tenantIds, AtomicLong read) throws Exception {
        Semaphore permits = new Semaphore(RollupService.DEFAULT_TENANT_PARALLELISM);
        List<Future<?>> readers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String tenantId : tenantIds) {
                readers.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        for (int d = 0; d < DAYS; d++) {
                            read.addAndGet(usage.findByTenantAndDay(tenantId, FIRST_DAY.plusDays(d)).size());
                        }
                    } finally {
                        permits.release();
                    }
                    return null;
                }));
            }
        }
        for (Future<?> reader : readers) {
            reader.get();
        }
    }

    private static void check(String what, long seen, long expected) {
        if (seen != expected) {
            throw new IllegalStateException(what + " saw " + seen + " records, expected " + expected);
        }
    }

    private static void report(String what, long records, long nanos) {
        System.out.printf("%-44s %,10.0f ms  %,10.0f records/s%n", what, nanos / 1e6, records / (nanos / 1e9));
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static long time(Timed timed) throws Exception {
        long start = System.nanoTime();
        timed.run();
        return System.nanoTime() - start;
    }
}
