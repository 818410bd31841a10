package com.gaterouter.router.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.spend.spool.UsageSpool;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class UsageMeterTest {

    private static final Principal PRINCIPAL = new Principal("acme", "d1", "p1", "u1", "k1");
    private static final Instant AT = Instant.parse("2026-11-30T23:30:00Z");
    /** Request r1's counters-only reservation, which the tests settle. */
    private static final Reservation R1 = CountersOnly.reservation("r1", PRINCIPAL, AT, ZoneOffset.UTC);
    private static final ModelSpec MODEL = ModelCatalog.load(Optional.empty()).resolve("openai/gpt-4o-mini").orElseThrow();
    private static final ModelSpec STRONG = ModelCatalog.load(Optional.empty()).resolve("openai/gpt-4o").orElseThrow();

    /** Fails its first {@code failures} settles, then records them. */
    private static final class ScriptedLedger implements SpendLedger {
        final AtomicInteger calls = new AtomicInteger();
        final List<Reservation> settled = new ArrayList<>();
        final int failures;

        ScriptedLedger(int failures) {
            this.failures = failures;
        }

        @Override
        public Outcome settle(Reservation reservation, UsageRecord usage) {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("ledger down");
            }
            settled.add(reservation);
            return Outcome.SETTLED;
        }

        @Override
        public Map<Counter, CounterValues> read(List<Counter> counters) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class ListSpool implements UsageSpool {
        final List<Settlement> entries = new ArrayList<>();
        boolean broken;

        @Override
        public void append(Settlement settlement) {
            if (broken) {
                throw new SpoolException("disk full", null);
            }
            entries.add(settlement);
        }

        @Override
        public DrainResult drain(Predicate<Settlement> handler) {
            throw new UnsupportedOperationException();
        }
    }

    private final List<Duration> pauses = new ArrayList<>();

    private UsageMeter meter(SpendLedger ledger, UsageSpool spool) {
        return new UsageMeter(ledger, spool, UsageMeter.Retries.DEFAULT, pauses::add);
    }

    @Test
    void aLedgerThatAnswersSettlesAtOnce() {
        ScriptedLedger ledger = new ScriptedLedger(0);
        ListSpool spool = new ListSpool();

        UsageRecord record = meter(ledger, spool).record(measured("r1"), R1);

        assertThat(ledger.settled).containsExactly(R1);
        assertThat(record.costMicros()).isPositive();
        assertThat(spool.entries).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void theRecordCarriesTheRouteDecisionPricedAndTheFailedAttemptsAndWhatASpoolCarries() {
        List<FailedAttempt> failed = List.of(FailedAttempt.of(1, "openai/gpt-4o", "openai", "TIMEOUT", 0, 3_000));
        UsageMeter.Measured m = measured("r1");
        UsageMeter.Measured full = new UsageMeter.Measured(m.requestId(), m.principal(), m.requestedModel(), m.served(), 2,
                m.tokens(), m.latencyMillis(), m.ttftMillis(), m.status(), m.httpStatus(), m.stream(), m.occurredAt(),
                Optional.of(new UsageMeter.Routed("light", 0.21, List.of("auto", "simple_task"), false, MODEL, STRONG)), failed);
        ListSpool spool = new ListSpool();

        UsageRecord record = meter(new ScriptedLedger(Integer.MAX_VALUE), spool).record(full, R1);

        assertThat(record.tier()).contains("light");
        RouteDecision route = record.route().orElseThrow();
        assertThat(route.reasons()).containsExactly("auto", "simple_task");
        assertThat(route.routedModel()).isEqualTo(MODEL.id());
        assertThat(route.routedCostMicros()).as("served on the routed model: the same cost").isEqualTo(record.costMicros());
        // 1,000 prompt + 500 completion tokens on gpt-4o ($2.50 / $10 per 1M): 2,500 + 5,000 micro-USD
        assertThat(route.referenceCostMicros()).isEqualTo(7_500);
        assertThat(record.failedAttempts()).isEqualTo(failed);
        assertThat(spool.entries).singleElement().satisfies(s -> assertThat(s.usage()).isEqualTo(record));
        assertThat(m.withFailedAttempts(failed).failedAttempts()).isEqualTo(failed);
        assertThat(meter(new ScriptedLedger(0), new ListSpool()).usageRecord(m).failedAttempts()).isEmpty();
    }

    @Test
    void retriesTwiceWithBackoffBeforeGivingUp() {
        ScriptedLedger ledger = new ScriptedLedger(2);
        ListSpool spool = new ListSpool();

        UsageMeter.Fate fate = meter(ledger, spool).settle(R1,
                meter(ledger, spool).usageRecord(measured("r1")));

        assertThat(fate).isEqualTo(UsageMeter.Fate.SETTLED);
        assertThat(ledger.calls).hasValue(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(50), Duration.ofMillis(200));
        assertThat(spool.entries).isEmpty();
    }

    @Test
    void spoolsTheSettlementWhenEveryAttemptFailed() {
        ScriptedLedger ledger = new ScriptedLedger(3);
        ListSpool spool = new ListSpool();

        UsageRecord record = meter(ledger, spool).record(measured("r1"), R1);

        assertThat(ledger.calls).hasValue(3);
        assertThat(spool.entries).containsExactly(new Settlement(R1, record));
    }

    @Test
    void logsWhenTheSpoolFailsTooAndNeverThrows() {
        ScriptedLedger ledger = new ScriptedLedger(Integer.MAX_VALUE);
        ListSpool spool = new ListSpool();
        spool.broken = true;
        UsageMeter meter = meter(ledger, spool);

        UsageMeter.Fate fate = meter.settle(R1,
                meter.usageRecord(measured("r1")));

        assertThat(fate).isEqualTo(UsageMeter.Fate.LOGGED_ONLY);
    }

    @Test
    void anInterruptedBackoffSpoolsAtOnce() {
        ScriptedLedger ledger = new ScriptedLedger(Integer.MAX_VALUE);
        ListSpool spool = new ListSpool();
        UsageMeter meter = new UsageMeter(ledger, spool, UsageMeter.Retries.DEFAULT, pause -> {
            throw new InterruptedException();
        });

        UsageMeter.Fate fate = meter.settle(R1,
                meter.usageRecord(measured("r1")));

        assertThat(fate).isEqualTo(UsageMeter.Fate.SPOOLED);
        assertThat(ledger.calls).hasValue(1);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void theOldSignatureCountsIntoTheUtcDayAndMonthOfEveryScope() {
        ScriptedLedger ledger = new ScriptedLedger(0);

        meter(ledger, new ListSpool()).record(measured("r1"));

        Reservation reservation = ledger.settled.getFirst();
        assertThat(reservation.limits()).isEmpty();
        assertThat(reservation.usdMicros()).isZero();
        assertThat(reservation.counters()).hasSize(10).contains(
                new Counter("acme", BudgetScope.KEY, "k1", new Window.Month(YearMonth.of(2026, 11))),
                new Counter("acme", BudgetScope.TENANT, "acme", new Window.Day(LocalDate.of(2026, 11, 30))),
                new Counter("acme", BudgetScope.DEPARTMENT, "d1", new Window.Day(LocalDate.of(2026, 11, 30))));
    }

    @Test
    void countersFollowTheTenantsTimeZone() {
        List<Counter> tokyo = CountersOnly.counters(PRINCIPAL, AT, ZoneId.of("Asia/Tokyo"));

        assertThat(tokyo).contains(new Counter("acme", BudgetScope.USER, "u1", new Window.Month(YearMonth.of(2026, 12))),
                new Counter("acme", BudgetScope.PROJECT, "p1", new Window.Day(LocalDate.of(2026, 12, 1))));
    }

    private static UsageMeter.Measured measured(String requestId) {
        return new UsageMeter.Measured(requestId, PRINCIPAL, "auto", MODEL, 1, new TokenUsage(1_000, 0, 0, 500, 0), 300, 80,
                UsageStatus.SUCCEEDED, 200, false, AT);
    }
}
