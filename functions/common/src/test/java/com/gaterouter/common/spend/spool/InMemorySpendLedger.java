package com.gaterouter.common.spend.spool;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.usage.UsageRecord;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A test ledger in memory: writes each request id's record once and counts it into its day and month counters at once (the sink, without lag). */
public final class InMemorySpendLedger implements SpendLedger {

    private final Map<String, UsageRecord> usage = new LinkedHashMap<>();
    private final Map<Counter, CounterValues> counters = new HashMap<>();

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
                    v.committedUsdMicros() + record.costMicros(),
                    v.settledUsdMicros() + record.costMicros(),
                    v.committedTokens() + tokens,
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
}
