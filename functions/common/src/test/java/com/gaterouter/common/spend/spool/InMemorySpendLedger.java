package com.gaterouter.common.spend.spool;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.ReserveResult;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.usage.UsageRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test ledger in memory: settles each request id once, atomically, with the counter rules of the spec. */
public final class InMemorySpendLedger implements SpendLedger {

    private final Map<String, UsageRecord> usage = new LinkedHashMap<>();
    private final Map<Counter, CounterValues> counters = new HashMap<>();

    @Override
    public synchronized ReserveResult reserve(Reservation reservation) {
        for (CounterLimit limit : reservation.limits()) {
            CounterValues now = values(limit.counter());
            long used = committed(now, limit.measure());
            if (used + reservation.amountOf(limit.measure()) > limit.limit()) {
                long settled = switch (limit.measure()) {
                    case USD_MICROS -> now.settledUsdMicros();
                    case TOKENS -> now.settledTokens();
                    case REQUESTS -> now.requests();
                };
                return new ReserveResult.Refused(limit, used,
                        limit.counter().window() instanceof com.gaterouter.common.spend.Window.Minute ? used : settled);
            }
        }
        List<ReserveResult.LimitState> states = new ArrayList<>();
        for (CounterLimit limit : reservation.limits()) {
            long amount = reservation.amountOf(limit.measure());
            CounterValues v = values(limit.counter());
            v = switch (limit.measure()) {
                case USD_MICROS -> new CounterValues(v.committedUsdMicros() + amount, v.settledUsdMicros(),
                        v.committedTokens(), v.settledTokens(), v.requests());
                case TOKENS -> new CounterValues(v.committedUsdMicros(), v.settledUsdMicros(),
                        v.committedTokens() + amount, v.settledTokens(), v.requests());
                case REQUESTS -> new CounterValues(v.committedUsdMicros(), v.settledUsdMicros(),
                        v.committedTokens(), v.settledTokens(), v.requests() + amount);
            };
            counters.put(limit.counter(), v);
            states.add(new ReserveResult.LimitState(limit, committed(v, limit.measure())));
        }
        return new ReserveResult.Reserved(reservation, states);
    }

    @Override
    public synchronized Outcome settle(Reservation reservation, UsageRecord record) {
        if (usage.containsKey(record.requestId())) {
            return Outcome.ALREADY_SETTLED;
        }
        usage.put(record.requestId(), record);
        long tokens = record.tokens().totalTokens();
        for (Counter counter : reservation.counters()) {
            CounterValues v = values(counter);
            counters.put(counter, new CounterValues(
                    v.committedUsdMicros() + record.costMicros() - reservedHere(reservation, counter, Measure.USD_MICROS),
                    v.settledUsdMicros() + record.costMicros(),
                    v.committedTokens() + tokens - reservedHere(reservation, counter, Measure.TOKENS),
                    v.settledTokens() + tokens,
                    v.requests() + 1));
        }
        return Outcome.SETTLED;
    }

    @Override
    public synchronized Map<Counter, CounterValues> read(List<Counter> wanted) {
        Map<Counter, CounterValues> values = new LinkedHashMap<>();
        wanted.forEach(c -> values.put(c, values(c)));
        return values;
    }

    public synchronized Map<String, UsageRecord> usage() {
        return Map.copyOf(usage);
    }

    private CounterValues values(Counter counter) {
        return counters.getOrDefault(counter, CounterValues.ZERO);
    }

    private static long reservedHere(Reservation reservation, Counter counter, Measure measure) {
        return reservation.limits().stream().anyMatch(l -> l.counter().equals(counter) && l.measure() == measure)
                ? reservation.amountOf(measure) : 0;
    }

    private static long committed(CounterValues v, Measure measure) {
        return switch (measure) {
            case USD_MICROS -> v.committedUsdMicros();
            case TOKENS -> v.committedTokens();
            case REQUESTS -> v.requests();
        };
    }
}
