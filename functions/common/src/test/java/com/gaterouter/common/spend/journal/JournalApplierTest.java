package com.gaterouter.common.spend.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterAggregator;
import com.gaterouter.common.spend.CounterSink;
import com.gaterouter.common.spend.CounterSums;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.dynamodb.DynamoDbCounterSink;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.sqlite.SqliteUsageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The journal applier on DynamoDB Local: every record the journal made durable ends up as one usage item and
 * once in the counters (source {@code journal}); re-applying every retained record after a reopen — what a
 * restart does, since DynamoDB Local may have lost acknowledged writes — restores lost items and counters and
 * doubles nothing; a failing store is retried with backoff and nothing is marked applied until it went
 * through; a record that is not a settlement is reported; a request appended twice counts once. Records fall
 * in {@link FutureYear} (usage and counter items carry TTLs).
 */
@ExtendWith(DynamoDbLocalExtension.class)
class JournalApplierTest {

    private static final Instant AT = FutureYear.instant("YYYY-11-24T09:05:17.250Z");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JournalApplier.Settings SETTINGS = new JournalApplier.Settings(1000, Duration.ofMillis(5),
            Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(10));

    @TempDir
    Path dir;
    @TempDir
    Path storeDir;
    /** The local gateway's usage store, as it wires the applier; counters on DynamoDB Local. */
    private SqliteUsageStore usage;

    private final String tenant = "t-" + UUID.randomUUID();
    private final Principal principal = new Principal(tenant, "d1", "p1", "u1", "k1");
    private final Counter keyDay = new Counter(tenant, BudgetScope.KEY, "k1", new Window.Day(LocalDate.ofInstant(AT, ZoneOffset.UTC)));
    private final Counter tenantMonth = new Counter(tenant, BudgetScope.TENANT, tenant,
            new Window.Month(YearMonth.from(LocalDate.ofInstant(AT, ZoneOffset.UTC))));
    private final MutableClock clock = new MutableClock(AT);
    private final List<Long> pauses = Collections.synchronizedList(new ArrayList<>());
    private final List<JournalEntry> setAside = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void openUsageStore() {
        usage = SqliteUsageStore.open(storeDir.resolve(SqliteUsageStore.FILE_NAME), Duration.ofDays(400), clock);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        usage.close();
    }

    /** A journal in {@code dir} with an applier over the tables' stores (sink wrapped as given), started. */
    private record Running(UsageJournal journal, JournalApplier applier, JournaledSpendLedger ledger) {
    }

    private Running start(LocalTables tables, java.util.function.UnaryOperator<CounterSink> wrap) throws Exception {
        CounterSink sink = wrap.apply(new DynamoDbCounterSink(tables.client(), tables.name(GatewayTable.SPEND)));
        JournalApplier applier = new JournalApplier(
                usage, sink,
                new CounterAggregator(t -> ZoneOffset.UTC, CounterAggregator.Windows.MONTH_AND_DAY), SETTINGS,
                pause -> pauses.add(pause.toMillis()), setAside::add);
        UsageJournal journal = UsageJournal.openRetained(dir, new UsageJournal.Options(4L << 20, 256).retaining(2, Duration.ofMinutes(10)),
                clock, applier::retained, applier::durable);
        applier.start(journal);
        open.add(applier);
        open.add(journal);
        return new Running(journal, applier, new JournaledSpendLedger(journal, counters -> Map.of()));
    }

    private Running start(LocalTables tables) throws Exception {
        return start(tables, sink -> sink);
    }

    private static void stop(Running running) throws Exception {
        running.journal().close();
        running.applier().close();
    }

    private UsageRecord usage(String requestId, long costMicros) {
        return new UsageRecord(requestId, principal, "auto", "openai/gpt-4o-mini", "openai", 1,
                new TokenUsage(100, 0, 0, 20, 0), costMicros, 12, 5, UsageStatus.SUCCEEDED, 200, false, AT);
    }

    private SpendLedger.Outcome settle(Running running, String requestId, long costMicros) {
        return running.ledger().settle(new Reservation(requestId, tenant, AT, 0, 0, List.of(), List.of()), usage(requestId, costMicros));
    }

    private CounterSums stored(LocalTables tables, Counter counter) {
        Map<String, AttributeValue> item = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(SpendKeys.key(counter)).consistentRead(true)).item();
        return new CounterSums(number(item, SpendKeys.SETTLED_USD), number(item, SpendKeys.SETTLED_TOKENS),
                number(item, SpendKeys.REQUESTS));
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item == null ? null : item.get(attribute);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private List<UsageRecord> records(LocalTables tables) {
        return usage.findByTenantAndDay(tenant, LocalDate.ofInstant(AT, ZoneOffset.UTC));
    }

