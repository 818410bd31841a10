package com.gaterouter.common.spend;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.spend.CounterAggregator.Positioned;
import com.gaterouter.common.spend.CounterAggregator.Windows;
import com.gaterouter.common.spend.CounterSink.Applied;
import com.gaterouter.common.spend.dynamodb.DynamoDbCounterSink;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    private DynamoDbCounterSink sink(LocalTables tables) {
        return new DynamoDbCounterSink(tables.client(), tables.name(GatewayTable.SPEND), (label, u) -> {
            assertThat(label).isEqualTo(DynamoDbCounterSink.COUNT);
            writes.incrementAndGet();
            units.add(u);
        });
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
            stored.put(counter, new CounterSums(number(item, DynamoDbCounterSink.SPENT_USD),
                    number(item, DynamoDbCounterSink.SPENT_TOKENS), number(item, DynamoDbCounterSink.SPENT_REQUESTS)));
        }
        return stored;
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item == null ? null : item.get(attribute);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    /** A batch as if only the counters {@code written} took it: a partial failure. */
    private static CounterBatch onlyThe(CounterBatch batch, Predicate<Counter> written) {
        Map<Counter, CounterBatch.Contributions> some = new LinkedHashMap<>();
        batch.counters().forEach((counter, contributions) -> {
            if (written.test(counter)) {
                some.put(counter, contributions);
            }
        });
        return new CounterBatch(batch.source(), some);
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
        List<Positioned> records = shard("shardId-r", 150, seed);
        DynamoDbCounterSink sink = sink(tables);
        int checkpoint = 0;
        while (checkpoint < records.size()) {
            int start = random.nextInt(5) == 0 ? random.nextInt(checkpoint + 1) : checkpoint;
            int end = Math.min(records.size(), Math.max(start + 1, checkpoint + 1 + random.nextInt(40)));
            CounterBatch batch = aggregator.aggregate(records.subList(start, end));
            if (random.nextInt(3) == 0) {
                long failing = random.nextLong();
                sink.apply(onlyThe(batch, counter -> new Random(failing ^ counter.hashCode()).nextBoolean()));
            } else {
                sink.apply(batch);
                checkpoint = end;
            }
        }

        assertThat(stored(tables, expected(List.of(records)))).isEqualTo(expected(List.of(records)));
    }
}
