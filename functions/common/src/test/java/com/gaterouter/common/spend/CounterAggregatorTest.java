package com.gaterouter.common.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.spend.CounterAggregator.Positioned;
import com.gaterouter.common.spend.CounterAggregator.Windows;
import com.gaterouter.common.spend.UsageBatchFixtures.Spec;
import com.gaterouter.common.usage.UsageRecord;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The aggregation the counter function and the local gateway share: per counter, exactly the records' sums. */
class CounterAggregatorTest {

    private final UsageBatchFixtures fixtures = new UsageBatchFixtures("t");

    @Provide
    Arbitrary<List<Spec>> specs() {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.integers().between(0, 99),
                Arbitraries.longs().between(0, 5_000_000),
                Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 20_000),
                Arbitraries.integers().between(0, 3 * 24 * 60),
                Arbitraries.integers().between(0, 9).map(n -> n == 0)).as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(80);
    }

    private List<Positioned> shard(List<Spec> specs, long seed) {
        return fixtures.shard("shardId-1", "r", specs, 0, new Random(seed));
    }

    private static Map<Counter, CounterSums> totals(CounterBatch batch) {
        Map<Counter, CounterSums> totals = new HashMap<>();
        batch.counters().forEach((counter, contributions) -> totals.put(counter, contributions.total()));
        return totals;
    }

    @Property
    void everyCounterGetsExactlyTheSumsOfTheRecordsThatMoveIt(@ForAll("specs") List<Spec> specs, @ForAll long seed,
                                                             @ForAll boolean withMinutes) {
        List<Positioned> records = shard(specs, seed);
        CounterBatch batch = new CounterAggregator(fixtures.zones(), withMinutes ? Windows.WITH_MINUTES : Windows.MONTH_AND_DAY)
                .aggregate(records);

        assertThat(totals(batch)).isEqualTo(fixtures.expected(records.stream().map(Positioned::usage).toList(), withMinutes));
        assertThat(batch.source()).isEqualTo("shard#shardId-1");
    }

    @Property
    void whatACounterLacksAfterAnyPositionIsTheSumOfTheLaterRecords(@ForAll("specs") List<Spec> specs, @ForAll long seed,
                                                                   @ForAll @IntRange(min = 0, max = 80) int cut) {
        List<Positioned> records = shard(specs, seed);
        int at = Math.min(cut, records.size() - 1);
        String highWater = records.get(at).at().position();
        CounterBatch batch = new CounterAggregator(fixtures.zones(), Windows.MONTH_AND_DAY).aggregate(records);

        Map<Counter, CounterSums> expectedAfter = fixtures.expected(
                records.subList(at + 1, records.size()).stream().map(Positioned::usage).toList(), false);
        Map<Counter, CounterSums> after = new HashMap<>();
        batch.counters().forEach((counter, contributions) -> {
            if (contributions.anyAfter(highWater)) {
                after.put(counter, contributions.after(highWater));
            }
        });
        // a counter whose only later records were all zero still lacks them: compare what they add, not presence
        after.values().removeIf(CounterSums.ZERO::equals);
        expectedAfter.values().removeIf(CounterSums.ZERO::equals);
        assertThat(after).isEqualTo(expectedAfter);
    }

    @Property
    void aBatchSplitAnywhereAddsUpToTheWholeBatch(@ForAll("specs") List<Spec> specs, @ForAll long seed,
                                                 @ForAll @IntRange(min = 1, max = 79) int cut) {
        List<Positioned> records = shard(specs, seed);
        CounterAggregator aggregator = new CounterAggregator(fixtures.zones(), Windows.WITH_MINUTES);
        if (records.size() < 2) {
            return;
        }
        int at = Math.min(cut, records.size() - 1);
        Map<Counter, CounterSums> halves = new HashMap<>(totals(aggregator.aggregate(records.subList(0, at))));
        totals(aggregator.aggregate(records.subList(at, records.size())))
                .forEach((counter, sums) -> halves.merge(counter, sums, CounterSums::plus));

        assertThat(halves).isEqualTo(totals(aggregator.aggregate(records)));
    }

    @Example
    void aRecordMovesMonthAndDayOfItsFiveScopesInItsTenantsZoneAndMinutesOfTheRateLimitedOnes() {
        // 23:45 UTC on 30 November is 08:45 on 1 December in Tokyo
        List<Positioned> tokyo = fixtures.shard("s", "r", List.of(new Spec(6, 1200, 300, 100, 15, false)), 0, new Random(1));
        UsageRecord usage = tokyo.getFirst().usage();
        assertThat(usage.principal().tenantId()).isEqualTo(fixtures.tenantB);

        CounterBatch month = new CounterAggregator(fixtures.zones(), Windows.MONTH_AND_DAY).aggregate(tokyo);
        CounterBatch minutes = new CounterAggregator(fixtures.zones(), Windows.WITH_MINUTES).aggregate(tokyo);

        assertThat(month.counters()).hasSize(10);
        assertThat(minutes.counters()).hasSize(13);
        assertThat(month.counters().keySet()).allSatisfy(counter -> {
            assertThat(counter.window().key()).isIn("M#" + YearMonth.from(UsageBatchFixtures.BASE.atZone(UsageBatchFixtures.TOKYO)),
                    "D#" + UsageBatchFixtures.BASE.atZone(UsageBatchFixtures.TOKYO).toLocalDate());
            assertThat(counter.window().key()).contains("-12");
        });
        assertThat(minutes.counters().keySet().stream().filter(c -> c.window() instanceof Window.Minute).map(Counter::scope))
                .containsExactlyInAnyOrder(BudgetScope.KEY, BudgetScope.USER, BudgetScope.PROJECT);
        assertThat(month.counters().values()).allSatisfy(c -> assertThat(c.total()).isEqualTo(new CounterSums(1200, 400, 1)));
    }

    @Example
    void aRefusedRequestMovesNothing() {
        List<Positioned> records = fixtures.shard("s", "r", List.of(new Spec(0, 0, 0, 0, 0, true)), 0, new Random(1));

        assertThat(new CounterAggregator(fixtures.zones(), Windows.WITH_MINUTES).aggregate(records).counters()).isEmpty();
    }

    @Example
    void refusesRecordsOutOfOrderOrFromTwoSources() {
        CounterAggregator aggregator = new CounterAggregator(fixtures.zones(), Windows.MONTH_AND_DAY);
        List<Positioned> records = new ArrayList<>(fixtures.shard("s", "r", UsageBatchFixtures.randomSpecs(new Random(2), 3), 0, new Random(2)));
        List<Positioned> reversed = new ArrayList<>(records.reversed());
        List<Positioned> mixed = new ArrayList<>(records);
        mixed.addAll(fixtures.shard("other", "o", UsageBatchFixtures.randomSpecs(new Random(3), 1), 10_000, new Random(3)));

        assertThatThrownBy(() -> aggregator.aggregate(reversed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aggregator.aggregate(mixed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aggregator.aggregate(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void positionsCompareAsNumbersOnceTheyArePadded() {
        SourcePosition shorter = SourcePosition.streamShard("s", "999999999999999999999");
        SourcePosition longer = SourcePosition.streamShard("s", "1000000000000000000000");
        SourcePosition forty = SourcePosition.streamShard("s", "9".repeat(40));

        assertThat(shorter.position()).hasSize(40);
        assertThat(shorter).isLessThan(longer);
        assertThat(longer).isLessThan(forty);
        assertThat(SourcePosition.journal(1, 900)).isLessThan(SourcePosition.journal(2, 0));
        assertThat(SourcePosition.journal(2, 9)).isLessThan(SourcePosition.journal(2, 10));
        assertThatThrownBy(() -> SourcePosition.streamShard("s", "1".repeat(41))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourcePosition.streamShard("s", "12a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void eachLeaseARecordNamesTalliesItOnceAndARefusedRecordTalliesNothing() {
        Random random = new Random(4);
        List<Positioned> plain = fixtures.shard("s", "l", List.of(new Spec(0, 1000, 300, 100, 1, false),
                new Spec(1, 500, 100, 50, 2, false), new Spec(2, 0, 0, 0, 3, true)), 0, random);
        List<Positioned> records = List.of(
                new Positioned(plain.get(0).at(), plain.get(0).usage().withLeases(List.of("a", "b", "a"))),
                new Positioned(plain.get(1).at(), plain.get(1).usage().withLeases(List.of("b"))),
                new Positioned(plain.get(2).at(), plain.get(2).usage().withLeases(List.of("c"))));

        CounterBatch batch = new CounterAggregator(fixtures.zones(), Windows.MONTH_AND_DAY).aggregate(records);

        assertThat(batch.leases()).containsOnlyKeys("a", "b");
        assertThat(batch.leases().get("a").records().total()).isEqualTo(new CounterSums(1000, 400, 1));
        assertThat(batch.leases().get("b").records().total()).isEqualTo(new CounterSums(1500, 550, 2));
        assertThat(batch.leases().get("b").records().first()).isEqualTo(records.get(0).at().position());
        assertThat(batch.leases().get("b").firstRecordAt()).isEqualTo(records.get(0).usage().occurredAt());
    }
}
