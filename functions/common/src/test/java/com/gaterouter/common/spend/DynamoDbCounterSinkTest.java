package com.gaterouter.common.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.spend.CounterAggregator.Positioned;
import com.gaterouter.common.spend.CounterAggregator.Windows;
import com.gaterouter.common.spend.CounterSink.Applied;
import com.gaterouter.common.spend.dynamodb.DynamoDbCounterSink;
import com.gaterouter.common.spend.dynamodb.DynamoDbCounterSinkAccess;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counters applied from aggregated usage batches on DynamoDB Local: exactly once under every redelivery a
 * stream's consumer sees — the same batch twice, a batch split and retried after a partial failure, a
 * redelivery with more records appended, two shards interleaved — and one write per distinct counter.
 * Records fall in {@link com.gaterouter.common.testing.FutureYear} (counter items carry TTLs).
 */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbCounterSinkTest {

    private final UsageBatchFixtures fixtures = new UsageBatchFixtures("t-" + UUID.randomUUID());
    private final CounterAggregator aggregator = new CounterAggregator(fixtures.zones(), Windows.WITH_MINUTES);
    private final AtomicInteger writes = new AtomicInteger();
    private final DoubleAdder units = new DoubleAdder();

    private final MutableClock clock = new MutableClock(UsageBatchFixtures.BASE.plus(Duration.ofDays(1)));
    private final AtomicInteger prunes = new AtomicInteger();

    private DynamoDbCounterSink sink(LocalTables tables) {
        return new DynamoDbCounterSink(tables.client(), tables.name(GatewayTable.SPEND), (label, u) -> {
            if (label.equals(DynamoDbCounterSink.PRUNE)) {
                prunes.incrementAndGet();
                return;
            }
            assertThat(label).isEqualTo(DynamoDbCounterSink.COUNT);
            writes.incrementAndGet();
            units.add(u);
        }, clock);
    }

    private static Map<String, AttributeValue> item(LocalTables tables, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(key).consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    private List<Positioned> shard(String shardId, int count, long seed) {
        Random random = new Random(seed);
        return fixtures.shard(shardId, shardId + "-" + seed, UsageBatchFixtures.randomSpecs(random, count), 0, random);
    }

    private Map<Counter, CounterSums> expected(List<List<Positioned>> shards) {
        List<com.gaterouter.common.usage.UsageRecord> all = new ArrayList<>();
        shards.forEach(shard -> shard.forEach(p -> all.add(p.usage())));
        return fixtures.expected(all, true);
    }

    /** What the counters of {@code expected} hold now (consistent reads), in its keys. */
    private static Map<Counter, CounterSums> stored(LocalTables tables, Map<Counter, CounterSums> expected) {
        Map<Counter, CounterSums> stored = new HashMap<>();
        for (Counter counter : expected.keySet()) {
            Map<String, AttributeValue> item = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                    .key(SpendKeys.key(counter)).consistentRead(true)).item();
            stored.put(counter, new CounterSums(number(item, SpendKeys.SETTLED_USD),
                    number(item, SpendKeys.SETTLED_TOKENS), number(item, SpendKeys.REQUESTS)));
        }
        return stored;
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item == null ? null : item.get(attribute);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    /** A batch as if only the counters {@code written} took it (and every lease tally): a partial failure. */
    private static CounterBatch onlyThe(CounterBatch batch, Predicate<Counter> written) {
        return onlyThe(batch, written, lease -> true);
    }

    /** A batch as if only the counters and lease tallies {@code written} took it: a partial failure. */
    private static CounterBatch onlyThe(CounterBatch batch, Predicate<Counter> written, Predicate<String> writtenLease) {
        Map<Counter, CounterBatch.Contributions> some = new LinkedHashMap<>();
        batch.counters().forEach((counter, contributions) -> {
            if (written.test(counter)) {
                some.put(counter, contributions);
            }
        });
        Map<String, CounterBatch.LeaseTally> leases = new LinkedHashMap<>();
        batch.leases().forEach((lease, tally) -> {
            if (writtenLease.test(lease)) {
                leases.put(lease, tally);
            }
        });
        return new CounterBatch(batch.source(), some, leases);
    }

    @Test
    void aFailedWriteNamesTheEarliestRecordNotFullyApplied(LocalTables tables) {
        List<Positioned> records = shard("shardId-f", 40, 31);
        CounterBatch batch = aggregator.aggregate(records);
        // every counter of the 7th record's caller fails: records before its first record in the batch are applied
        var failingCaller = records.get(6).usage().principal();
        String failingKey = SpendKeys.partitionKey(new Counter(failingCaller.tenantId(),
                BudgetScope.KEY, failingCaller.keyId(), new Window.Month(YearMonth.of(2000, 1))));
        var real = tables.client();
        var failing = (DynamoDbClient) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("updateItem") && args[0] instanceof UpdateItemRequest u
                            && u.key().get(SpendKeys.PK).s().equals(failingKey)) {
                        throw ProvisionedThroughputExceededException.builder().message("test").build();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        String firstOfCaller = records.stream().filter(p -> p.usage().principal().keyId().equals(failingCaller.keyId())
                && p.usage().principal().tenantId().equals(failingCaller.tenantId()) && p.usage().status() != UsageStatus.REFUSED)
                .findFirst().orElseThrow().at().position();

        assertThatThrownBy(() -> new DynamoDbCounterSink(failing, tables.name(GatewayTable.SPEND), null, clock).apply(batch))
                .isInstanceOfSatisfying(CounterSink.PartlyApplied.class, e -> assertThat(e.firstUnapplied()).isEqualTo(firstOfCaller));
        sink(tables).apply(aggregator.aggregate(records));

        assertThat(stored(tables, expected(List.of(records)))).isEqualTo(expected(List.of(records)));
    }

    @Test
    void aBatchMovesEveryCounterByItsSumsWithOneWriteOfOneUnitPerDistinctCounter(LocalTables tables) {
        // a busy second: 200 requests of the fixtures' 12 callers
        Random random = new Random(1);
        List<Positioned> records = fixtures.shard("shardId-a", "busy", UsageBatchFixtures.randomSpecs(random, 200, 1), 0, random);
        CounterBatch batch = aggregator.aggregate(records);
        // a counter that reserve/settle already use keeps its attributes
        Counter settled = batch.counters().keySet().iterator().next();
        tables.client().putItem(b -> b.tableName(tables.name(GatewayTable.SPEND)).item(Map.of(
                SpendKeys.PK, AttributeValue.fromS(SpendKeys.partitionKey(settled)),
                SpendKeys.SK, AttributeValue.fromS(SpendKeys.sortKey(settled)),
                SpendKeys.COMMITTED_USD, AttributeValue.fromN("777"))));

        Applied applied = sink(tables).apply(batch);

        assertThat(applied).isEqualTo(new Applied(batch.counters().size(), 0));
        assertThat(batch.counters().size()).isLessThan(2 * 12 * 13);
        assertThat(writes.get()).isEqualTo(batch.counters().size());
        assertThat(units.sum()).isEqualTo(batch.counters().size());
        System.out.printf("200 usage records -> %d distinct counters -> %d writes, %.1f WCU%n",
                batch.counters().size(), writes.get(), units.sum());
        assertThat(stored(tables, expected(List.of(records)))).isEqualTo(expected(List.of(records)));
        Map<String, AttributeValue> item = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(SpendKeys.key(settled)).consistentRead(true)).item();
        assertThat(item.get(SpendKeys.COMMITTED_USD).n()).isEqualTo("777");
        assertThat(item.get(SpendKeys.EXPIRES_AT).n()).isEqualTo(Long.toString(SpendKeys.expiresAt(settled.window())));
    }

    @Test
    void theSameBatchAppliedTwiceMovesTheCountersOnce(LocalTables tables) {
        List<Positioned> records = shard("shardId-a", 100, 2);
        CounterBatch batch = aggregator.aggregate(records);
        DynamoDbCounterSink sink = sink(tables);

        sink.apply(batch);
        int firstWrites = writes.get();
        Applied again = sink.apply(batch);

        assertThat(again).isEqualTo(new Applied(0, batch.counters().size()));
        assertThat(writes.get()).as("no write succeeded the second time").isEqualTo(firstWrites);
        assertThat(stored(tables, expected(List.of(records)))).isEqualTo(expected(List.of(records)));
    }

    @Test
    void twoShardsInterleavedWithRedeliveriesCountEveryRecordOnce(LocalTables tables) {
        List<Positioned> a = shard("shardId-a", 90, 3);
        List<Positioned> b = shard("shardId-b", 60, 4);
        DynamoDbCounterSink sink = sink(tables);

        sink.apply(aggregator.aggregate(a.subList(0, 30)));
        sink.apply(aggregator.aggregate(b.subList(0, 20)));
        sink.apply(aggregator.aggregate(a.subList(30, 60)));
        sink.apply(aggregator.aggregate(b.subList(0, 20)));
        sink.apply(aggregator.aggregate(b.subList(20, 60)));
        sink.apply(aggregator.aggregate(a.subList(30, 60)));
        sink.apply(aggregator.aggregate(a.subList(60, 90)));

        assertThat(stored(tables, expected(List.of(a, b)))).isEqualTo(expected(List.of(a, b)));
    }

    @Test
    void aBatchThatFailedPartwayThenSplitInTwoAndRetriedCountsEveryRecordOnce(LocalTables tables) {
        List<Positioned> records = shard("shardId-a", 120, 5);
        DynamoDbCounterSink sink = sink(tables);
        CounterBatch whole = aggregator.aggregate(records.subList(0, 80));
        // the first delivery reached only some counters before the function failed
        sink.apply(onlyThe(whole, counter -> Math.floorMod(counter.hashCode(), 3) == 0));

        // bisected: each half retried; then the rest of the shard, redelivered from the failed batch's start
        sink.apply(aggregator.aggregate(records.subList(0, 40)));
        sink.apply(aggregator.aggregate(records.subList(40, 80)));
        sink.apply(aggregator.aggregate(records.subList(0, 120)));

        assertThat(stored(tables, expected(List.of(records)))).isEqualTo(expected(List.of(records)));
    }

    @Test
    void aRedeliveryWithMoreRecordsAppendedAddsOnlyTheNewOnes(LocalTables tables) {
        List<Positioned> records = shard("shardId-a", 100, 6);
        DynamoDbCounterSink sink = sink(tables);
        sink.apply(onlyThe(aggregator.aggregate(records.subList(0, 60)), counter -> Math.floorMod(counter.hashCode(), 2) == 0));

        sink.apply(aggregator.aggregate(records));

        assertThat(stored(tables, expected(List.of(records)))).isEqualTo(expected(List.of(records)));
    }

    /**
     * A stream consumer's life at random: batches of random size from the checkpoint; some fail partway (a random
     * subset of counters took them) and are redelivered from the checkpoint, some longer, some shorter (bisected);
     * some old batches come again. Whatever happens, the counters end holding every record once.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void anyRedeliveryPatternFromTheCheckpointCountsEveryRecordOnce(long seed, LocalTables tables) {
        Random random = new Random(seed);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> leaseIds = List.of(run + "x", run + "y", run + "z", run + "w");
        List<Positioned> records = withLeases(shard("shardId-r", 150, seed), leaseIds);
        DynamoDbCounterSink sink = sink(tables);
        int checkpoint = 0;
        while (checkpoint < records.size()) {
            int start = random.nextInt(5) == 0 ? random.nextInt(checkpoint + 1) : checkpoint;
            int end = Math.min(records.size(), Math.max(start + 1, checkpoint + 1 + random.nextInt(40)));
            CounterBatch batch = aggregator.aggregate(records.subList(start, end));
            if (random.nextInt(3) == 0) {
                long failing = random.nextLong();
                sink.apply(onlyThe(batch, counter -> new Random(failing ^ counter.hashCode()).nextBoolean(),
                        lease -> new Random(failing ^ lease.hashCode()).nextBoolean()));
            } else {
                sink.apply(batch);
                checkpoint = end;
            }
        }

        assertThat(stored(tables, expected(List.of(records)))).isEqualTo(expected(List.of(records)));
        for (String leaseId : leaseIds) {
            assertThat(tally(tables, leaseId)).as(leaseId).isEqualTo(expectedTally(records, leaseId));
        }
    }

    /** Records of {@code shard}, each naming one of {@code leaseIds} (by index) or two of them. */
    private static List<Positioned> withLeases(List<Positioned> records, List<String> leaseIds) {
        List<Positioned> named = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            List<String> ids = i % 5 == 0 ? List.of(leaseIds.get(i % leaseIds.size()), leaseIds.get((i + 1) % leaseIds.size()))
                    : List.of(leaseIds.get(i % leaseIds.size()));
            named.add(new Positioned(records.get(i).at(), records.get(i).usage().withLeases(ids)));
        }
        return named;
    }

    private static CounterSums tally(LocalTables tables, String leaseId) {
        Map<String, AttributeValue> item = item(tables, SpendKeys.leaseTallyKey(leaseId));
        return new CounterSums(number(item, SpendKeys.SETTLED_USD), number(item, SpendKeys.SETTLED_TOKENS),
                number(item, SpendKeys.REQUESTS));
    }

    private static CounterSums expectedTally(List<Positioned> records, String leaseId) {
        CounterSums sum = CounterSums.ZERO;
        for (Positioned p : records) {
            UsageRecord r = p.usage();
            if (r.status() != UsageStatus.REFUSED && r.leases().contains(leaseId)) {
                sum = sum.plus(new CounterSums(r.costMicros(), r.tokens().promptTokens() + r.tokens().completionTokens(), 1));
            }
        }
        return sum;
    }

    @Test
    void leaseTalliesTakeTheirRecordsOnceWithOneWritePerDistinctLeaseAndATwoDayTtl(LocalTables tables) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> leaseIds = List.of(run + "aaaa", run + "bbbb", run + "cccc");
        List<Positioned> records = withLeases(shard("shardId-l", 120, 21), leaseIds);
        CounterBatch batch = aggregator.aggregate(records);
        DynamoDbCounterSink sink = sink(tables);

        Applied first = sink.apply(batch);
        // redelivered whole, then split and retried: nothing more
        sink.apply(batch);
        sink.apply(aggregator.aggregate(records.subList(0, 60)));
        sink.apply(aggregator.aggregate(records.subList(60, 120)));

        assertThat(batch.leases()).hasSize(3);
        assertThat(first).isEqualTo(new Applied(batch.counters().size() + 3, 0));
        for (String leaseId : leaseIds) {
            assertThat(tally(tables, leaseId)).as(leaseId).isEqualTo(expectedTally(records, leaseId));
            assertThat(tally(tables, leaseId).requests()).isPositive();
            long firstAt = batch.leases().get(leaseId).firstRecordAt().getEpochSecond();
            assertThat(item(tables, SpendKeys.leaseTallyKey(leaseId)).get(SpendKeys.EXPIRES_AT).n())
                    .isEqualTo(Long.toString(firstAt + Duration.ofDays(2).toSeconds()));
        }
        assertThat(stored(tables, expected(List.of(records)))).isEqualTo(expected(List.of(records)));
    }

    @Test
    void aCounterSettledBeforeTheDeployKeepsItsMonthAndTakesTheNewUsageOnTop(LocalTables tables) {
        List<Positioned> records = shard("shardId-d", 40, 22);
        CounterBatch batch = aggregator.aggregate(records);
        Counter old = batch.counters().keySet().iterator().next();
        tables.client().putItem(b -> b.tableName(tables.name(GatewayTable.SPEND)).item(Map.of(
                SpendKeys.PK, AttributeValue.fromS(SpendKeys.partitionKey(old)),
                SpendKeys.SK, AttributeValue.fromS(SpendKeys.sortKey(old)),
                SpendKeys.SETTLED_USD, AttributeValue.fromN("5000000"),
                SpendKeys.SETTLED_TOKENS, AttributeValue.fromN("70000"),
                SpendKeys.REQUESTS, AttributeValue.fromN("9"))));

        sink(tables).apply(batch);

        CounterSums fromRecords = expected(List.of(records)).get(old);
        assertThat(stored(tables, Map.of(old, fromRecords)).get(old))
                .isEqualTo(fromRecords.plus(new CounterSums(5_000_000, 70_000, 9)));
    }

    @Test
    void aMarkHoldsThePositionAndWhenItWasWrittenAndStillComparesByPosition(LocalTables tables) {
        List<Positioned> records = shard("shardId-m", 30, 23);
        CounterBatch batch = aggregator.aggregate(records);
        Counter counter = batch.counters().keySet().iterator().next();
        String source = records.getFirst().at().source();

        sink(tables).apply(batch);

        String mark = item(tables, SpendKeys.key(counter)).get(DynamoDbCounterSink.highWaterAttribute(source)).s();
        assertThat(mark).isEqualTo(batch.counters().get(counter).last() + "@" + clock.instant().getEpochSecond());
        assertThat(DynamoDbCounterSink.positionOf(mark)).isEqualTo(batch.counters().get(counter).last());
        // the stamp never decides the order: the same position stamped later still holds it, a later position does not
        assertThat(mark.compareTo(batch.counters().get(counter).last())).isPositive();
        assertThat(mark.compareTo(SourcePosition.streamShard("x", "9" + "0".repeat(30)).position())).isNegative();
    }

    @Test
    void marksOfShardsLastWrittenMoreThan25HoursAgoArePrunedByTheNextWriteAndOthersStay(LocalTables tables) {
        List<Positioned> old = shard("shardId-old", 20, 24);
        List<Positioned> recent = shard("shardId-recent", 20, 24);
        List<Positioned> next = shard("shardId-next", 20, 24);
        DynamoDbCounterSink sink = sink(tables);
        Counter counter = aggregator.aggregate(old).counters().keySet().iterator().next();
        Map<String, AttributeValue> journalMark = Map.of(DynamoDbCounterSink.highWaterAttribute("journal"),
                AttributeValue.fromS(SourcePosition.journal(1, 2).position() + "@1"));
        tables.client().updateItem(b -> b.tableName(tables.name(GatewayTable.SPEND)).key(SpendKeys.key(counter))
                .updateExpression("SET #j = :j").expressionAttributeNames(Map.of("#j", "hw#journal"))
                .expressionAttributeValues(Map.of(":j", journalMark.values().iterator().next())));

        sink.apply(aggregator.aggregate(old));
        clock.advance(Duration.ofHours(16));
        sink.apply(aggregator.aggregate(recent));
        clock.advance(Duration.ofHours(10)); // old: 26 h, recent: 10 h
        assertThat(prunes.get()).isZero();
        sink.apply(aggregator.aggregate(next));

        Map<String, AttributeValue> item = item(tables, SpendKeys.key(counter));
        assertThat(item).doesNotContainKey(DynamoDbCounterSink.highWaterAttribute(old.getFirst().at().source()))
                .containsKey(DynamoDbCounterSink.highWaterAttribute(recent.getFirst().at().source()))
                .containsKey(DynamoDbCounterSink.highWaterAttribute(next.getFirst().at().source()))
                .containsKey("hw#journal");
        assertThat(prunes.get()).isPositive();
        assertThat(stored(tables, expected(List.of(old, recent, next)))).isEqualTo(expected(List.of(old, recent, next)));
    }

    @Test
    void aStaleMarkThatMovedOnIsNotPruned() {
        Instant now = UsageBatchFixtures.BASE;
        long stale = now.minus(Duration.ofHours(26)).getEpochSecond();
        long fresh = now.minus(Duration.ofHours(24)).getEpochSecond();
        Map<String, AttributeValue> old = Map.of(
                "hw#shard#a", AttributeValue.fromS("0001@" + stale),
                "hw#shard#b", AttributeValue.fromS("0001@" + fresh),
                "hw#shard#c", AttributeValue.fromS("0001"),
                "hw#shard#self", AttributeValue.fromS("0001@" + stale),
                "hw#journal", AttributeValue.fromS("0001@" + stale),
                SpendKeys.SETTLED_USD, AttributeValue.fromN("1"));

        assertThat(DynamoDbCounterSinkAccess.staleMarks("shard#self", old, now))
                .containsExactly(Map.entry("hw#shard#a", "0001@" + stale));
    }

    /**
     * Capacity by DynamoDB's rules (ReturnConsumedCapacity on DynamoDB Local): a batch of one key's records moves its
     * 10 counters (month and day of 5 scopes) and its 2 lease tallies with one write each, so the counter function's
     * writes per request fall as 12 / batch size; the request's own usage write adds 1.
     */
    @ParameterizedTest
    @ValueSource(ints = {100, 1000})
    void aBatchOfOneKeysRecordsCostsTwelveWritesWhateverItsSize(int size, LocalTables tables) {
        Random random = new Random(size);
        List<UsageBatchFixtures.Spec> specs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            specs.add(new UsageBatchFixtures.Spec(0, random.nextInt(50_000), random.nextInt(4000), random.nextInt(2000), 0, false));
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Positioned> records = withLeases(fixtures.shard("shardId-w" + size, "w" + size + run, specs, 0, random),
                List.of(run + "lease1", run + "lease2"));
        CounterBatch batch = new CounterAggregator(fixtures.zones(), Windows.MONTH_AND_DAY).aggregate(records);

        sink(tables).apply(batch);

        assertThat(batch.counters()).hasSize(10);
        assertThat(batch.leases()).hasSize(2);
        assertThat(writes.get()).isEqualTo(12);
        assertThat(units.sum()).isEqualTo(12.0);
        System.out.printf("counter function: %d records of one key -> %d writes, %.1f WCU = %.4f WCU a request"
                + " (+1 WCU usage write = %.4f)%n", size, writes.get(), units.sum(), units.sum() / size, 1 + units.sum() / size);
    }

    /**
     * What the marks cost: a month counter fed by shards rolling every 4 h would pile up a mark every 4 h without pruning; the
     * write that finds them pays per KB of the item. Printed, and pruning must bring the item back to one unit.
     */
    @Test
    void liveShardMarksGrowTheItemAndPruningShrinksItBack(LocalTables tables) {
        Random random = new Random(41);
        List<UsageBatchFixtures.Spec> one = List.of(new UsageBatchFixtures.Spec(0, 10, 10, 10, 0, false));
        DynamoDbCounterSink sink = sink(tables);
        List<Double> unitsPerWrite = new ArrayList<>();
        for (int shard = 0; shard < 14; shard++) {
            List<Positioned> records = fixtures.shard(String.format("shardId-%020d-%08x", 1_700_000_000_000L + shard, shard),
                    "m" + shard, one, 0, random);
            double before = units.sum();
            int writesBefore = writes.get();
            sink.apply(new CounterAggregator(fixtures.zones(), Windows.MONTH_AND_DAY).aggregate(records));
            unitsPerWrite.add((units.sum() - before) / (writes.get() - writesBefore));
            clock.advance(Duration.ofHours(4));
        }
        System.out.println("WCU per counter write as shard marks pile up (one new shard every 4 h): " + unitsPerWrite);
        assertThat(prunes.get()).as("marks older than 25 h were pruned").isPositive();
        assertThat(unitsPerWrite.getLast()).as("~7 live marks stay within one 1 KB unit").isLessThanOrEqualTo(1.0);
    }
}
