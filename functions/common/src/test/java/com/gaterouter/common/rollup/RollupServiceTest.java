package com.gaterouter.common.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.UsageStore;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The roll-up engine against DynamoDB Local. Each test has its own set of the template's tables
 * (a stage of its own), so {@code runAll} sees only that test's tenants.
 *
 * <p>Time: "now" is 6 November 09:30 UTC and the late window 36 hours, so the last final day is
 * 3 November (it ended 4 November 00:00, 33½ hours before now; 4 November ended only 9½ hours ago) and a run
 * recomputes 4 … 6 November. A tenant's first run starts on 1 October, the first day of the previous month.
 * The year is {@link FutureYear#YEAR}: the usage items carry TTLs and DynamoDB Local's sweeper runs on the
 * machine's clock.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RollupServiceTest {

    private static final Instant NOW = FutureYear.instant("YYYY-11-06T09:30:00Z");
    private static final Duration LATE_WINDOW = Duration.ofHours(36);
    private static final LocalDate BACKFILL_FROM = FutureYear.date(10, 1);
    private static final LocalDate LAST_FINAL = FutureYear.date(11, 3);
    private static final Instant FAR = NOW.plus(Duration.ofDays(3650));
    private static final Instant CREATED = FutureYear.instant("YYYY-09-20T08:00:00Z");
    /** Tenants of the tests that need no month boundary start here: fewer days to roll up keeps those tests fast. */
    private static final Instant CREATED_RECENTLY = FutureYear.instant("YYYY-11-01T06:00:00Z");
    private static final AtomicInteger STAGES = new AtomicInteger();

    private static final String[][] MODELS = {
            {"openai/gpt-4o-mini", "openai"}, {"openai/gpt-5", "openai"}, {"anthropic/claude-sonnet-4-5", "anthropic"},
            {"google/gemini-2.5-flash", "google"}, {"deepseek/deepseek-chat", "deepseek"}, {"bedrock/meta.llama3-70b", "bedrock"}};
    private static final String[] TIERS = {"light", "standard", "heavy"};

    /** One test's tables, stores and clock. */
    private static final class World {
        final MutableClock clock = new MutableClock(NOW);
        final DynamoDbAccountStore accounts;
        final DynamoDbUsageStore usage;
        final DynamoDbRollupStore rollups;

        World(LocalTables local) {
            Map<GatewayTable, String> names = TemplateTables.createAll(local.client(),
                    TemplateTables.bundled("rollup" + STAGES.incrementAndGet()));
            accounts = new DynamoDbAccountStore(local.client(), names.get(GatewayTable.ACCOUNTS), names.get(GatewayTable.API_KEYS), clock);
            usage = new DynamoDbUsageStore(local.client(), names.get(GatewayTable.USAGE), Duration.ofDays(400));
            rollups = new DynamoDbRollupStore(local.client(), names.get(GatewayTable.ROLLUPS));
        }

        RollupService service() {
            return service(usage);
        }

        RollupService service(UsageStore source) {
            return new RollupService(accounts, source, rollups, clock, LATE_WINDOW);
        }

        void tenant(String tenantId, Instant createdAt) {
            Tenant tenant = new Tenant(tenantId, "Tenant " + tenantId, ZoneId.of("Europe/Berlin"), EntityStatus.ACTIVE, createdAt, createdAt, 1);
            accounts.insert(tenant, new AuditEntry(tenantId, "aud-" + tenantId, createdAt,
                    new Actor(Actor.Kind.SYSTEM, "test", Optional.empty()), "tenant.create", tenant.ref(), Optional.empty(),
                    Optional.empty(), "req-" + tenantId));
        }

        /** Tenants created recently with {@code count} requests among them (seeded), recorded; returns the requests. */
        List<UsageRecord> recentTenantsWithUsage(long seed, List<String> tenantIds, int count) {
            tenantIds.forEach(t -> tenant(t, CREATED_RECENTLY));
            List<UsageRecord> records = generate(new Random(seed), tenantIds, count, CREATED_RECENTLY, NOW, "r-");
            record(records);
            return records;
        }

        void record(Collection<UsageRecord> records) {
            records.parallelStream().forEach(usage::record);
        }

        /** Every roll-up row stored for these tenants. */
        Map<RowKey, RollupTotals> stored(Collection<String> tenantIds) {
            Map<RowKey, RollupTotals> rows = new HashMap<>();
            for (String tenantId : tenantIds) {
                for (RollupDimension dimension : RollupDimension.values()) {
                    Stream.concat(rollups.query(tenantId, dimension, Granularity.DAY, "2000-01-01", "2999-12-31").stream(),
                                    rollups.query(tenantId, dimension, Granularity.MONTH, "2000-01", "2999-12").stream())
                            .forEach(row -> rows.put(new RowKey(row.tenantId(), row.dimension(), row.granularity(), row.period(),
                                    row.value()), row.totals()));
                }
            }
            return rows;
        }
    }

    private record RowKey(String tenantId, RollupDimension dimension, Granularity granularity, String period, String value) {
    }

    /**
     * What the roll-ups must be, computed straight from the records — not through {@link Rollups},
     * {@link RollupDimension#valueOf} or {@link RollupTotals#of} — so that the engine is checked
     * against an independent statement of the rules.
     */
    private static Map<RowKey, RollupTotals> bruteForce(Collection<UsageRecord> records) {
        Map<RowKey, long[]> sums = new HashMap<>();
        for (UsageRecord r : records) {
            String day = LocalDate.ofInstant(r.occurredAt(), ZoneOffset.UTC).toString();
            String month = day.substring(0, 7);
            for (RollupDimension dimension : RollupDimension.values()) {
                String value = switch (dimension) {
                    case DEPARTMENT -> r.principal().departmentId();
                    case PROJECT -> r.principal().projectId();
                    case USER -> r.principal().userId();
                    case KEY -> r.principal().keyId();
                    case MODEL -> r.servedModel();
                    case VENDOR -> r.vendor();
                    case TIER -> r.route().isPresent() ? r.route().get().tier() : "none";
                };
                String tenant = r.principal().tenantId();
                add(sums.computeIfAbsent(new RowKey(tenant, dimension, Granularity.DAY, day, value), k -> new long[14]), r);
                add(sums.computeIfAbsent(new RowKey(tenant, dimension, Granularity.MONTH, month, value), k -> new long[14]), r);
            }
        }
        Map<RowKey, RollupTotals> expected = new HashMap<>();
        sums.forEach((key, s) -> expected.put(key, new RollupTotals(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9],
                s[10], s[11], s[12], s[13])));
        return expected;
    }

    private static void add(long[] s, UsageRecord r) {
        if (r.status() == UsageStatus.REFUSED) {
            // a refusal is counted as such and nowhere else: not a request, not an error, no tokens, no cost, not routed
            s[13] += 1;
            return;
        }
        s[0] += 1;
        s[1] += r.status() == UsageStatus.SUCCEEDED ? 0 : 1;
        s[2] += r.tokens().promptTokens();
        s[3] += r.tokens().cachedPromptTokens();
        s[4] += r.tokens().completionTokens();
        s[5] += r.tokens().reasoningTokens();
        s[6] += r.costMicros();
        if (r.route().isPresent() && !r.route().get().shadow()) {
            s[7] += 1;
            s[8] += r.costMicros();
            s[9] += r.route().get().referenceCostMicros();
        }
        if (r.route().isPresent() && r.route().get().shadow()) {
            s[10] += 1;
            s[11] += r.costMicros();
            s[12] += r.route().get().routedCostMicros();
        }
    }

    /** Random requests of {@code tenants} at random milliseconds in {@code [from, to)}, a few exactly on UTC midnights. */
    private static List<UsageRecord> generate(Random random, List<String> tenants, int count, Instant from, Instant to, String idPrefix) {
        List<UsageRecord> records = new ArrayList<>();
        long span = to.toEpochMilli() - from.toEpochMilli();
        for (int i = 0; i < count; i++) {
            Instant at = Instant.ofEpochMilli(from.toEpochMilli() + random.nextLong(span));
            if (random.nextInt(20) == 0) {
                // the first and the last millisecond of a UTC day: the day boundary is exactly midnight UTC
                Instant midnight = LocalDate.ofInstant(at, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant edge = random.nextBoolean() ? midnight : midnight.plus(Duration.ofDays(1)).minusMillis(1);
                at = edge.isBefore(from) || !edge.isBefore(to) ? at : edge;
            }
            records.add(usage(random, tenants.get(random.nextInt(tenants.size())), idPrefix + i, at));
        }
        return records;
    }

    private static UsageRecord usage(Random random, String tenant, String requestId, Instant at) {
        String department = "dept-" + random.nextInt(3);
        String user = "user-" + random.nextInt(6);
        Principal principal = new Principal(tenant, department, department + "-proj-" + random.nextInt(2), user,
                "key_" + user + "_" + random.nextInt(2));
        String[] model = MODELS[random.nextInt(MODELS.length)];
        long prompt = random.nextInt(8_000);
        long cached = random.nextLong(prompt + 1) / 2;
        long cacheWrite = random.nextLong(prompt - cached + 1) / 3;
        long completion = random.nextInt(3_000);
        TokenUsage tokens = new TokenUsage(prompt, cached, cacheWrite, completion, random.nextLong(completion + 1) / 2);
        UsageStatus status = switch (random.nextInt(10)) {
            case 0 -> UsageStatus.VENDOR_FAILED;
            case 1 -> UsageStatus.CLIENT_DISCONNECTED;
            case 2 -> UsageStatus.REFUSED;
            default -> UsageStatus.SUCCEEDED;
        };
        Optional<RouteDecision> route = random.nextInt(5) < 2 ? Optional.empty() : Optional.of(new RouteDecision(
                TIERS[random.nextInt(TIERS.length)], random.nextInt(1_001) / 1000.0, List.of("auto", "code"), random.nextInt(3) == 0,
                MODELS[random.nextInt(MODELS.length)][0], "openai/gpt-5", random.nextInt(40_000), random.nextInt(90_000)));
        if (status == UsageStatus.REFUSED) {
            // refused before any vendor call (429 budget or rate limit, 403 model not allowed): no tokens, no cost;
            // an auto request keeps the router's decision (its tier), whose would-be costs a refusal must not count
            return new UsageRecord(requestId, principal, route.isPresent() ? "auto" : model[0], model[0], model[1], 0,
                    TokenUsage.NONE, 0, 0, 0, status, random.nextBoolean() ? 429 : 403, random.nextBoolean(), at, route, List.of());
        }
        long cost = status == UsageStatus.VENDOR_FAILED && random.nextBoolean() ? 0 : random.nextInt(60_000);
        return new UsageRecord(requestId, principal, route.isPresent() ? "auto" : model[0], model[0], model[1], 1 + random.nextInt(3),
                tokens, cost, 100 + random.nextInt(5_000), 50 + random.nextInt(500), status,
                status == UsageStatus.VENDOR_FAILED ? 502 : 200, random.nextBoolean(), at, route, List.of());
    }

    private static Predicate<UsageRecord> onOrBefore(LocalDate day) {
        return r -> !LocalDate.ofInstant(r.occurredAt(), ZoneOffset.UTC).isAfter(day);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 42})
    void rollUpsEqualABruteForceRecomputationFromRawUsageAcrossRerunsLateRecordsAndConcurrentRuns(long seed, LocalTables local) {
        World world = new World(local);
        Random random = new Random(seed);
        List<String> tenants = List.of("acme-" + seed, "globex-" + seed);
        tenants.forEach(t -> world.tenant(t, CREATED));
        // 37 days (1 October … 6 November) across the October/November boundary
        List<UsageRecord> initial = generate(random, tenants, 500, BACKFILL_FROM.atStartOfDay(ZoneOffset.UTC).toInstant(), NOW, "r-");
        world.record(initial);

        RollupRun first = world.service().runAll(FAR);

        assertThat(first).extracting(RollupRun::tenants, RollupRun::days, RollupRun::records, RollupRun::complete)
                .containsExactly(2, 2 * 37, (long) initial.size(), true);
        Map<RowKey, RollupTotals> afterFirst = world.stored(tenants);
        assertThat(afterFirst).isEqualTo(bruteForce(initial));
        assertThat(afterFirst.values()).as("refusals are rolled up beside requests, and some rows hold refusals only")
                .anyMatch(t -> t.refusals() > 0 && t.requests() > 0).anyMatch(t -> t.refusals() > 0 && t.requests() == 0);
        tenants.forEach(t -> assertThat(world.rollups.watermark(t)).contains(LAST_FINAL));

        RollupRun again = world.service().runAll(FAR);
        assertThat(again.days()).as("only the days not final yet: 11-04 … 11-06").isEqualTo(2 * 3);
        assertThat(world.stored(tenants)).as("re-running changes nothing").isEqualTo(afterFirst);

        // a day later: 11-04 is final now; late records settle for days all over the range, and 11-07 begins
        world.clock.set(NOW.plus(Duration.ofDays(1)));
        List<UsageRecord> late = generate(random, tenants, 150, BACKFILL_FROM.atStartOfDay(ZoneOffset.UTC).toInstant(),
                NOW.plus(Duration.ofDays(1)), "late-");
        world.record(late);
        CompletableFuture<RollupRun> one = CompletableFuture.supplyAsync(() -> world.service().runAll(FAR));
        CompletableFuture<RollupRun> two = CompletableFuture.supplyAsync(() -> world.service().runAll(FAR));
        assertThat(List.of(one.join(), two.join())).allMatch(RollupRun::complete);

        // late records for a day at or before the watermark (11-03) come too late: they are not counted
        List<UsageRecord> counted = concat(initial, late.stream().filter(onOrBefore(LAST_FINAL).negate()).toList());
        assertThat(late).anyMatch(onOrBefore(LAST_FINAL)).anyMatch(onOrBefore(LAST_FINAL).negate());
        Map<RowKey, RollupTotals> afterLate = world.stored(tenants);
        assertThat(afterLate).isEqualTo(bruteForce(counted));
        tenants.forEach(t -> assertThat(world.rollups.watermark(t)).contains(LAST_FINAL.plusDays(1)));

        world.service().runAll(FAR);
        assertThat(world.stored(tenants)).as("re-running changes nothing").isEqualTo(afterLate);
    }

    @Test
    void aDeadlineInThePastDoesNothingAndALaterRunFinishes(LocalTables local) {
        World world = new World(local);
        List<UsageRecord> records = world.recentTenantsWithUsage(3, List.of("acme"), 120);

        RollupRun all = world.service().runAll(NOW.minusSeconds(1));
        RollupRun one = world.service().runTenant("acme", NOW.minusSeconds(1));

        assertThat(all).extracting(RollupRun::tenants, RollupRun::days, RollupRun::rows, RollupRun::complete).containsExactly(0, 0, 0L, false);
        assertThat(one).extracting(RollupRun::tenants, RollupRun::days, RollupRun::rows, RollupRun::complete).containsExactly(1, 0, 0L, false);
        assertThat(world.stored(List.of("acme"))).isEmpty();
        assertThat(world.rollups.watermark("acme")).isEmpty();

        assertThat(world.service().runTenant("acme", FAR).complete()).isTrue();
        assertThat(world.stored(List.of("acme"))).isEqualTo(bruteForce(records));
    }

    @Test
    void aRunStoppedAtItsDeadlineKeepsMonthRowsConsistentAdvancesTheWatermarkOverWhatItDidAndTheNextRunResumes(LocalTables local) {
        World world = new World(local);
        List<UsageRecord> records = world.recentTenantsWithUsage(5, List.of("acme"), 200);
        LocalDate stopAfter = FutureYear.date(11, 3);
        Instant deadline = NOW.plus(Duration.ofMinutes(1));
        // time runs out while 3 November is being read
        UsageStore slow = readingThen(world.usage, (tenant, day) -> {
            if (day.equals(stopAfter)) {
                world.clock.set(deadline);
            }
        });

        RollupRun stopped = world.service(slow).runAll(deadline);

        assertThat(stopped).extracting(RollupRun::days, RollupRun::complete).containsExactly(3, false);
        assertThat(world.rollups.watermark("acme")).contains(stopAfter);
        assertThat(world.stored(List.of("acme"))).as("day rows of the days done, month rows of those days")
                .isEqualTo(bruteForce(records.stream().filter(onOrBefore(stopAfter)).toList()));

        world.clock.set(NOW.plus(Duration.ofMinutes(2)));
        RollupRun resumed = world.service().runAll(FAR);

        assertThat(resumed).extracting(RollupRun::days, RollupRun::complete).containsExactly(3, true);
        assertThat(world.stored(List.of("acme"))).isEqualTo(bruteForce(records));
        assertThat(world.rollups.watermark("acme")).contains(LAST_FINAL);
    }

    @Test
    void aLateRecordInsideTheWindowIsCountedOneForADayBehindTheWatermarkIsNotUntilARecomputeFromThatDay(LocalTables local) {
        World world = new World(local);
        world.tenant("acme", CREATED_RECENTLY);
        Random random = new Random(11);
        UsageRecord onTime = usage(random, "acme", "on-time", FutureYear.instant("YYYY-11-02T10:00:00Z"));
        world.record(List.of(onTime));
        world.service().runAll(FAR);
        assertThat(world.rollups.watermark("acme")).contains(LAST_FINAL);

        UsageRecord insideWindow = usage(random, "acme", "late-inside", FutureYear.instant("YYYY-11-04T23:59:59.999Z"));
        UsageRecord behindWatermark = usage(random, "acme", "late-behind", FutureYear.instant("YYYY-11-03T12:00:00Z"));
        world.record(List.of(insideWindow, behindWatermark));
        world.service().runAll(FAR);

        assertThat(world.stored(List.of("acme"))).isEqualTo(bruteForce(List.of(onTime, insideWindow)));

        RollupRun recomputed = world.service().recompute("acme", FutureYear.date(11, 3), FAR);
        assertThat(recomputed.days()).isEqualTo(4);
        assertThat(world.stored(List.of("acme"))).as("an explicit recompute counts it")
                .isEqualTo(bruteForce(List.of(onTime, insideWindow, behindWatermark)));
    }

    @Test
    void aTenantNeverRolledUpStartsAtTheFirstDayOfThePreviousMonthOrAtItsCreation(LocalTables local) {
        World world = new World(local);
        world.tenant("old", FutureYear.instant("YYYY-01-01T00:00:00Z").minus(Duration.ofDays(365)));
        world.tenant("new", FutureYear.instant("YYYY-11-05T18:00:00Z"));
        Random random = new Random(13);
        UsageRecord beforeBackfill = usage(random, "old", "before", FutureYear.instant("YYYY-09-30T23:59:59.999Z"));
        UsageRecord firstDay = usage(random, "old", "first", FutureYear.instant("YYYY-10-01T00:00:00Z"));
        UsageRecord newTenants = usage(random, "new", "new-1", FutureYear.instant("YYYY-11-05T19:00:00Z"));
        world.record(List.of(beforeBackfill, firstDay, newTenants));

        RollupRun run = world.service().runAll(FAR);

        assertThat(run.days()).isEqualTo(37 + 2);
        assertThat(world.stored(List.of("old", "new"))).isEqualTo(bruteForce(List.of(firstDay, newTenants)));
        assertThat(world.rollups.watermark("new")).as("none of its days is final yet").isEmpty();
    }

    @Test
    void aFailingTenantFailsTheRunWithoutStoppingTheOthersAndKeepsItsWatermark(LocalTables local) {
        World world = new World(local);
        List<UsageRecord> records = world.recentTenantsWithUsage(17, List.of("good", "bad"), 60);
        UsageStore failing = readingThen(world.usage, (tenant, day) -> {
            if (tenant.equals("bad") && day.equals(FutureYear.date(11, 2))) {
                throw new IllegalStateException("throttled");
            }
        });

        assertThatThrownBy(() -> world.service(failing).runAll(FAR))
                .isInstanceOfSatisfying(RollupFailedException.class, e -> {
                    assertThat(e.failures()).containsOnlyKeys("bad");
                    assertThat(e.run()).extracting(RollupRun::tenants, RollupRun::complete).containsExactly(1, false);
                })
                .hasRootCauseMessage("throttled");
        assertThat(world.stored(List.of("good"))).isEqualTo(bruteForce(records.stream().filter(r -> r.principal().tenantId().equals("good")).toList()));
        assertThat(world.rollups.watermark("bad")).isEmpty();
        assertThatThrownBy(() -> world.service().runTenant("nobody", FAR)).isInstanceOf(IllegalArgumentException.class);
    }

    /** {@code source}, calling {@code afterRead} after each day it reads. */
    private static UsageStore readingThen(UsageStore source, BiConsumer<String, LocalDate> afterRead) {
        return new UsageStore() {
            @Override
            public WriteOutcome record(UsageRecord usage) {
                return source.record(usage);
            }

            @Override
            public List<UsageRecord> findByTenantAndDay(String tenantId, LocalDate day) {
                List<UsageRecord> records = source.findByTenantAndDay(tenantId, day);
                afterRead.accept(tenantId, day);
                return records;
            }
        };
    }
}
