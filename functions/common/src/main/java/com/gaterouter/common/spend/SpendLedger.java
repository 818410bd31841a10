package com.gaterouter.common.spend;

import com.gaterouter.common.usage.UsageRecord;
import java.util.List;
import java.util.Map;

/**
 * Port: real-time spend, token and rate counters shared by every router instance (DynamoDB in AWS
 * and locally), and the exactly-once settlement of each request.
 *
 * <p>Counters hold, per measure, the amount committed (settled + still reserved) and the amount
 * settled. A reservation adds to the committed amount only where a limit has room for it, so
 * reservations never take a limit past it: a limit is overshot only where actual usage exceeds what
 * was reserved, by at most the sum of those excesses over the requests in flight when the last
 * reservation was admitted (one request's excess when requests run one at a time; nothing when
 * every actual stays within its reservation, as a worst-case reservation does).
 */
public interface SpendLedger extends SpendCounters {

    /** Reserves against every limit of {@code reservation}, all or nothing. */
    ReserveResult reserve(Reservation reservation);

    /**
     * Settles a request exactly once: writes its usage record and moves every counter from the
     * reserved amounts to the actual ones (a failed call settles at its actual, often zero, cost,
     * which releases its reservation), in one transaction. Settling the same request id again —
     * a retry, a replay from the spool — changes nothing and answers {@link Outcome#ALREADY_SETTLED}.
     *
     * @param reservation what {@link #reserve} held for the request, or a reservation with no limits
     *                    when none applied; its {@code counters} are the day and month counters to count into
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
