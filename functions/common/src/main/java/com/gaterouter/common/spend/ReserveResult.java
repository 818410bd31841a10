package com.gaterouter.common.spend;

import java.util.List;

/** The outcome of admitting a request against its limits: all limits held, or the first one that did not (and nothing held). */
public sealed interface ReserveResult permits ReserveResult.Reserved, ReserveResult.Refused {

    /** Every limit had room; {@code states} are the counters' values right after this reservation. */
    record Reserved(Reservation reservation, List<LimitState> states) implements ReserveResult {
        public Reserved {
            states = List.copyOf(states);
        }
    }

    /**
     * {@code limit} had no room for the reservation. Nothing was reserved.
     *
     * @param used    what the limit's counter held at the time: settled amounts plus what requests in flight reserved
     * @param settled of {@code used}, what settled requests account for (day and month windows); the rest,
     *                {@link #inFlight()}, is reserved by requests still in flight. Minute windows keep no such
     *                split: there {@code settled == used}.
     */
    record Refused(CounterLimit limit, long used, long settled) implements ReserveResult {

        /** What requests in flight hold of the limit (never negative). */
        public long inFlight() {
            return Math.max(0, used - settled);
        }
    }

    /** A limit and how much of it is used (reservations included) after the reservation. */
    record LimitState(CounterLimit limit, long used) {
        public long remaining() {
            return Math.max(0, limit.limit() - used);
        }
    }
}
