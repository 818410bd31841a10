package com.gaterouter.common.spend.allowance;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.allowance.LeaseBook.Admitted;
import com.gaterouter.common.spend.allowance.LeaseBook.Covered;
import com.gaterouter.common.spend.allowance.LeaseBook.Exhausted;
import com.gaterouter.common.spend.allowance.LeaseBook.Key;
import com.gaterouter.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The keeper's rounds on a ledger in memory, with the test's clock (runOnce, never the thread). */
class LeaseKeeperTest {

    private static final Instant AT = Instant.parse("2030-03-10T12:00:00Z");
    private final MutableClock clock = new MutableClock(AT);
    private final Counter month = new Counter("t", BudgetScope.DEPARTMENT, "d", new Window.Month(YearMonth.of(2030, 3)));
    private final CounterLimit usd = new CounterLimit(month, Measure.USD_MICROS, 1_000_000, "department d");
    private final Key key = Key.of(usd);
    private final InMemoryAllowanceLedger ledger = new InMemoryAllowanceLedger();

    private LeaseBook book(String prefix) {
        AtomicInteger ids = new AtomicInteger();
        return new LeaseBook(ledger, clock, SliceSizer.standard(1, 1_000_000), Duration.ofSeconds(60), Duration.ofSeconds(10),
                () -> prefix + ids.incrementAndGet());
    }

    @Test
    void aLeaseInUseIsRenewedBeforeItExpiresSoRequestsNeverWaitForTheStore() {
        LeaseKeeper keeper = new LeaseKeeper(book("a"), clock);
        assertThat(keeper.acquire(List.of(usd), 1_000)).isEqualTo(new Covered(key));
        var first = (Admitted) keeper.book().admit(Map.of(key, 1_000L));
        keeper.book().settle(first.ticket(), Map.of(key, 400L));

        clock.advance(Duration.ofSeconds(39)); // 21 s left: more than 2 × margin
        keeper.runOnce();
        assertThat(ledger.leaseCalls).hasValue(1);
        clock.advance(Duration.ofSeconds(2)); // 19 s left: within 2 × margin, so a successor is leased ahead of need
        keeper.runOnce();
        assertThat(ledger.leaseCalls).hasValue(2);
        keeper.runOnce(); // the replaced lease is released at the next round, the successor (not drawn on) kept
        assertThat(ledger.leaseCalls).hasValue(2);
        assertThat(ledger.leases).containsOnlyKeys("a2");
        assertThat(ledger.committed.get(key)).as("the first lease released at its use").isEqualTo(400 + ledger.leases.get("a2").amount());

        clock.advance(Duration.ofSeconds(15)); // past the first lease's margin: admission is on the successor, no I/O
        int calls = ledger.calls.get();
        assertThat(keeper.book().admit(Map.of(key, 1_000L))).isInstanceOf(Admitted.class);
        assertThat(ledger.calls).hasValue(calls);
    }

    @Test
    void aLeaseDrawnBelowAQuarterIsRenewedAndAnUnusedOneIsLeftToExpire() {
        LeaseKeeper keeper = new LeaseKeeper(book("a"), clock);
        keeper.acquire(List.of(usd), 1_000);
        long amount = ledger.leases.get("a1").amount(); // 100,000: a tenth of the room
        var big = (Admitted) keeper.book().admit(Map.of(key, amount * 4 / 5));
        keeper.runOnce();
        assertThat(ledger.leases).as("below a quarter: renewed").containsKey("a2");
        keeper.book().settle(big.ticket(), Map.of(key, 10L));

        clock.advance(Duration.ofSeconds(55));
        keeper.runOnce(); // a2 was never drawn on: it expires and is released, not renewed
        assertThat(ledger.leases).isEmpty();
        assertThat(ledger.committed.get(key)).isEqualTo(10);
    }

