package com.gaterouter.common.spend;

import java.util.List;
import java.util.Map;

/**
 * Port: reads the spend counters, nothing else — what a budget's readers (the admin API, the
 * alerts) need of the {@link SpendLedger}, which the router reserves and settles through.
 */
@FunctionalInterface
public interface SpendCounters {

    /** Current values of counters, in one batch (absent counters read as zero). */
    Map<Counter, CounterValues> read(List<Counter> counters);

    /**
     * A counter's values per measure: committed (settled + still reserved by requests in flight)
     * and settled. Minute windows keep committed amounts only (their settled fields stay zero), and
     * {@code requests} counts settled requests on day and month counters, admitted ones on minute counters.
     */
    record CounterValues(long committedUsdMicros, long settledUsdMicros, long committedTokens, long settledTokens, long requests) {
        public static final CounterValues ZERO = new CounterValues(0, 0, 0, 0, 0);
    }
}