    @Test
    void everyDurableRecordBecomesOneUsageItemAndIsCountedOnceAndTheLagIsMeasured(LocalTables tables) throws Exception {
        Running running = start(tables);
        AtomicLong cost = new AtomicLong();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 16; c++) {
                int caller = c;
                callers.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        long micros = 1_000 + caller * 100 + i;
                        assertThat(settle(running, "req-" + caller + "-" + i, micros)).isEqualTo(SpendLedger.Outcome.SETTLED);
                        cost.addAndGet(micros);
                    }
                    return null;
                });
            }
        }
        running.applier().flush(WAIT);

        assertThat(records(tables)).hasSize(1600).extracting(UsageRecord::requestId).doesNotHaveDuplicates();
        CounterSums expected = new CounterSums(cost.get(), 1600 * 120L, 1600);
        assertThat(stored(tables, keyDay)).isEqualTo(expected);
        assertThat(stored(tables, tenantMonth)).isEqualTo(expected);
        assertThat(running.journal().appliedUpTo()).isEqualTo(running.journal().durableUpTo()).isEqualTo(1600);
        JournalApplier.Stats stats = running.applier().stats();
        assertThat(stats.applied()).isEqualTo(1600);
        assertThat(stats.batches()).isLessThan(1600); // batched
        assertThat(stats.lagSamples()).isEqualTo(1600);
        System.out.printf("journal applier (usage in SQLite, counters on DynamoDB Local): 1600 records (16 callers) in %d batches; counter lag p50 %.1f ms, "
                        + "p99 %.1f ms; writing usage %d ms, counters %d ms%n", stats.batches(), stats.lagP50().toNanos() / 1e6,
                stats.lagP99().toNanos() / 1e6, stats.writingUsage().toMillis(), stats.writingCounters().toMillis());
    }

    @Test
    void reopeningReappliesEveryRetainedRecordRestoringWhatTheStoreLostAndDoublingNothing(LocalTables tables) throws Exception {
        Running first = start(tables);
        for (int i = 0; i < 300; i++) {
            settle(first, "req-" + i, 2_000);
        }
        first.applier().flush(WAIT);
        stop(first);
        open.clear();
        // the stores "lost" acknowledged writes (DynamoDB Local does on kill -9): a usage record and the key's day counter
        UsageRecord lost = records(tables).get(7);
        try (var sqlite = java.sql.DriverManager.getConnection("jdbc:sqlite:" + storeDir.resolve(SqliteUsageStore.FILE_NAME));
             var delete = sqlite.prepareStatement("DELETE FROM usage WHERE request_id = ?")) {
            delete.setString(1, lost.requestId());
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
        tables.client().deleteItem(b -> b.tableName(tables.name(GatewayTable.SPEND)).key(SpendKeys.key(keyDay)));
        assertThat(records(tables)).hasSize(299);

        Running second = start(tables);
        // start() re-applied before returning: nothing to wait for
        CounterSums expected = new CounterSums(300 * 2_000L, 300 * 120L, 300);
        assertThat(records(tables)).hasSize(300);
        assertThat(stored(tables, keyDay)).isEqualTo(expected);
        assertThat(stored(tables, tenantMonth)).as("held them all: not counted again").isEqualTo(expected);

        settle(second, "req-after", 5);
        second.applier().flush(WAIT);
        assertThat(stored(tables, keyDay)).isEqualTo(new CounterSums(300 * 2_000L + 5, 301 * 120L, 301));
        assertThat(stored(tables, tenantMonth)).isEqualTo(new CounterSums(300 * 2_000L + 5, 301 * 120L, 301));
    }

    @Test
    void aFailingStoreIsRetriedWithBackoffAndNothingIsMarkedAppliedUntilItWentThrough(LocalTables tables) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Long> markedWhileFailing = Collections.synchronizedList(new ArrayList<>());
        UsageJournal[] journal = new UsageJournal[1];
        Running running = start(tables, sink -> batch -> {
            if (calls.incrementAndGet() <= 3) {
                markedWhileFailing.add(journal[0].appliedUpTo());
                throw new IllegalStateException("DynamoDB Local is down");
            }
            return sink.apply(batch);
        });
        journal[0] = running.journal();
        settle(running, "req-1", 1_000);
        running.applier().flush(WAIT);

        assertThat(markedWhileFailing).containsExactly(0L, 0L, 0L);
        assertThat(pauses).containsExactly(50L, 100L, 200L);
        assertThat(running.applier().stats().failures()).isEqualTo(3);
        assertThat(records(tables)).hasSize(1);
        assertThat(stored(tables, keyDay)).isEqualTo(new CounterSums(1_000, 120, 1));
        assertThat(running.journal().appliedUpTo()).isEqualTo(1);
    }

    @Test
    void aRecordThatIsNotASettlementIsReportedAndPassedOver(LocalTables tables) throws Exception {
        Running running = start(tables);
        running.journal().append("garbage-1", "{not a settlement".getBytes(StandardCharsets.UTF_8));
        settle(running, "req-1", 1_000);
        running.applier().flush(WAIT);

        assertThat(setAside).extracting(JournalEntry::requestId).containsExactly("garbage-1");
        assertThat(running.applier().stats().undecodable()).isEqualTo(1);
        assertThat(records(tables)).extracting(UsageRecord::requestId).containsExactly("req-1");
        assertThat(stored(tables, keyDay)).isEqualTo(new CounterSums(1_000, 120, 1));
    }

    @Test
    void aRequestAppendedTwiceIsOneItemAndCountedOnce(LocalTables tables) throws Exception {
        Running running = start(tables);
        settle(running, "req-1", 1_000);
        settle(running, "req-1", 1_000);
        settle(running, "req-2", 500);
        running.applier().flush(WAIT);

        assertThat(records(tables)).hasSize(2);
        assertThat(stored(tables, keyDay)).isEqualTo(new CounterSums(1_500, 240, 2));
    }
}
