package com.gaterouter.common.spend;

import java.util.List;

/** The outcome of {@link SpendLedger#reserve}: all limits held, or the first one that did not (and nothing held). */
public sealed interface ReserveResult permits ReserveResult.Reserved, ReserveResult.Refused {

    /** Every limit had room; {@code states} are the counters' values right after this reservation. */
    record Reserved(Reservation reservation, List<LimitState> states) implements ReserveResult {
        public Reserved {
            states = List.copyOf(states);
        }
    }

    /** {@code limit} had no room for the reservation; {@code used} is what it held at the time. Nothing was reserved. */
    record Refused(CounterLimit limit, long used) implements ReserveResult {
    }

    /** A limit and how much of it is used (reservations included) after the reservation. */
    record LimitState(CounterLimit limit, long used) {
        public long remaining() {
            return Math.max(0, limit.limit() - used);
        }
    }
}
