package com.gaterouter.common.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.ReserveResult.LimitState;
import com.gaterouter.common.spend.ReserveResult.Refused;
import com.gaterouter.common.spend.ReserveResult.Reserved;
import com.gaterouter.common.spend.SpendCounters.CounterValues;
import com.gaterouter.common.spend.SpendLedger.Outcome;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The spend ledger on DynamoDB Local. Counters and usage items carry TTLs (a minute counter's is
 * two hours after its minute) and DynamoDB Local's sweeper runs on the machine's clock, so the
 * requests happen in {@link FutureYear}.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbSpendLedgerTest {

    private static final Instant AT = FutureYear.instant("YYYY-11-24T09:05:30Z");
    private static final Window.Month NOVEMBER = new Window.Month(FutureYear.month(11));
    private static final Window.Day DAY = new Window.Day(FutureYear.date(11, 24));
    private static final Window.Minute MINUTE = Window.Minute.containing(AT);

    private final String tenant = "t-" + UUID.randomUUID();

    private static DynamoDbSpendLedger ledger(LocalTables tables) {
        return new DynamoDbSpendLedger(tables.client(), tables.name(GatewayTable.SPEND), tables.name(GatewayTable.USAGE),
                Duration.ofDays(30));
    }

    private Counter counter(BudgetScope scope, String id, Window window) {
        return new Counter(tenant, scope, id, window);
    }

    private Counter department(Window window) {
        return counter(BudgetScope.DEPARTMENT, "dept-1", window);
    }

    private Counter key(Window window) {
        return counter(BudgetScope.KEY, "key_1", window);
    }

    private static CounterLimit usd(Counter counter, long limit) {
        return new CounterLimit(counter, Measure.USD_MICROS, limit, counter.scope().wireName() + " " + counter.scopeId());
    }

    private List<Counter> dayAndMonthCounters() {
        List<Counter> counters = new ArrayList<>();
        for (Window window : List.of(DAY, NOVEMBER)) {
            counters.add(counter(BudgetScope.TENANT, tenant, window));
            counters.add(department(window));
            counters.add(counter(BudgetScope.PROJECT, "proj-1", window));
            counters.add(counter(BudgetScope.USER, "user-1", window));
            counters.add(key(window));
        }
        return counters;
    }

    private Reservation reservation(String requestId, long usdMicros, long tokens, List<CounterLimit> limits) {
        return new Reservation(requestId, tenant, AT, usdMicros, tokens, limits, dayAndMonthCounters());
    }

    private UsageRecord usage(String requestId, long costMicros, long prompt, long completion, UsageStatus status) {
        return new UsageRecord(requestId, new Principal(tenant, "dept-1", "proj-1", "user-1", "key_1"),
                "openai/gpt-4o-mini", "openai/gpt-4o-mini", "openai", 1,
                new TokenUsage(prompt, 0, 0, completion, 0), costMicros, 812, 95, status,
                status == UsageStatus.SUCCEEDED ? 200 : 502, false, AT);
    }

    private UsageRecord usage(String requestId, long costMicros) {
        return usage(requestId, costMicros, 1000, 500, UsageStatus.SUCCEEDED);
    }

    private static CounterValues values(SpendLedger ledger, Counter counter) {
        return ledger.read(List.of(counter)).get(counter);
    }

    private static <T> List<T> inParallel(int n, Function<Integer, T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newFixedThreadPool(n)) {
            List<Future<T>> futures = IntStream.range(0, n).mapToObj(i -> executor.submit(() -> {
                start.await();
                return task.apply(i);
            })).toList();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    // ------------------------------------------------------------------------------------------ reserve

    @Test
    void reservesWithinLimitsAndReportsEachLimitsState(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 10_000_000);
        CounterLimit daily = usd(key(DAY), 2_000_000);
        Reservation r = reservation("req-1", 500_000, 3_000, List.of(monthly, daily));

        ReserveResult result = ledger.reserve(r);

        assertThat(result).isInstanceOf(Reserved.class);
        assertThat(((Reserved) result).states()).containsExactly(
                new LimitState(monthly, 500_000), new LimitState(daily, 500_000));
        assertThat(((Reserved) result).states().get(1).remaining()).isEqualTo(1_500_000);
        assertThat(values(ledger, department(NOVEMBER))).isEqualTo(new CounterValues(500_000, 0, 0, 0, 0));
        assertThat(values(ledger, counter(BudgetScope.TENANT, tenant, NOVEMBER))).isEqualTo(CounterValues.ZERO);
    }

    @Test
    void aRefusalHoldsNothingAndNamesTheFirstRefusedLimit(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 10_000_000);
        CounterLimit daily = usd(key(DAY), 1_000_000);
        CounterLimit tokens = new CounterLimit(counter(BudgetScope.PROJECT, "proj-1", NOVEMBER), Measure.TOKENS, 1_000_000, "project P");
        assertThat(ledger.reserve(reservation("req-1", 800_000, 1_000, List.of(daily)))).isInstanceOf(Reserved.class);

        ReserveResult result = ledger.reserve(reservation("req-2", 500_000, 1_000, List.of(monthly, daily, tokens)));

        assertThat(result).isEqualTo(new Refused(daily, 800_000, 0));
        // the limits that had room were compensated
        assertThat(values(ledger, department(NOVEMBER)).committedUsdMicros()).isZero();
        assertThat(values(ledger, counter(BudgetScope.PROJECT, "proj-1", NOVEMBER)).committedTokens()).isZero();
        assertThat(values(ledger, key(DAY)).committedUsdMicros()).isEqualTo(800_000);
    }

    @Test
    void severalLimitsOnOneCounterAreOneUpdateAndTheFirstRefusedIsNamed(LocalTables tables) {
        var ledger = ledger(tables);
        Counter minute = key(MINUTE);
        CounterLimit rpm = new CounterLimit(minute, Measure.REQUESTS, 100, "key K");
        CounterLimit tpm = new CounterLimit(minute, Measure.TOKENS, 10_000, "key K");

        var first = (Reserved) ledger.reserve(reservation("req-1", 0, 6_000, List.of(rpm, tpm)));
        assertThat(first.states()).containsExactly(new LimitState(rpm, 1), new LimitState(tpm, 6_000));

        assertThat(ledger.reserve(reservation("req-2", 0, 6_000, List.of(rpm, tpm)))).isEqualTo(new Refused(tpm, 6_000, 6_000));
        assertThat(values(ledger, minute)).isEqualTo(new CounterValues(0, 0, 6_000, 0, 1));
    }

    @Test
    void anAmountLargerThanTheLimitIsRefusedWithoutWriting(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 10_000_000);
        CounterLimit daily = usd(key(DAY), 100_000);

        assertThat(ledger.reserve(reservation("req-1", 200_000, 10, List.of(monthly, daily)))).isEqualTo(new Refused(daily, 0, 0));

        assertThat(tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(SpendKeys.key(department(NOVEMBER)))).hasItem()).isFalse();
    }

    @Test
    void anExhaustedBudgetRefusesEvenAFreeRequest(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 1_000_000);
        Reservation r = reservation("req-1", 1_000_000, 10, List.of(monthly));
        ledger.reserve(r);
        ledger.settle(r, usage("req-1", 1_200_000));

        assertThat(ledger.reserve(reservation("req-2", 0, 10, List.of(monthly)))).isEqualTo(new Refused(monthly, 1_200_000, 1_200_000));
    }

    @Test
    void aRefusalTellsSettledSpendFromWhatRequestsInFlightHold(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 2_000_000);
        Reservation settledOne = reservation("req-1", 700_000, 10, List.of(monthly));
        ledger.reserve(settledOne);
        ledger.settle(settledOne, usage("req-1", 600_000));
        ledger.reserve(reservation("req-2", 1_000_000, 10, List.of(monthly))); // still in flight

        Refused refused = (Refused) ledger.reserve(reservation("req-3", 500_000, 10, List.of(monthly)));

        assertThat(refused).isEqualTo(new Refused(monthly, 1_600_000, 600_000));
        assertThat(refused.inFlight()).isEqualTo(1_000_000);
        // too big for the limit itself: refused without a conditional write, read back the same way
        assertThat(ledger.reserve(reservation("req-4", 2_000_001, 10, List.of(monthly))))
                .isEqualTo(new Refused(monthly, 1_600_000, 600_000));
    }

    // ------------------------------------------------------------------------------------------ concurrency

    @Test
    void sixtyFourParallelRequestsAgainstABudgetWorthTenHoldExactlyTen(LocalTables tables) throws Exception {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 10_000_000);

        List<ReserveResult> results = inParallel(64,
                i -> ledger.reserve(reservation("req-" + i, 1_000_000, 2_000, List.of(monthly))));

        List<Reserved> reserved = results.stream().filter(Reserved.class::isInstance).map(Reserved.class::cast).toList();
        assertThat(reserved).hasSize(10);
        assertThat(results.stream().filter(Refused.class::isInstance)).hasSize(54);
        assertThat(values(ledger, department(NOVEMBER)).committedUsdMicros()).isEqualTo(10_000_000);

        List<Outcome> outcomes = inParallel(reserved.size(), i -> {
            Reservation r = reserved.get(i).reservation();
            return ledger.settle(r, usage(r.requestId(), 900_000));
        });

        assertThat(outcomes).containsOnly(Outcome.SETTLED);
        CounterValues month = values(ledger, department(NOVEMBER));
        assertThat(month.settledUsdMicros()).isEqualTo(9_000_000);
        assertThat(month.committedUsdMicros()).isEqualTo(9_000_000);
        assertThat(month.requests()).isEqualTo(10);
        assertThat(values(ledger, counter(BudgetScope.TENANT, tenant, NOVEMBER)).settledUsdMicros()).isEqualTo(9_000_000);
        // every accepted request metered
        assertThat(new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(1))
                .findByTenantAndDay(tenant, DAY.date())).hasSize(10);
    }

    @Test
    void oneAfterAnotherActualsAboveReservationsOvershootByAtMostOneRequestsExcess(LocalTables tables) {
        var ledger = ledger(tables);
        long limit = 10_000_000;
        long reservedEach = 1_000_000;
        long actualEach = 1_100_000;
        CounterLimit monthly = usd(department(NOVEMBER), limit);

        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            Reservation r = reservation("req-" + i, reservedEach, 2_000, List.of(monthly));
            if (ledger.reserve(r) instanceof Reserved) {
                accepted++;
                ledger.settle(r, usage(r.requestId(), actualEach));
            }
        }

        long settled = values(ledger, department(NOVEMBER)).settledUsdMicros();
        assertThat(accepted).isEqualTo(9);
        assertThat(settled).isEqualTo(9 * actualEach);
        assertThat(settled - limit).isLessThanOrEqualTo(actualEach - reservedEach);
    }

    @Test
    void parallelActualsAboveReservationsOvershootByAtMostTheExcessOfThoseInFlight(LocalTables tables) throws Exception {
        var ledger = ledger(tables);
        long limit = 10_000_000;
        long reservedEach = 1_000_000;
        long actualEach = 1_200_000;
        CounterLimit monthly = usd(department(NOVEMBER), limit);

        List<Reservation> held = inParallel(64, i -> {
            Reservation r = reservation("req-" + i, reservedEach, 2_000, List.of(monthly));
            return ledger.reserve(r) instanceof Reserved ? r : null;
        }).stream().filter(r -> r != null).toList();
        // reservations alone never exceed the limit
        assertThat(held).hasSize(10);
        assertThat(values(ledger, department(NOVEMBER)).committedUsdMicros()).isEqualTo(limit);

        inParallel(held.size(), i -> ledger.settle(held.get(i), usage(held.get(i).requestId(), actualEach)));

        long settled = values(ledger, department(NOVEMBER)).settledUsdMicros();
        // all ten were in flight together: each one's excess lands after the check
        assertThat(settled - limit).isEqualTo(held.size() * (actualEach - reservedEach));
        assertThat(ledger.reserve(reservation("req-late", 0, 1, List.of(monthly)))).isEqualTo(new Refused(monthly, settled, settled));
    }

    @Test
    void rpmFiveWithEightParallelRequestsLetsFiveThrough(LocalTables tables) throws Exception {
        var ledger = ledger(tables);
        CounterLimit rpm = new CounterLimit(key(MINUTE), Measure.REQUESTS, 5, "key K");

        List<ReserveResult> results = inParallel(8, i -> ledger.reserve(reservation("req-" + i, 1_000, 100, List.of(rpm))));

        List<Reserved> reserved = results.stream().filter(Reserved.class::isInstance).map(Reserved.class::cast).toList();
        assertThat(reserved).hasSize(5);
        assertThat(results).filteredOn(Refused.class::isInstance).containsOnly(new Refused(rpm, 5, 5));
        assertThat(reserved.stream().map(r -> r.states().getFirst().used())).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);

        reserved.forEach(r -> ledger.settle(r.reservation(), usage(r.reservation().requestId(), 0, 0, 0, UsageStatus.VENDOR_FAILED)));
        // RPM counts requests made, failed or not
        assertThat(values(ledger, key(MINUTE)).requests()).isEqualTo(5);
    }

    @Test
    void tpmMovesFromReservedToActualTokensAtSettle(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit tpm = new CounterLimit(key(MINUTE), Measure.TOKENS, 10_000, "key K");
        Reservation r = reservation("req-1", 50_000, 4_000, List.of(tpm));
        assertThat(ledger.reserve(r)).isInstanceOf(Reserved.class);
        assertThat(values(ledger, key(MINUTE)).committedTokens()).isEqualTo(4_000);

        ledger.settle(r, usage("req-1", 20_000, 1_200, 300, UsageStatus.SUCCEEDED));

        assertThat(values(ledger, key(MINUTE))).isEqualTo(new CounterValues(0, 0, 1_500, 0, 0));
        assertThat(values(ledger, key(DAY))).isEqualTo(new CounterValues(20_000, 20_000, 1_500, 1_500, 1));
    }

    // ------------------------------------------------------------------------------------------ settle

    @Test
    void settlesExactlyOncePerRequestId(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 10_000_000);
        Reservation r = reservation("req-1", 1_000_000, 2_000, List.of(monthly));
        ledger.reserve(r);
        UsageRecord record = usage("req-1", 700_000);

        assertThat(ledger.settle(r, record)).isEqualTo(Outcome.SETTLED);
        Map<Counter, CounterValues> after = ledger.read(dayAndMonthCounters());
        assertThat(ledger.settle(r, record)).isEqualTo(Outcome.ALREADY_SETTLED);
        assertThat(ledger.settle(r, usage("req-1", 999_999))).isEqualTo(Outcome.ALREADY_SETTLED);

        assertThat(ledger.read(dayAndMonthCounters())).isEqualTo(after);
        assertThat(after.get(department(NOVEMBER))).isEqualTo(new CounterValues(700_000, 700_000, 1_500, 1_500, 1));
        assertThat(new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(1))
                .findByTenantAndDay(tenant, DAY.date())).containsExactly(record);
    }

    @Test
    void aReservationWithoutLimitsStillCountsIntoDayAndMonth(LocalTables tables) {
        var ledger = ledger(tables);
        Reservation r = reservation("req-1", 0, 0, List.of());
        assertThat(ledger.reserve(r)).isEqualTo(new Reserved(r, List.of()));

        assertThat(ledger.settle(r, usage("req-1", 345, 1_000, 200, UsageStatus.SUCCEEDED))).isEqualTo(Outcome.SETTLED);

        Map<Counter, CounterValues> values = ledger.read(dayAndMonthCounters());
        assertThat(values).hasSize(10);
        assertThat(values.values()).containsOnly(new CounterValues(345, 345, 1_200, 1_200, 1));
    }

    @Test
    void aRecordThatCountsIntoNoCounterIsWrittenOnceAndMovesNothing(LocalTables tables) {
        var ledger = ledger(tables);
        Reservation nothing = new Reservation("req-refused", tenant, AT, 0, 0, List.of(), List.of());
        UsageRecord refused = new UsageRecord("req-refused", new Principal(tenant, "dept-1", "proj-1", "user-1", "key_1"),
                "openai/gpt-4o", "openai/gpt-4o", "openai", 0, TokenUsage.NONE, 0, 0, 0, UsageStatus.REFUSED, 429, false, AT);

        assertThat(ledger.settle(nothing, refused)).isEqualTo(Outcome.SETTLED);
        assertThat(ledger.settle(nothing, refused)).isEqualTo(Outcome.ALREADY_SETTLED);

        assertThat(ledger.read(dayAndMonthCounters()).values()).containsOnly(CounterValues.ZERO);
        assertThat(new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(1))
                .findByTenantAndDay(tenant, FutureYear.date(11, 24))).containsExactly(refused);
    }

    @Test
    void aFailedRequestReleasesItsReservation(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 10_000_000);
        CounterLimit daily = usd(key(DAY), 5_000_000);
        var ok = reservation("req-ok", 1_000_000, 2_000, List.of(monthly, daily));
        ledger.reserve(ok);
        ledger.settle(ok, usage("req-ok", 400_000));
        var failed = reservation("req-failed", 1_000_000, 2_000, List.of(monthly, daily));
        ledger.reserve(failed);
        assertThat(values(ledger, department(NOVEMBER)).committedUsdMicros()).isEqualTo(1_400_000);

        ledger.settle(failed, usage("req-failed", 0, 0, 0, UsageStatus.VENDOR_FAILED));

        assertThat(values(ledger, department(NOVEMBER))).isEqualTo(new CounterValues(400_000, 400_000, 1_500, 1_500, 2));
        assertThat(values(ledger, key(DAY))).isEqualTo(new CounterValues(400_000, 400_000, 1_500, 1_500, 2));
    }

    // ------------------------------------------------------------------------------------------ keys

    @Test
    void differentDaysAndMonthsAreDifferentCounters(LocalTables tables) {
        var ledger = ledger(tables);
        Window.Day nextDay = new Window.Day(FutureYear.date(11, 25));
        Window.Month december = new Window.Month(FutureYear.month(12));
        CounterLimit daily = usd(department(DAY), 1_000_000);
        CounterLimit nextDaily = usd(department(nextDay), 1_000_000);
        CounterLimit monthly = usd(department(NOVEMBER), 1_000_000);
        CounterLimit nextMonthly = usd(department(december), 1_000_000);

        assertThat(ledger.reserve(reservation("req-1", 1_000_000, 1, List.of(daily, monthly)))).isInstanceOf(Reserved.class);
        assertThat(ledger.reserve(reservation("req-2", 1_000_000, 1, List.of(nextDaily)))).isInstanceOf(Reserved.class);
        assertThat(ledger.reserve(reservation("req-3", 1_000_000, 1, List.of(nextMonthly)))).isInstanceOf(Reserved.class);
        assertThat(ledger.reserve(reservation("req-4", 1, 1, List.of(daily)))).isInstanceOf(Refused.class);

        Map<Counter, CounterValues> values = ledger.read(List.of(department(DAY), department(nextDay), department(NOVEMBER),
                department(december), department(Window.Minute.containing(AT))));
        assertThat(values.values()).extracting(CounterValues::committedUsdMicros)
                .containsExactly(1_000_000L, 1_000_000L, 1_000_000L, 1_000_000L, 0L);
    }

    @Test
    void tenantsNeverShareCounters(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 1_000_000);
        ledger.reserve(reservation("req-1", 1_000_000, 1, List.of(monthly)));

        var other = new DynamoDbSpendLedgerTest();
        CounterLimit othersMonthly = usd(other.department(NOVEMBER), 1_000_000);
        assertThat(other.department(NOVEMBER).scopeId()).isEqualTo(department(NOVEMBER).scopeId());
        assertThat(ledger.reserve(other.reservation("req-1", 1_000_000, 1, List.of(othersMonthly)))).isInstanceOf(Reserved.class);
        assertThat(ledger.reserve(reservation("req-2", 1, 1, List.of(monthly)))).isInstanceOf(Refused.class);

        // a reservation naming another tenant's counter is a programming error
        assertThatThrownBy(() -> ledger.reserve(reservation("req-3", 1, 1, List.of(othersMonthly))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ledger.settle(reservation("req-4", 1, 1, List.of()), other.usage("req-4", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countersExpireLongAfterTheirWindow(LocalTables tables) {
        var ledger = ledger(tables);
        Reservation r = reservation("req-1", 10, 10, List.of(new CounterLimit(key(MINUTE), Measure.REQUESTS, 5, "key K")));
        ledger.reserve(r);
        ledger.settle(r, usage("req-1", 10));

        assertThat(expiresAt(tables, key(MINUTE))).isEqualTo(FutureYear.instant("YYYY-11-24T11:05:00Z"));
        assertThat(expiresAt(tables, key(DAY))).isEqualTo(FutureYear.instant("YYYY-11-24T00:00:00Z").plus(Duration.ofDays(400)));
        assertThat(expiresAt(tables, key(NOVEMBER))).isEqualTo(FutureYear.instant("YYYY-11-01T00:00:00Z").plus(Duration.ofDays(800)));
        assertThat(SpendKeys.partitionKey(key(DAY))).isEqualTo(tenant + "#key#key_1");
        assertThat(SpendKeys.sortKey(key(MINUTE))).isEqualTo("m#" + FutureYear.text("YYYY-11-24T09:05:00Z"));
    }

    private static Instant expiresAt(LocalTables tables, Counter counter) {
        Map<String, AttributeValue> item = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(SpendKeys.key(counter))).item();
        return Instant.ofEpochSecond(Long.parseLong(item.get(SpendKeys.EXPIRES_AT).n()));
    }

    // ------------------------------------------------------------------------------------------ capacity

    @Test
    void reportsConsumedCapacityWhenAsked(LocalTables tables) {
        Map<String, DoubleAdder> units = new ConcurrentHashMap<>();
        var ledger = new DynamoDbSpendLedger(tables.client(), tables.name(GatewayTable.SPEND), tables.name(GatewayTable.USAGE),
                Duration.ofDays(30), (operation, u) -> units.computeIfAbsent(operation, k -> new DoubleAdder()).add(u));
        // a typical router request: monthly and daily budgets on two scopes, RPM and TPM on the key
        List<CounterLimit> limits = List.of(usd(department(NOVEMBER), 10_000_000), usd(department(DAY), 1_000_000),
                usd(key(NOVEMBER), 5_000_000), new CounterLimit(key(MINUTE), Measure.REQUESTS, 60, "key K"),
                new CounterLimit(key(MINUTE), Measure.TOKENS, 100_000, "key K"));
        Reservation r = reservation("req-1", 100_000, 3_000, limits);

        ledger.reserve(r);
        ledger.settle(r, usage("req-1", 80_000));
        ledger.read(dayAndMonthCounters());

        System.out.printf("DynamoDB Local consumed capacity for 4 limited counters + 10 day/month counters: %s%n", units);
        assertThat(units).containsKeys(DynamoDbSpendLedger.RESERVE, DynamoDbSpendLedger.SETTLE, DynamoDbSpendLedger.READ);
        assertThat(units.get(DynamoDbSpendLedger.RESERVE).sum()).isPositive();
        assertThat(units.get(DynamoDbSpendLedger.SETTLE).sum()).isPositive();
    }
}
