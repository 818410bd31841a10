package com.gaterouter.common.usage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.UsageStore.AlreadyRecorded;
import com.gaterouter.common.usage.UsageStore.Written;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local gateway's usage store: write once, batches, reads by tenant and UTC day, retention, a reopened file. */
class SqliteUsageStoreTest {

    /** The store's only time source: nothing here reads the machine's clock. */
    private final MutableClock clock = new MutableClock(Instant.parse("2031-03-14T12:00:00Z"));
    private final Instant at = clock.instant().minus(Duration.ofHours(3));

    @TempDir
    Path dir;

    private UsageRecord usage(String tenant, String requestId, Instant occurredAt) {
        return new UsageRecord(requestId, new Principal(tenant, "dept-1", "proj-1", "user-1", "key_1"),
                "openai/gpt-4o-mini", "openai/gpt-4o-mini", "openai", 1,
                new TokenUsage(1200, 200, 0, 300, 0), 345, 812, 95, UsageStatus.SUCCEEDED, 200, true, occurredAt);
    }

    private SqliteUsageStore open(Duration retention) {
        return SqliteUsageStore.open(dir.resolve(SqliteUsageStore.FILE_NAME), retention, clock);
    }

    @Test
    void writesOnceAndReadsBackEveryField() {
        try (var store = open(Duration.ofDays(30))) {
            UsageRecord plain = usage("t1", "req-1", at);
            UsageRecord routed = new UsageRecord("req-2", plain.principal(), "auto", "deepseek/deepseek-chat", "deepseek", 3,
                    plain.tokens(), 99, 4_100, 4_100, UsageStatus.SUCCEEDED, 200, false, at.plusMillis(1),
                    Optional.of(new RouteDecision("heavy", 0.912, List.of("auto", "code"), false, "openai/gpt-5", "openai/gpt-5", 120, 120)),
                    List.of(FailedAttempt.of(1, "openai/gpt-4o-mini", "openai", "SERVER_ERROR", 503, 35)), List.of("lease1", "lease2"));

            assertThat(store.record(plain)).isInstanceOf(Written.class);
            assertThat(store.record(routed)).isInstanceOf(Written.class);
            assertThat(store.record(usage("t1", "req-1", at.plusSeconds(5)))).isInstanceOf(AlreadyRecorded.class);

            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            assertThat(store.findByTenantAndDay("t1", day)).containsExactly(plain, routed);
            assertThat(store.findByTenantAndDay("t1", day.plusDays(1))).isEmpty();
            assertThat(store.findByTenantAndDay("t2", day)).isEmpty();
        }
    }

    @Test
    void aBatchWrittenTwiceLeavesOneRowPerRequestAndDaysAreUtc() {
        Instant lateEvening = LocalDate.ofInstant(at, ZoneOffset.UTC).atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
        List<UsageRecord> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            batch.add(usage(i % 2 == 0 ? "even" : "odd", "req-" + i, lateEvening.plusSeconds(i % 3)));
        }
        try (var store = open(Duration.ofDays(30))) {
            store.writeAll(batch);
            store.writeAll(batch.subList(100, 250));
            assertThat(store.count()).isEqualTo(250);
            LocalDate day = LocalDate.ofInstant(lateEvening, ZoneOffset.UTC);
            List<UsageRecord> evenToday = store.findByTenantAndDay("even", day);
            List<UsageRecord> evenTomorrow = store.findByTenantAndDay("even", day.plusDays(1));
            assertThat(evenToday).allSatisfy(r -> assertThat(r.occurredAt()).isEqualTo(lateEvening));
            assertThat(evenToday.size() + evenTomorrow.size()).isEqualTo(125);
            assertThat(evenTomorrow).isNotEmpty().allSatisfy(r -> assertThat(r.occurredAt()).isAfter(lateEvening));
        }
    }

    @Test
    void aBatchWithItsJsonKeepsThatJsonAndRefusesAMismatch() {
        UsageRecord one = usage("t", "req-json", at);
        try (var store = open(Duration.ofDays(30))) {
            store.writeAll(List.of(one), List.of(com.gaterouter.common.usage.UsageRecordJson.toJson(one)));
            assertThat(store.findByTenantAndDay("t", LocalDate.ofInstant(at, ZoneOffset.UTC))).containsExactly(one);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.writeAll(List.of(one), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one JSON per record");
        }
    }

    @Test
    void recordsOutliveTheConnectionAndExpireAfterTheRetention() {
        try (var store = open(Duration.ofDays(2))) {
            store.writeAll(List.of(usage("t", "old", at.minus(Duration.ofDays(1))), usage("t", "new", at)));
        }
        try (var store = open(Duration.ofDays(2))) {
            assertThat(store.count()).isEqualTo(2);
        }
        clock.advance(Duration.ofDays(1));
        try (var store = open(Duration.ofDays(2))) {
            // opening purges what expired: "old" occurred 2 days and 3 hours ago
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.findByTenantAndDay("t", LocalDate.ofInstant(at, ZoneOffset.UTC))).extracting(UsageRecord::requestId)
                    .containsExactly("new");
            clock.advance(Duration.ofDays(1));
            // a batch more than an hour after the last purge purges again
            store.writeAll(List.of(usage("t", "newest", clock.instant())));
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Test
    void readsGoOnWhileBatchesAreWritten() throws Exception {
        try (var store = open(Duration.ofDays(30)); ExecutorService threads = Executors.newFixedThreadPool(2)) {
            CountDownLatch started = new CountDownLatch(1);
            Future<?> writes = threads.submit(() -> {
                started.countDown();
                for (int b = 0; b < 20; b++) {
                    List<UsageRecord> batch = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        batch.add(usage("t", "req-" + b + "-" + i, at));
                    }
                    store.writeAll(batch);
                }
                return null;
            });
            started.await();
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            int last = 0;
            while (!writes.isDone()) {
                int seen = store.findByTenantAndDay("t", day).size();
                // whole batches only, never fewer than before
                assertThat(seen % 100).isZero();
                assertThat(seen).isGreaterThanOrEqualTo(last);
                last = seen;
            }
            writes.get();
            assertThat(store.findByTenantAndDay("t", day)).hasSize(2000);
        }
    }
}
