package com.gaterouter.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.allowance.InMemoryAllowanceLedger;
import com.gaterouter.common.spend.allowance.LeaseBook;
import com.gaterouter.common.spend.allowance.LeaseBook.Key;
import com.gaterouter.common.spend.allowance.LeaseKeeper;
import com.gaterouter.common.spend.allowance.SliceSizer;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The enforcer over a lease book on a ledger in memory that counts its calls: I/O only where no lease covers. */
class BudgetEnforcerTest {

    private static final Instant AT = Instant.parse("2030-03-10T12:00:20Z");
    private final MutableClock clock = new MutableClock(AT);
    private final Counter month = new Counter("t", BudgetScope.DEPARTMENT, "d", new Window.Month(YearMonth.of(2030, 3)));
    private final Counter minute = new Counter("t", BudgetScope.KEY, "k", Window.Minute.containing(AT));
    private final CounterLimit usd = new CounterLimit(month, Measure.USD_MICROS, 1_000_000, "department d");
    private final CounterLimit rpm = new CounterLimit(minute, Measure.REQUESTS, 100, "key k");
    private final CounterLimit tpm = new CounterLimit(minute, Measure.TOKENS, 100_000, "key k");
    private final InMemoryAllowanceLedger ledger = new InMemoryAllowanceLedger();
    private final LeaseKeeper keeper;
    private final BudgetEnforcer enforcer;

    BudgetEnforcerTest() {
        AtomicInteger ids = new AtomicInteger();
        keeper = new LeaseKeeper(new LeaseBook(ledger, clock, SliceSizer.standard(1, 1_000_000), Duration.ofSeconds(60),
                Duration.ofSeconds(10), () -> "l" + ids.incrementAndGet()), clock);
        enforcer = new BudgetEnforcer(Optional.of(keeper), new BudgetPlanner(true), clock);
    }

    private Reservation reservation(String id, long usdMicros, long tokens, List<CounterLimit> limits) {
        return new Reservation(id, "t", AT, usdMicros, tokens, limits, List.of(month));
    }

    private static UsageRecord usage(String id, long cost, long prompt, long completion) {
        return new UsageRecord(id, new Principal("t", "d", "p", "u", "k"), "a/one", "a/one", "a", 1,
                new TokenUsage(prompt, 0, 0, completion, 0), cost, 10, 5, UsageStatus.SUCCEEDED, 200, false, AT);
    }

    @Test
    void onlyTheFirstRequestOnAKeyCallsTheStoreTheRestAreAdmittedInMemory() {
        var first = (BudgetEnforcer.Admitted) enforcer.reserve(reservation("r1", 1_000, 0, List.of(usd)));
        assertThat(ledger.calls).hasValue(1);
        assertThat(first.leaseIds()).containsExactly("l1");
        // room 1,000,000 at the grant of a 100,000 slice: 900,000 + what is left of the lease
        assertThat(first.headers()).containsEntry("x-gaterouter-budget-remaining-usd", "0.999000");
        enforcer.settle(first, usage("r1", 300, 10, 5));

        for (int i = 2; i <= 50; i++) {
            var admitted = (BudgetEnforcer.Admitted) enforcer.reserve(reservation("r" + i, 1_000, 0, List.of(usd)));
            enforcer.settle(admitted, usage("r" + i, 300, 10, 5));
        }
        assertThat(ledger.calls).as("no I/O while the lease covers").hasValue(1);
        assertThat(keeper.book().remaining(Key.of(usd))).isEqualTo(100_000 - 50 * 300);
    }

