package com.gaterouter.common.spend;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.spend.AllowanceLedger.Granted;
import com.gaterouter.common.spend.AllowanceLedger.Lease;
import com.gaterouter.common.spend.AllowanceLedger.Reclaimed;
import com.gaterouter.common.spend.AllowanceLedger.Refused;
import com.gaterouter.common.spend.AllowanceLedger.Release;
import com.gaterouter.common.spend.allowance.LeaseBook;
import com.gaterouter.common.spend.allowance.LeaseBook.Admitted;
import com.gaterouter.common.spend.allowance.LeaseBook.Covered;
import com.gaterouter.common.spend.allowance.LeaseBook.Exhausted;
import com.gaterouter.common.spend.allowance.LeaseBook.Key;
import com.gaterouter.common.spend.allowance.LeaseBook.Uncovered;
import com.gaterouter.common.spend.allowance.SliceSizer;
import com.gaterouter.common.spend.dynamodb.DynamoDbAllowanceLedger;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Allowances on DynamoDB Local: the adapter alone, then two lease books over one table. Counter items carry
 * TTLs and DynamoDB Local sweeps on the machine's clock, so everything happens in {@link FutureYear}.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbAllowanceLedgerTest {

    private static final Instant AT = FutureYear.instant("YYYY-11-24T09:05:30Z");
    private static final Window.Month NOVEMBER = new Window.Month(FutureYear.month(11));

    private final String tenant = "t-" + UUID.randomUUID();
    private final Counter department = new Counter(tenant, BudgetScope.DEPARTMENT, "dept-1", NOVEMBER);

    private static DynamoDbAllowanceLedger ledger(LocalTables tables) {
        return new DynamoDbAllowanceLedger(tables.client(), tables.name(GatewayTable.SPEND));
    }

    private static CounterLimit usd(Counter counter, long limit) {
        return new CounterLimit(counter, Measure.USD_MICROS, limit, "department dept-1");
    }

    @Test
    void aLeaseIsGrantedWhereEveryLimitHasRoomAndARefusalSaysTheRoomLeft(LocalTables tables) {
        AllowanceLedger ledger = ledger(tables);
        List<CounterLimit> limits = List.of(usd(department, 10_000), usd(department, 8_000));

        var first = ledger.lease(limits, 5_000, AT.plusSeconds(60), "a");
        assertThat(first).isInstanceOfSatisfying(Granted.class, g -> {
            assertThat(g.committedAfter()).isEqualTo(5_000);
            assertThat(g.lease()).isEqualTo(new Lease("a", department, Measure.USD_MICROS, 5_000, AT.plusSeconds(60)));
        });
        // the tighter limit (8,000) has 3,000 left
        assertThat(ledger.lease(limits, 3_001, AT.plusSeconds(60), "b")).isEqualTo(new Refused(3_000));
        assertThat(ledger.lease(limits, 3_000, AT.plusSeconds(60), "c")).isInstanceOf(Granted.class);
        assertThat(ledger.lease(limits, 1, AT.plusSeconds(60), "d")).isEqualTo(new Refused(0));
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(8_000);
        // other measures are untouched; the spend ledger reads the leases as committed, nothing as settled
        assertThat(ledger.committed(department, Measure.TOKENS)).isZero();
        var spend = new DynamoDbSpendLedger(tables.client(), tables.name(GatewayTable.SPEND), tables.name(GatewayTable.USAGE),
                Duration.ofDays(30));
        assertThat(spend.read(List.of(department)).get(department))
                .isEqualTo(new SpendCounters.CounterValues(8_000, 0, 0, 0, 0));
    }

    @Test
    void aLeaseLargerThanTheLimitIsRefusedWithoutWriting(LocalTables tables) {
        AllowanceLedger ledger = ledger(tables);
        assertThat(ledger.lease(List.of(usd(department, 100)), 101, AT, "x")).isEqualTo(new Refused(100));
        assertThat(tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(com.gaterouter.common.spend.dynamodb.SpendKeys.key(department))).hasItem()).isFalse();
    }

    @Test
    void releaseGivesBackWhatWasNotConsumedOnce(LocalTables tables) {
        AllowanceLedger ledger = ledger(tables);
        Lease lease = ((Granted) ledger.lease(List.of(usd(department, 10_000)), 4_000, AT, "r")).lease();

        assertThat(ledger.release(lease, 1_500)).isEqualTo(Release.RELEASED);
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(1_500);
        assertThat(ledger.release(lease, 1_500)).isEqualTo(Release.ALREADY_RELEASED);
        assertThat(ledger.release(lease, 0)).isEqualTo(Release.ALREADY_RELEASED);
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(1_500);
    }

    @Test
    void expiredLeasesAreReclaimedAtTheirTallyAndOnlyOnce(LocalTables tables) {
        MutableClock clock = new MutableClock(AT);
        AllowanceLedger ledger = ledger(tables);
        List<CounterLimit> limits = List.of(usd(department, 100_000));
        Lease crashed = ((Granted) ledger.lease(limits, 10_000, clock.instant().plusSeconds(30), "crashed")).lease();
        Lease later = ((Granted) ledger.lease(limits, 20_000, clock.instant().plusSeconds(90), "later")).lease();
        Lease untallied = ((Granted) ledger.lease(limits, 5_000, clock.instant().plusSeconds(30), "untallied")).lease();
        tally(tables, "crashed", SpendKeys.SETTLED_USD, 2_500);
        tally(tables, "later", SpendKeys.SETTLED_USD, 7_000);

        assertThat(ledger.reclaimExpired(department, clock.instant())).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(ledger.reclaimExpired(department, clock.instant())).containsExactlyInAnyOrder(
                new Reclaimed("crashed", Measure.USD_MICROS, 10_000, 2_500),
                new Reclaimed("untallied", Measure.USD_MICROS, 5_000, 0));
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(2_500 + 20_000);
        assertThat(ledger.reclaimExpired(department, clock.instant())).isEmpty();
        // the crashed instance coming back changes nothing
        assertThat(ledger.release(crashed, 2_500)).isEqualTo(Release.ALREADY_RELEASED);
        assertThat(ledger.release(untallied, 0)).isEqualTo(Release.ALREADY_RELEASED);

        clock.advance(Duration.ofMinutes(1));
        assertThat(ledger.reclaimExpired(department, clock.instant()))
                .containsExactly(new Reclaimed("later", Measure.USD_MICROS, 20_000, 7_000));
        assertThat(ledger.release(later, 7_000)).isEqualTo(Release.ALREADY_RELEASED);
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(2_500 + 7_000);
    }

    @Test
    void anExtendedLeaseIsNotReclaimedAtItsFirstExpiryAndAGoneOneIsNotExtended(LocalTables tables) {
        MutableClock clock = new MutableClock(AT);
        AllowanceLedger ledger = ledger(tables);
        List<CounterLimit> limits = List.of(usd(department, 100_000));
        Lease running = ((Granted) ledger.lease(limits, 10_000, clock.instant().plusSeconds(30), "running")).lease();

        assertThat(ledger.extend(running, clock.instant().plusSeconds(300))).isTrue();
        clock.advance(Duration.ofSeconds(60));
        assertThat(ledger.reclaimExpired(department, clock.instant())).as("its stored expiry moved on").isEmpty();
        assertThat(ledger.release(running, 4_000)).isEqualTo(Release.RELEASED);
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(4_000);
        assertThat(ledger.extend(running, clock.instant().plusSeconds(300))).as("released: nothing to extend").isFalse();
    }

    @Test
    void minuteLeasesAreReclaimedAtTheirFullAmount(LocalTables tables) {
        Counter minute = new Counter(tenant, BudgetScope.KEY, "key_1", Window.Minute.containing(AT));
        AllowanceLedger ledger = ledger(tables);
        var rpm = List.of(new CounterLimit(minute, Measure.REQUESTS, 100, "key K"));
        ledger.lease(rpm, 20, AT.plusSeconds(29), "m1");
        tally(tables, "m1", SpendKeys.REQUESTS, 3);

        assertThat(ledger.reclaimExpired(minute, AT.plusSeconds(30)))
                .containsExactly(new Reclaimed("m1", Measure.REQUESTS, 20, 20));
        assertThat(ledger.committed(minute, Measure.REQUESTS)).isEqualTo(20);
    }

    @Test
    void aCountersFirstLeaseIsSeededFromItsSettledSpendInTheSameWrite(LocalTables tables) {
        AllowanceLedger ledger = ledger(tables);
        // a month the old per-request settle (or the counter sink) already counted, with no lease yet
        tables.client().putItem(b -> b.tableName(tables.name(GatewayTable.SPEND)).item(withKey(department,
                Map.of(SpendKeys.SETTLED_USD, 6_000L, SpendKeys.SETTLED_TOKENS, 40L))));
        List<CounterLimit> limits = List.of(usd(department, 10_000));

        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(6_000);
        assertThat(ledger.lease(limits, 4_001, AT.plusSeconds(60), "too-much")).isEqualTo(new Refused(4_000));
        assertThat(ledger.lease(limits, 3_000, AT.plusSeconds(60), "seeded")).isInstanceOfSatisfying(Granted.class,
                g -> assertThat(g.committedAfter()).isEqualTo(9_000));
        // from now on the committed attribute is what counts: the sink moving settled spend does not add to it twice
        tables.client().updateItem(b -> b.tableName(tables.name(GatewayTable.SPEND)).key(SpendKeys.key(department))
                .updateExpression("ADD #s :x").expressionAttributeNames(Map.of("#s", SpendKeys.SETTLED_USD))
                .expressionAttributeValues(Map.of(":x", AttributeValue.fromN("500"))));
        assertThat(ledger.lease(limits, 1_000, AT.plusSeconds(60), "more")).isInstanceOfSatisfying(Granted.class,
                g -> assertThat(g.committedAfter()).isEqualTo(10_000));
        // a measure with nothing settled starts from zero
        assertThat(ledger.lease(List.of(new CounterLimit(department, Measure.TOKENS, 100, "d")), 60, AT.plusSeconds(60), "tok"))
                .isInstanceOfSatisfying(Granted.class, g -> assertThat(g.committedAfter()).isEqualTo(100));
        assertThat(ledger.committed(department, Measure.TOKENS)).isEqualTo(100);
    }

    private static Map<String, AttributeValue> withKey(Counter counter, Map<String, Long> numbers) {
        Map<String, AttributeValue> item = new HashMap<>(SpendKeys.key(counter));
        numbers.forEach((name, value) -> item.put(name, AttributeValue.fromN(Long.toString(value))));
        return item;
    }

    /** What the counter sink writes for a lease named by usage records. */
    private static void tally(LocalTables tables, String leaseId, String attribute, long consumed) {
        Map<String, AttributeValue> item = new HashMap<>(SpendKeys.leaseTallyKey(leaseId));
        item.put(attribute, AttributeValue.fromN(Long.toString(consumed)));
        tables.client().putItem(b -> b.tableName(tables.name(GatewayTable.SPEND)).item(item));
    }

    @Test
    void aBookAdmitsInMemoryGivesBackTheDifferenceAndReleasesOnClose(LocalTables tables) {
        MutableClock clock = new MutableClock(AT);
        AllowanceLedger ledger = ledger(tables);
        AtomicInteger ids = new AtomicInteger();
        List<CounterLimit> limits = List.of(usd(department, 1_000_000));
        Key key = Key.of(limits.getFirst());
        LeaseBook book = new LeaseBook(ledger, clock, new SliceSizer(0.1, 1, 1_000_000, 4), Duration.ofSeconds(60),
                Duration.ofSeconds(10), () -> "b-" + ids.incrementAndGet());

        assertThat(book.admit(Map.of(key, 1_000L))).isEqualTo(new Uncovered(List.of(key)));
        assertThat(book.acquire(limits, 1_000)).isEqualTo(new Covered(key));
        assertThat(book.remaining(key)).isEqualTo(100_000);
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(100_000);

        var admitted = (Admitted) book.admit(Map.of(key, 1_000L));
        assertThat(book.remaining(key)).isEqualTo(99_000);
        assertThat(admitted.ticket().leaseIds()).containsEntry(key, "b-1");
        book.settle(admitted.ticket(), Map.of(key, 300L));
        assertThat(book.remaining(key)).isEqualTo(99_700);

        // within the margin of its expiry a lease admits nothing, and flush releases it
        clock.advance(Duration.ofSeconds(50));
        assertThat(book.admit(Map.of(key, 1L))).isInstanceOf(Uncovered.class);
        assertThat(book.flush()).isEqualTo(1);
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(300);

        assertThat(book.acquire(limits, 1_000)).isEqualTo(new Covered(key));
        var second = (Admitted) book.admit(Map.of(key, 1_000L));
        book.close();
        // in flight: the lease stays out until its request settles
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isGreaterThan(300);
        book.settle(second.ticket(), Map.of(key, 1_000L));
        assertThat(book.flush()).isEqualTo(1);
        assertThat(ledger.committed(department, Measure.USD_MICROS)).isEqualTo(1_300);
    }

    @Test
    void sixtyFourThreadsOnTwoBooksNeverCommitPastTheLimitAndCommitExactlyWhatWasSpent(LocalTables tables)
            throws Exception {
        long limit = 2_000_000;
        long worst = 10_000;
        List<CounterLimit> limits = List.of(usd(department, limit));
        Key key = Key.of(limits.getFirst());
        MutableClock clock = new MutableClock(AT);
        AtomicInteger ids = new AtomicInteger();
        List<LeaseBook> books = List.of(0, 1).stream().map(i -> new LeaseBook(ledger(tables), clock,
                SliceSizer.standard(2, 200_000), Duration.ofSeconds(60), Duration.ofSeconds(10),
                () -> "book" + i + "-" + ids.incrementAndGet())).toList();
        AllowanceLedger reader = ledger(tables);
        AtomicLong spent = new AtomicLong();
        AtomicLong maxCommitted = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);

        Thread monitor = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                maxCommitted.accumulateAndGet(reader.committed(department, Measure.USD_MICROS), Math::max);
            }
        });
        CountDownLatch start = new CountDownLatch(1);
        int admittedTotal;
        try (ExecutorService executor = Executors.newFixedThreadPool(64)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                LeaseBook book = books.get(t % 2);
                SplittableRandom random = new SplittableRandom(t);
                futures.add(executor.submit(() -> {
                    start.await();
                    int admitted = 0;
                    while (true) {
                        switch (book.admit(Map.of(key, worst))) {
                            case Admitted a -> {
                                long actual = random.nextLong(worst + 1);
                                spent.addAndGet(actual);
                                book.settle(a.ticket(), Map.of(key, actual));
                                admitted++;
                            }
                            case Uncovered u -> {
                                if (book.acquire(limits, worst) instanceof Exhausted) {
                                    return admitted;
                                }
                            }
                        }
                    }
                }));
            }
            start.countDown();
            admittedTotal = 0;
            for (Future<Integer> future : futures) {
                admittedTotal += future.get();
            }
        } finally {
            running.set(false);
            monitor.join();
        }
        maxCommitted.accumulateAndGet(reader.committed(department, Measure.USD_MICROS), Math::max);
        books.forEach(LeaseBook::close);

        assertThat(maxCommitted.get()).isLessThanOrEqualTo(limit);
        assertThat(spent.get()).isLessThanOrEqualTo(limit + worst);
        // the books ran the budget down to less than a few slices' worth before giving up
        assertThat(spent.get()).isGreaterThan(limit / 2);
        assertThat(admittedTotal).isGreaterThan(64);
        assertThat(reader.committed(department, Measure.USD_MICROS)).isEqualTo(spent.get());
    }
}
