package com.gaterouter.common.spend;

import com.gaterouter.common.usage.UsageRecord;
import java.util.List;
import java.util.Map;

/**
 * Port: the exactly-once settlement of each request — its usage record's one durable write — and the reads of the
 * spend counters shared by every router instance.
 *
 * <p>Budgets and rate limits are held before the vendor call by allowance leases ({@link AllowanceLedger}, admitted
 * in memory by {@code allowance.LeaseBook}), not here; the counters' settled amounts are counted off the request
 * path from the usage records ({@link CounterAggregator} → {@link CounterSink}).
 */
public interface SpendLedger extends SpendCounters {

    /**
     * Writes the request's usage record exactly once (AWS: one conditional {@code PutItem}; locally: an append to
     * the usage journal). Settling the same request id again — a retry, a replay from the spool — changes nothing
     * and answers {@link Outcome#ALREADY_SETTLED}.
     *
     * @param reservation what the request was admitted with (its {@code counters} are the day and month counters
     *                    its record counts into), or a reservation with no limits when none applied
     */
    Outcome settle(Reservation reservation, UsageRecord usage);

    enum Outcome {
        SETTLED,
        ALREADY_SETTLED
    }

    /** Current values of counters (absent counters read as zero), in one batch. */
    @Override
    Map<Counter, CounterValues> read(List<Counter> counters);
}
