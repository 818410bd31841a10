package com.gaterouter.rollup.testing;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.usage.UsageRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A spend ledger whose settled amounts a test sets directly; only {@link #read} is used by the alert pass. */
public final class FixedSpend implements SpendLedger {

    private final Map<Counter, Long> settled = new ConcurrentHashMap<>();

    public void set(Counter counter, long settledUsdMicros) {
        settled.put(counter, settledUsdMicros);
    }

    @Override
    public Map<Counter, CounterValues> read(List<Counter> counters) {
        Map<Counter, CounterValues> values = new LinkedHashMap<>();
        for (Counter c : counters) {
            long s = settled.getOrDefault(c, 0L);
            values.put(c, new CounterValues(s, s, 0, 0, 0));
        }
        return values;
    }

    @Override
    public Outcome settle(Reservation reservation, UsageRecord usage) {
        throw new UnsupportedOperationException();
    }
}