    @Test
    void severalUncoveredKeysAreAcquiredThenAdmittedAllOrNothing() {
        var admitted = (BudgetEnforcer.Admitted) enforcer.reserve(reservation("r1", 2_000, 700, List.of(usd, rpm, tpm)));
        assertThat(ledger.leaseCalls).hasValue(3);
        assertThat(admitted.leaseIds()).hasSize(3);
        assertThat(admitted.headers()).containsKeys("x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens",
                "x-gaterouter-budget-remaining-usd");
        // the actuals per key: USD = cost, tokens = prompt + completion, requests = 1
        enforcer.settle(admitted, usage("r1", 1_500, 400, 100));
        long rpmLease = ledger.leases.values().stream().filter(l -> l.measure() == Measure.REQUESTS).findFirst().orElseThrow().amount();
        long tpmLease = ledger.leases.values().stream().filter(l -> l.measure() == Measure.TOKENS).findFirst().orElseThrow().amount();
        assertThat(keeper.book().remaining(Key.of(usd))).isEqualTo(100_000 - 1_500);
        assertThat(keeper.book().remaining(Key.of(tpm))).isEqualTo(tpmLease - 500);
        assertThat(keeper.book().remaining(Key.of(rpm))).isEqualTo(rpmLease - 1);
        // settling twice changes nothing and does not throw
        enforcer.settle(admitted, usage("r1", 1_500, 400, 100));
        assertThat(keeper.book().remaining(Key.of(usd))).isEqualTo(100_000 - 1_500);

        keeper.close();
        assertThat(ledger.committed).containsEntry(Key.of(usd), 1_500L).containsEntry(Key.of(tpm), 500L)
                .containsEntry(Key.of(rpm), 1L);
    }

    @Test
    void aLimitWithoutRoomRefusesWith429AndTheRoomLeftAndHoldsNothing() {
        ledger.committed.put(Key.of(usd), 999_000L); // spent and leased by others
        var refused = (BudgetEnforcer.Refused) enforcer.reserve(reservation("r1", 5_000, 10, List.of(usd, rpm)));
        assertThat(refused.error().status()).isEqualTo(429);
        assertThat(refused.error().code()).isEqualTo("insufficient_quota");
        assertThat(refused.usdRoom()).hasValue(1_000);
        assertThat(refused.error().message()).isEqualTo("This request's worst case of $0.005 would exceed the department d "
                + "budget of $1.00 per month ($0.999 spent, $0.00 committed).");
        assertThat(keeper.book().admit(Map.of(Key.of(rpm), 1L))).as("the rpm lease acquired stays for others")
                .isInstanceOf(LeaseBook.Admitted.class);

        // refused again at once, without asking the store (it said so less than a second ago)
        int calls = ledger.calls.get();
        assertThat(enforcer.reserve(reservation("r2", 5_000, 10, List.of(usd)))).isInstanceOf(BudgetEnforcer.Refused.class);
        assertThat(ledger.calls).hasValue(calls);
    }

    @Test
    void aWorstCaseLargerThanTheLimitIsRefusedWithoutIo() {
        var refused = (BudgetEnforcer.Refused) enforcer.reserve(reservation("r1", 2_000_000, 10, List.of(usd)));
        assertThat(refused.error().message()).contains("is more than the department d budget of $1.00 per month allows at all");
        assertThat(ledger.calls).hasValue(0);
    }

    @Test
    void aStoreThatCannotAnswerRefusesWith503() {
        ledger.failing = new IllegalStateException("dynamodb down");
        var refused = (BudgetEnforcer.Refused) enforcer.reserve(reservation("r1", 1_000, 10, List.of(usd)));
        assertThat(refused.error().status()).isEqualTo(503);
        assertThat(refused.error().code()).isEqualTo("budget_check_unavailable");
        assertThat(refused.error().extraHeaders()).containsEntry("retry-after", "1");
    }

    @Test
    void withoutLimitsOrLeasesNothingIsHeldAndNothingIsAsked() {
        var admitted = (BudgetEnforcer.Admitted) enforcer.reserve(reservation("r1", 1_000, 10, List.of()));
        assertThat(admitted.ticket()).isEmpty();
        assertThat(admitted.leaseIds()).isEmpty();
        enforcer.settle(admitted, usage("r1", 5, 1, 1));
        var unenforced = (BudgetEnforcer.Admitted) BudgetEnforcer.unenforced().reserve(reservation("r2", 1_000, 10, List.of(usd)));
        assertThat(unenforced.reservation().limits()).isEmpty();
        assertThat(ledger.calls).hasValue(0);
    }
}
