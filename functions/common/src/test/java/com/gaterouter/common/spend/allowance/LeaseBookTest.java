package com.gaterouter.common.spend.allowance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.spend.AllowanceLedger;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.allowance.LeaseBook.Admitted;
import com.gaterouter.common.spend.allowance.LeaseBook.Covered;
import com.gaterouter.common.spend.allowance.LeaseBook.Exhausted;
import com.gaterouter.common.spend.allowance.LeaseBook.Key;
import com.gaterouter.common.spend.allowance.LeaseBook.Uncovered;
import com.gaterouter.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lease book's in-memory rules, on a ledger held in memory (no clock but the test's). */
class LeaseBookTest {

    private static final Instant AT = Instant.parse("2030-03-10T12:00:20Z");
    private final MutableClock clock = new MutableClock(AT);
    private final Counter month = new Counter("t", BudgetScope.DEPARTMENT, "d", new Window.Month(YearMonth.of(2030, 3)));
    private final Counter minute = new Counter("t", BudgetScope.KEY, "k", Window.Minute.containing(AT));
    private final CounterLimit usd = new CounterLimit(month, Measure.USD_MICROS, 100_000, "department d");
    private final CounterLimit rpm = new CounterLimit(minute, Measure.REQUESTS, 10, "key k");
    private final Key usdKey = Key.of(usd);
    private final Key rpmKey = Key.of(rpm);
    private final InMemoryAllowanceLedger ledger = new InMemoryAllowanceLedger();
    private final AtomicInteger ids = new AtomicInteger();
    private final LeaseBook book = new LeaseBook(ledger, clock, new SliceSizer(0.5, 1, 1_000_000, 2),
            Duration.ofSeconds(60), Duration.ofSeconds(5), () -> "l" + ids.incrementAndGet());

