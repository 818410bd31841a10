package com.gaterouter.common.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
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
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The spend ledger on DynamoDB Local: the usage record's one write, and counter reads. Counters and usage items carry TTLs (a minute counter's is
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

    // ------------------------------------------------------------------------------------------ settle

    @Test
    void settleWritesTheUsageRecordOnceAndMovesNoCounter(LocalTables tables) {
        var ledger = ledger(tables);
        CounterLimit monthly = usd(department(NOVEMBER), 10_000_000);
        Reservation r = reservation("req-1", 1_000_000, 2_000, List.of(monthly));
        UsageRecord record = usage("req-1", 700_000).withLeases(List.of("abcdefghijkl"));

        assertThat(ledger.settle(r, record)).isEqualTo(Outcome.SETTLED);
        assertThat(ledger.settle(r, record)).isEqualTo(Outcome.ALREADY_SETTLED);
        assertThat(ledger.settle(r, usage("req-1", 999_999))).isEqualTo(Outcome.ALREADY_SETTLED);

        assertThat(new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(1))
                .findByTenantAndDay(tenant, DAY.date())).containsExactly(record);
        // counters are the counter sink's (from the records), never the settle's
        assertThat(ledger.read(dayAndMonthCounters()).values()).containsOnly(CounterValues.ZERO);
        assertThat(tables.client().scan(b -> b.tableName(tables.name(GatewayTable.SPEND))).items()
                .stream().filter(item -> item.get(SpendKeys.PK).s().startsWith(tenant))).isEmpty();
    }

    @Test
    void aRecordOfAnotherRequestOrTenantIsNotSettled(LocalTables tables) {
        var ledger = ledger(tables);
        Reservation r = reservation("req-1", 0, 0, List.of());
        assertThatThrownBy(() -> ledger.settle(r, usage("req-2", 1))).isInstanceOf(IllegalArgumentException.class);
        Reservation others = new Reservation("req-1", "t-other", AT, 0, 0, List.of(), List.of());
        assertThatThrownBy(() -> ledger.settle(others, usage("req-1", 1))).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------ read

    @Test
    void readTakesCommittedAsTheLargerOfLeasedAndSettledAndRequestsAsSettled(LocalTables tables) {
        var ledger = ledger(tables);
        Counter leased = department(NOVEMBER);
        Counter settledOnly = key(NOVEMBER);
        Counter sinkAhead = counter(BudgetScope.PROJECT, "proj-1", NOVEMBER);
        put(tables, leased, Map.of("cUsd", 900_000L, "sUsd", 400_000L, "cTok", 7_000L, "sTok", 3_000L, "req", 12L));
        put(tables, settledOnly, Map.of("sUsd", 250_000L, "sTok", 1_000L, "req", 3L));
        // the sink counted a lease's consumption before the lease was released: committed is never below settled
        put(tables, sinkAhead, Map.of("cUsd", 100L, "sUsd", 150L, "cTok", 5L, "sTok", 9L, "req", 1L));

        Map<Counter, CounterValues> values = ledger.read(List.of(leased, settledOnly, sinkAhead, department(DAY)));

        assertThat(values.get(leased)).isEqualTo(new CounterValues(900_000, 400_000, 7_000, 3_000, 12));
        assertThat(values.get(settledOnly)).isEqualTo(new CounterValues(250_000, 250_000, 1_000, 1_000, 3));
        assertThat(values.get(sinkAhead)).isEqualTo(new CounterValues(150, 150, 9, 9, 1));
        assertThat(values.get(department(DAY))).isEqualTo(CounterValues.ZERO);

        // a minute counter: requests are the admitted ones (leased), since nothing settles into minutes
        put(tables, key(MINUTE), Map.of("cReq", 4L, "cTok", 1_200L));
        assertThat(ledger.read(List.of(key(MINUTE))).get(key(MINUTE))).isEqualTo(new CounterValues(0, 0, 1_200, 0, 4));
    }

    private static void put(LocalTables tables, Counter counter, Map<String, Long> numbers) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(SpendKeys.key(counter));
        numbers.forEach((name, value) -> item.put(name, AttributeValue.fromN(Long.toString(value))));
        tables.client().putItem(b -> b.tableName(tables.name(GatewayTable.SPEND)).item(item));
    }

    @Test
    void countersKeyByTenantScopeAndWindow() {
        assertThat(SpendKeys.partitionKey(key(DAY))).isEqualTo(tenant + "#key#key_1");
        assertThat(SpendKeys.sortKey(key(MINUTE))).isEqualTo("m#" + FutureYear.text("YYYY-11-24T09:05:00Z"));
        assertThat(Instant.ofEpochSecond(SpendKeys.expiresAt(MINUTE))).isEqualTo(FutureYear.instant("YYYY-11-24T11:05:00Z"));
        assertThat(Instant.ofEpochSecond(SpendKeys.expiresAt(NOVEMBER)))
                .isEqualTo(FutureYear.instant("YYYY-11-01T00:00:00Z").plus(Duration.ofDays(800)));
    }

    // ------------------------------------------------------------------------------------------ capacity

    @Test
    void reportsConsumedCapacityWhenAsked(LocalTables tables) {
        Map<String, DoubleAdder> units = new ConcurrentHashMap<>();
        var ledger = new DynamoDbSpendLedger(tables.client(), tables.name(GatewayTable.SPEND), tables.name(GatewayTable.USAGE),
                Duration.ofDays(30), (operation, u) -> units.computeIfAbsent(operation, k -> new DoubleAdder()).add(u));
        Reservation r = reservation("req-1", 100_000, 3_000, List.of(usd(department(NOVEMBER), 10_000_000)));

        ledger.settle(r, usage("req-1", 80_000));
        ledger.read(dayAndMonthCounters());

        System.out.printf("DynamoDB Local consumed capacity of one settle and one read of 10 counters: %s%n", units);
        assertThat(units).containsOnlyKeys(DynamoDbSpendLedger.SETTLE, DynamoDbSpendLedger.READ);
        // the usage record's one write: 1 WCU up to 1 KB
        assertThat(units.get(DynamoDbSpendLedger.SETTLE).sum()).isEqualTo(1.0);
    }
}
