package com.gaterouter.router.testing;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.ReserveResult;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A spend ledger in memory with the DynamoDB one's semantics (committed = settled + reserved), recording every call.
 * Refused requests' records (status {@code REFUSED}, which move no counter) are kept apart, in {@link #refusals}.
 */
public final class InMemorySpendLedger implements SpendLedger {

    private record Key(Counter counter, Measure measure) {
    }

    private final Map<Key, Long> committed = new HashMap<>();
    private final Map<Key, Long> settledAmounts = new HashMap<>();
    public final List<Reservation> reserved = new CopyOnWriteArrayList<>();
    public final List<ReserveResult.Refused> refused = new CopyOnWriteArrayList<>();
    public final List<UsageRecord> settled = new CopyOnWriteArrayList<>();
    public final List<Reservation> settledReservations = new CopyOnWriteArrayList<>();
    /** The records of refused requests, as the refusal recorder wrote them. */
    public final List<UsageRecord> refusals = new CopyOnWriteArrayList<>();
    public volatile RuntimeException reserveFailure;

    @Override
    public synchronized ReserveResult reserve(Reservation reservation) {
        if (reserveFailure != null) {
            throw reserveFailure;
        }
        for (CounterLimit limit : reservation.limits()) {
            long used = committed(limit.counter(), limit.measure());
            if (used + reservation.amountOf(limit.measure()) > limit.limit()) {
                long settledHere = limit.counter().window() instanceof Window.Minute ? used : settled(limit.counter(), limit.measure());
                ReserveResult.Refused no = new ReserveResult.Refused(limit, used, settledHere);
                refused.add(no);
                return no;
            }
        }
        List<ReserveResult.LimitState> states = new ArrayList<>();
        for (CounterLimit limit : reservation.limits()) {
            committed.merge(new Key(limit.counter(), limit.measure()), reservation.amountOf(limit.measure()), Long::sum);
        }
        for (CounterLimit limit : reservation.limits()) {
            states.add(new ReserveResult.LimitState(limit, committed(limit.counter(), limit.measure())));
        }
        reserved.add(reservation);
        return new ReserveResult.Reserved(reservation, states);
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
        for (CounterLimit limit : reservation.limits()) {
            long actual = switch (limit.measure()) {
                case USD_MICROS -> usage.costMicros();
                case TOKENS -> usage.tokens().totalTokens();
                case REQUESTS -> 1;
            };
            committed.merge(new Key(limit.counter(), limit.measure()), actual - reservation.amountOf(limit.measure()), Long::sum);
        }
        for (Counter counter : reservation.counters()) {
            if (reservation.limits().stream().noneMatch(l -> l.counter().equals(counter) && l.measure() == Measure.USD_MICROS)) {
                committed.merge(new Key(counter, Measure.USD_MICROS), usage.costMicros(), Long::sum);
            }
            if (reservation.limits().stream().noneMatch(l -> l.counter().equals(counter) && l.measure() == Measure.TOKENS)) {
                committed.merge(new Key(counter, Measure.TOKENS), usage.tokens().totalTokens(), Long::sum);
            }
            settledAmounts.merge(new Key(counter, Measure.USD_MICROS), usage.costMicros(), Long::sum);
            settledAmounts.merge(new Key(counter, Measure.TOKENS), usage.tokens().totalTokens(), Long::sum);
        }
        settled.add(usage);
        settledReservations.add(reservation);
        return Outcome.SETTLED;
    }

    /** Pretends earlier requests used {@code amount}, settled. */
    public synchronized void add(Counter counter, Measure measure, long amount) {
        committed.merge(new Key(counter, measure), amount, Long::sum);
        settledAmounts.merge(new Key(counter, measure), amount, Long::sum);
    }

    /** Pretends requests still in flight reserved {@code amount}: committed, not settled. */
    public synchronized void hold(Counter counter, Measure measure, long amount) {
        committed.merge(new Key(counter, measure), amount, Long::sum);
    }

    public synchronized long committed(Counter counter, Measure measure) {
        return committed.getOrDefault(new Key(counter, measure), 0L);
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