    @Test
    void aCrashedInstancesLeasesAreReclaimedAfterTheGraceAtTheirTally() {
        LeaseBook crashed = book("dead");
        crashed.acquire(List.of(usd), 1_000);
        var inFlight = (Admitted) crashed.admit(Map.of(key, 1_000L));
        long amount = ledger.leases.get("dead1").amount();
        // kill -9: the book is abandoned without close; its one request's record said it cost 700
        ledger.tallies.put("dead1", 700L);
        assertThat(inFlight.ticket().leaseIds()).containsEntry(key, "dead1");

        LeaseKeeper survivor = new LeaseKeeper(book("live"), clock, Duration.ofSeconds(120), Duration.ofSeconds(60));
        survivor.acquire(List.of(usd), 1_000);
        clock.advance(Duration.ofSeconds(60 + 119));
        survivor.runOnce();
        assertThat(ledger.leases).as("within the grace: kept").containsKey("dead1");
        clock.advance(Duration.ofSeconds(1));
        survivor.acquire(List.of(usd), 1_000); // names the counter again: it is still in use
        clock.advance(Duration.ofSeconds(60));
        survivor.runOnce();
        assertThat(ledger.leases).doesNotContainKey("dead1");
        survivor.close();
        assertThat(ledger.leases).isEmpty();
        assertThat(ledger.committed.get(key)).as("the crashed lease counts what its request used, no more").isEqualTo(700);
        assertThat(amount).isGreaterThan(700);
    }

    @Test
    void aLeaseWithALongRequestStillRunningIsNotReclaimedUnderItAndGoesBackAtItsExactUse() {
        LeaseKeeper holder = new LeaseKeeper(book("slow"), clock, Duration.ofSeconds(120), Duration.ofSeconds(60));
        holder.acquire(List.of(usd), 1_000);
        var stream = (Admitted) holder.book().admit(Map.of(key, 1_000L)); // a ten-minute stream starts
        LeaseKeeper other = new LeaseKeeper(book("other"), clock, Duration.ofSeconds(120), Duration.ofSeconds(60));
        other.acquire(List.of(usd), 1_000);

        for (int second = 0; second < 600; second += 10) {
            clock.advance(Duration.ofSeconds(10));
            holder.runOnce();
            other.acquire(List.of(usd), 1_000); // the other instance keeps using, and sweeping, the counter
            other.runOnce();
            assertThat(ledger.leases).as("at %d s the running request's lease is still out", second + 10).containsKey("slow1");
        }
        // the record is written (its cost: 900, never tallied by the time of the check above) and the request settles
        holder.book().settle(stream.ticket(), Map.of(key, 900L));
        holder.runOnce();
        assertThat(ledger.leases).doesNotContainKey("slow1");
        holder.close();
        other.close();
        assertThat(ledger.committed.get(key)).as("released at its exact use, not reclaimed at an empty tally").isEqualTo(900);
    }

    @Test
    void anExhaustedAcquireReclaimsExpiredLeasesAndTriesOnce() {
        CounterLimit small = new CounterLimit(month, Measure.USD_MICROS, 10_000, "department d");
        LeaseBook crashed = book("dead");
        crashed.acquire(List.of(small), 5_000);
        crashed.admit(Map.of(key, 5_000L)); // never settled: the instance died
        ledger.committed.merge(key, 10_000 - ledger.committed.get(key), Long::sum); // the rest is held elsewhere
        ledger.leases.values().removeIf(l -> !l.id().startsWith("dead"));

        LeaseKeeper keeper = new LeaseKeeper(book("live"), clock, Duration.ofSeconds(120), Duration.ofSeconds(60));
        assertThat(keeper.acquire(List.of(small), 5_000)).isInstanceOf(Exhausted.class);
        clock.advance(Duration.ofSeconds(60 + 120));
        // the store refuses; the keeper reclaims the dead lease (nothing tallied) and the retry is granted
        assertThat(keeper.acquire(List.of(small), 5_000)).isEqualTo(new Covered(key));
        assertThat(ledger.leases.keySet()).noneMatch(id -> id.startsWith("dead"));
    }

    @Test
    void closeStopsTheThreadAndReleasesEveryLease() throws Exception {
        LeaseKeeper keeper = new LeaseKeeper(book("a"), clock).start(Duration.ofMillis(5));
        keeper.acquire(List.of(usd), 1_000);
        var admitted = (Admitted) keeper.book().admit(Map.of(key, 1_000L));
        keeper.book().settle(admitted.ticket(), Map.of(key, 250L));
        keeper.close();
        assertThat(ledger.leases).isEmpty();
        assertThat(ledger.committed.get(key)).isEqualTo(250);
    }

    @Test
    void leaseIdsAreTwelveRandomBase36Characters() {
        var ids = LeaseBook.randomLeaseIds();
        String a = ids.get();
        assertThat(a).matches("[0-9a-z]{12}");
        assertThat(ids.get()).matches("[0-9a-z]{12}").isNotEqualTo(a);
    }
}
