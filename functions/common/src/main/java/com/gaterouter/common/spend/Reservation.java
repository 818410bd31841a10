package com.gaterouter.common.spend;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a request holds before its vendor call: its worst-case cost and tokens against every limit
 * that applies ({@code limits}, including RPM/TPM minute windows: a request counts 1 against an RPM
 * limit), and the day and month counters it will count into once settled ({@code counters}: every
 * scope of the key, limited or not).
 *
 * @param usdMicros worst-case cost: prompt estimate + maximum output at the tenant's prices
 * @param tokens    worst-case tokens: prompt estimate + maximum output
 */
public record Reservation(String requestId, String tenantId, Instant at, long usdMicros, long tokens,
                          List<CounterLimit> limits, List<Counter> counters) {

    public Reservation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(at, "at");
        limits = List.copyOf(limits);
        counters = List.copyOf(counters);
        if (usdMicros < 0 || tokens < 0) {
            throw new IllegalArgumentException("reserved amounts are not negative");
        }
    }

    /** The amount this reservation holds against {@code measure} on one limited counter. */
    public long amountOf(Measure measure) {
        return switch (measure) {
            case USD_MICROS -> usdMicros;
            case TOKENS -> tokens;
            case REQUESTS -> 1;
        };
    }
}
