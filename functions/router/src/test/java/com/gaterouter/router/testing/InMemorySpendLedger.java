package com.gaterouter.router.testing;

import com.gaterouter.common.spend.AllowanceLedger;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The spend table in memory, with the DynamoDB adapters' semantics, recording every call: the usage records'
 * write-once settle ({@link SpendLedger}; a settled record is counted into its day and month counters at once, as
 * the counter sink would, without lag) and allowance leases ({@link AllowanceLedger}: committed = released
 * consumption + leases out, a lease only where every limit has room). Refused requests' records (status
 * {@code REFUSED}, which move no counter) are kept apart, in {@link #refusals}.
 */
public final class InMemorySpendLedger implements SpendLedger, AllowanceLedger {

    private record Key(Counter counter, Measure measure) {
    }

    private final Map<Key, Long> committed = new HashMap<>();
    private final Map<Key, Long> settledAmounts = new HashMap<>();
    private final Map<String, Lease> out = new HashMap<>();
    /** Every lease granted. */
    public final List<Lease> leased = new CopyOnWriteArrayList<>();
    public final List<UsageRecord> settled = new CopyOnWriteArrayList<>();
    public final List<Reservation> settledReservations = new CopyOnWriteArrayList<>();
    /** The records of refused requests, as the refusal recorder wrote them. */
    public final List<UsageRecord> refusals = new CopyOnWriteArrayList<>();
    /** When set, leasing throws it (the store is down). */
    public volatile RuntimeException reserveFailure;

    @Override
    public synchronized LeaseResult lease(List<CounterLimit> limits, long want, Instant expiresAt, String leaseId) {
        if (reserveFailure != null) {
            throw reserveFailure;
        }
        Key key = new Key(limits.getFirst().counter(), limits.getFirst().measure());
        long now = committed(key.counter(), key.measure());
        long tightest = limits.stream().mapToLong(CounterLimit::limit).min().orElseThrow();
        if (now + want > tightest) {
            return new Refused(Math.max(0, tightest - now));
        }
        committed.put(key, now + want);
        Lease lease = new Lease(leaseId, key.counter(), key.measure(), want, expiresAt);
        out.put(leaseId, lease);
        leased.add(lease);
        return new Granted(lease, now + want);
    }

    @Override
    public synchronized Release release(Lease lease, long consumed) {
        if (out.remove(lease.id()) == null) {
            return Release.ALREADY_RELEASED;
        }
        committed.merge(new Key(lease.counter(), lease.measure()), consumed - lease.amount(), Long::sum);
        return Release.RELEASED;
    }

    @Override
    public synchronized List<Reclaimed> reclaimExpired(Counter counter, Instant expiredBy) {
        List<Reclaimed> reclaimed = new ArrayList<>();
        for (Lease lease : List.copyOf(out.values())) {
            if (lease.counter().equals(counter) && !lease.expiresAt().isAfter(expiredBy)) {
                long consumed = counter.window() instanceof Window.Minute ? lease.amount() : tallied(lease);
                out.remove(lease.id());
                committed.merge(new Key(counter, lease.measure()), consumed - lease.amount(), Long::sum);
                reclaimed.add(new Reclaimed(lease.id(), lease.measure(), lease.amount(), consumed));
            }
        }
        return reclaimed;
    }

    @Override
    public synchronized boolean extend(Lease lease, Instant expiresAt) {
        if (!out.containsKey(lease.id())) {
            return false;
        }
        out.put(lease.id(), new Lease(lease.id(), lease.counter(), lease.measure(), lease.amount(), expiresAt));
        return true;
    }

    /** What the settled records naming {@code lease} consumed of its measure. */
    private long tallied(Lease lease) {
        return settled.stream().filter(u -> u.leases().contains(lease.id())).mapToLong(u -> switch (lease.measure()) {
            case USD_MICROS -> u.costMicros();
            case TOKENS -> u.tokens().totalTokens();
            case REQUESTS -> 1;
        }).sum();
    }

    @Override
    public synchronized long committed(Counter counter, Measure measure) {
        return Math.max(committed.getOrDefault(new Key(counter, measure), 0L), settled(counter, measure));
    }

    /** The leases still out. */
    public synchronized List<Lease> leasesOut() {
        return List.copyOf(out.values());
    }

    @Override
    public synchronized Outcome settle(Reservation reservation, UsageRecord usage) {
        if (usage.status() == UsageStatus.REFUSED) {
            if (!reservation.limits().isEmpty() || !reservation.counters().isEmpty()) {
                throw new IllegalArgumentException("a refusal moves no counter");
            }
            if (refusals.stream().anyMatch(u -> u.requestId().equals(usage.requestId()))) {
                return Outcome.ALREADY_SETTLED;
            }
            refusals.add(usage);
            return Outcome.SETTLED;
        }
        if (settled.stream().anyMatch(u -> u.requestId().equals(usage.requestId()))) {
            return Outcome.ALREADY_SETTLED;
        }
        for (Counter counter : reservation.counters()) {
            settledAmounts.merge(new Key(counter, Measure.USD_MICROS), usage.costMicros(), Long::sum);
            settledAmounts.merge(new Key(counter, Measure.TOKENS), usage.tokens().totalTokens(), Long::sum);
        }
        settled.add(usage);
        settledReservations.add(reservation);
        return Outcome.SETTLED;
    }

    /** Pretends earlier requests used {@code amount}, settled. */
    public synchronized void add(Counter counter, Measure measure, long amount) {
        committed.put(new Key(counter, measure), committed(counter, measure) + amount);
        settledAmounts.merge(new Key(counter, measure), amount, Long::sum);
    }

    /** Pretends other instances hold {@code amount} on leases: committed, not settled. */
    public synchronized void hold(Counter counter, Measure measure, long amount) {
        committed.put(new Key(counter, measure), committed(counter, measure) + amount);
    }

    public synchronized long settled(Counter counter, Measure measure) {
        return settledAmounts.getOrDefault(new Key(counter, measure), 0L);
    }

    @Override
    public synchronized Map<Counter, CounterValues> read(List<Counter> counters) {
        Map<Counter, CounterValues> values = new HashMap<>();
        for (Counter c : counters) {
            values.put(c, new CounterValues(committed(c, Measure.USD_MICROS), settled(c, Measure.USD_MICROS),
                    committed(c, Measure.TOKENS), settled(c, Measure.TOKENS), 0));
        }
        return values;
    }
}