    @Test
    void admissionIsAllOrNothingAcrossKeys() {
        assertThat(book.acquire(List.of(usd), 1_000)).isEqualTo(new Covered(usdKey));
        assertThat(book.admit(Map.of(usdKey, 1_000L, rpmKey, 1L))).isEqualTo(new Uncovered(List.of(rpmKey)));
        assertThat(book.remaining(usdKey)).isEqualTo(50_000);

        assertThat(book.acquire(List.of(rpm), 1)).isEqualTo(new Covered(rpmKey));
        var admitted = (Admitted) book.admit(Map.of(usdKey, 1_000L, rpmKey, 1L));
        assertThat(book.remaining(usdKey)).isEqualTo(49_000);
        assertThat(book.remaining(rpmKey)).isEqualTo(4);
        book.settle(admitted.ticket(), Map.of(usdKey, 400L, rpmKey, 1L));
        assertThat(book.remaining(usdKey)).isEqualTo(49_600);
        assertThatThrownBy(() -> book.settle(admitted.ticket(), Map.of(usdKey, 400L, rpmKey, 1L)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> book.settle(admitted.ticket(), Map.of(usdKey, 400L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nearTheLimitALeaseThatCannotCoverTheNextRequestGoesBackBeforeANewOneIsTaken() {
        // 18 of room, requests of worst case 12 that cost 4: the first lease keeps 8 after the first request,
        // which cannot cover the second; giving those 8 back is what lets the second in (18 − 4 = 14 ≥ 12)
        CounterLimit tight = new CounterLimit(month, Measure.USD_MICROS, 18, "department d");
        assertThat(book.acquire(List.of(tight), 12)).isEqualTo(new Covered(usdKey));
        var first = (Admitted) book.admit(Map.of(usdKey, 12L));
        book.settle(first.ticket(), Map.of(usdKey, 4L));
        assertThat(book.admit(Map.of(usdKey, 12L))).isInstanceOf(Uncovered.class);

        assertThat(book.acquire(List.of(tight), 12)).isEqualTo(new Covered(usdKey));
        assertThat(ledger.committed.get(usdKey)).as("4 consumed + a new lease of 12").isEqualTo(16);
        var second = (Admitted) book.admit(Map.of(usdKey, 12L));
        book.settle(second.ticket(), Map.of(usdKey, 4L));

        // 8 spent: 10 left, less than a worst case of 12, whatever the leases do
        assertThat(book.acquire(List.of(tight), 12)).isEqualTo(new Exhausted(usdKey, 10));
        book.close();
        assertThat(ledger.committed.get(usdKey)).isEqualTo(8);
        assertThat(ledger.leases).isEmpty();
    }

    @Test
    void aKeyDrawnOnFasterThanItsSlicesGetSlicesForTheNextSecondsOfDraw() {
        CounterLimit big = new CounterLimit(minute, Measure.REQUESTS, 1_000_000, "key k");
        LeaseBook capped = new LeaseBook(ledger, clock, new SliceSizer(0.5, 1, 100, 2), Duration.ofSeconds(60), Duration.ofSeconds(5),
                () -> "c" + ids.incrementAndGet());
        capped.measureRates();
        assertThat(capped.acquire(List.of(big), 1)).isEqualTo(new Covered(rpmKey));
        assertThat(capped.remaining(rpmKey)).as("the cap, before any rate is known").isEqualTo(100);
        for (int i = 0; i < 100; i++) {
            var admitted = (Admitted) capped.admit(Map.of(rpmKey, 1L));
            capped.settle(admitted.ticket(), Map.of(rpmKey, 1L));
        }
        clock.advance(Duration.ofMillis(500)); // 100 requests in half a second: 200 a second
        capped.measureRates();
        assertThat(capped.acquire(List.of(big), 1)).isEqualTo(new Covered(rpmKey));
        assertThat(capped.remaining(rpmKey)).as("200/s over the draw horizon")
                .isEqualTo(200 * LeaseBook.DRAW_HORIZON.toSeconds());
    }

    @Test
    void aRefusedSliceIsRetriedAtWhatTheRoomAllowsThenExhausted() {
        ledger.committed.put(usdKey, 97_000L); // another instance holds most of the budget
        assertThat(book.acquire(List.of(usd), 1_000)).isEqualTo(new Covered(usdKey));
        // room 3,000 < 2 × 1,000? no: 3,000 ≥ 2,000, so half of it, 1,500
        assertThat(book.remaining(usdKey)).isEqualTo(1_500);
        assertThat(ledger.committed.get(usdKey)).isEqualTo(98_500);
        var a = (Admitted) book.admit(Map.of(usdKey, 1_000L));
        assertThat(book.admit(Map.of(usdKey, 1_000L))).isInstanceOf(Uncovered.class);
        // near the limit: exactly one worst case
        assertThat(book.acquire(List.of(usd), 1_000)).isEqualTo(new Covered(usdKey));
        assertThat(ledger.committed.get(usdKey)).isEqualTo(99_500);
        var b = (Admitted) book.admit(Map.of(usdKey, 1_000L));
        assertThat(book.acquire(List.of(usd), 1_000)).isEqualTo(new Exhausted(usdKey, 500));
        book.settle(a.ticket(), Map.of(usdKey, 1_000L));
        book.settle(b.ticket(), Map.of(usdKey, 1_000L));
        book.close();
        assertThat(ledger.committed.get(usdKey)).isEqualTo(97_000 + 2_000);
        assertThat(ledger.leases).isEmpty();
    }

    @Test
    void aMinuteWindowsLeaseEndsWithTheMinute() {
        book.acquire(List.of(rpm), 1);
        assertThat(ledger.leases.values()).singleElement()
                .extracting(AllowanceLedger.Lease::expiresAt).isEqualTo(minute.window().endsAt(null));
        clock.advance(Duration.ofSeconds(36)); // 12:00:56, within the 5 s margin of 12:01
        assertThat(book.admit(Map.of(rpmKey, 1L))).isInstanceOf(Uncovered.class);
        book.acquire(List.of(rpm), 1);
        // too close to the minute's end to clip: the new lease lives its ttl
        assertThat(ledger.leases.values()).extracting(AllowanceLedger.Lease::expiresAt)
                .contains(clock.instant().plusSeconds(60));
        assertThat(book.admit(Map.of(rpmKey, 1L))).isInstanceOf(Admitted.class);
    }

    @Test
    void aRetiredLeaseIsReleasedOnlyOnceItsRequestsSettled() {
        book.acquire(List.of(usd), 1_000);
        var inFlight = (Admitted) book.admit(Map.of(usdKey, 1_000L));
        clock.advance(Duration.ofSeconds(56));
        assertThat(book.flush()).isZero();
        assertThat(ledger.leases).hasSize(1);
        book.settle(inFlight.ticket(), Map.of(usdKey, 250L));
        assertThat(book.flush()).isEqualTo(1);
        assertThat(ledger.committed.get(usdKey)).isEqualTo(250);
    }
}
