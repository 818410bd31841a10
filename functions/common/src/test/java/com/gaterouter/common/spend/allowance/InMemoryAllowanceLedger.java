package com.gaterouter.common.spend.allowance;

import com.gaterouter.common.spend.AllowanceLedger;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.allowance.LeaseBook.Key;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link AllowanceLedger} in memory with the store's rules (a lease only where committed + want ≤ every limit;
 * release and reclaim once; reclaim at the lease's tally, minute leases at their full amount), counting its calls
 * so tests can tell that an admission did no I/O. Tests set {@link #committed}, {@link #tallies} and
 * {@link #failing} directly.
 */
public final class InMemoryAllowanceLedger implements AllowanceLedger {

    /** Committed amount per key. */
    public final Map<Key, Long> committed = new HashMap<>();
    /** Leases out, by id. */
    public final Map<String, Lease> leases = new HashMap<>();
    /** What the counter sink tallied per lease id (absent = 0). */
    public final Map<String, Long> tallies = new HashMap<>();
    /** Calls of any method. */
    public final AtomicInteger calls = new AtomicInteger();
    /** Calls of {@link #lease}. */
    public final AtomicInteger leaseCalls = new AtomicInteger();
    /** When set, every call throws it (the store is down). */
    public volatile RuntimeException failing;

    @Override
    public synchronized LeaseResult lease(List<CounterLimit> limits, long want, Instant expiresAt, String leaseId) {
        call();
        leaseCalls.incrementAndGet();
        Key key = Key.of(limits.getFirst());
        long now = committed.getOrDefault(key, 0L);
        long tightest = limits.stream().mapToLong(CounterLimit::limit).min().orElseThrow();
        if (now + want > tightest) {
            return new Refused(Math.max(0, tightest - now));
        }
        committed.put(key, now + want);
        Lease lease = new Lease(leaseId, key.counter(), key.measure(), want, expiresAt);
        leases.put(leaseId, lease);
        return new Granted(lease, now + want);
    }

    @Override
    public synchronized Release release(Lease lease, long consumed) {
        call();
        if (leases.remove(lease.id()) == null) {
            return Release.ALREADY_RELEASED;
        }
        committed.merge(new Key(lease.counter(), lease.measure()), consumed - lease.amount(), Long::sum);
        return Release.RELEASED;
    }

    @Override
    public synchronized List<Reclaimed> reclaimExpired(Counter counter, Instant expiredBy) {
        call();
        List<Reclaimed> reclaimed = new ArrayList<>();
        for (Lease lease : List.copyOf(leases.values())) {
            if (lease.counter().equals(counter) && !lease.expiresAt().isAfter(expiredBy)) {
                long consumed = counter.window() instanceof Window.Minute ? lease.amount()
                        : tallies.getOrDefault(lease.id(), 0L);
                leases.remove(lease.id());
                committed.merge(new Key(counter, lease.measure()), consumed - lease.amount(), Long::sum);
                reclaimed.add(new Reclaimed(lease.id(), lease.measure(), lease.amount(), consumed));
            }
        }
        return reclaimed;
    }

    @Override
    public synchronized boolean extend(Lease lease, Instant expiresAt) {
        call();
        if (!leases.containsKey(lease.id())) {
            return false;
        }
        leases.put(lease.id(), new Lease(lease.id(), lease.counter(), lease.measure(), lease.amount(), expiresAt));
        return true;
    }

    @Override
    public synchronized long committed(Counter counter, Measure measure) {
        call();
        return committed.getOrDefault(new Key(counter, measure), 0L);
    }

    private void call() {
        calls.incrementAndGet();
        RuntimeException failure = failing;
        if (failure != null) {
            throw failure;
        }
    }
}
