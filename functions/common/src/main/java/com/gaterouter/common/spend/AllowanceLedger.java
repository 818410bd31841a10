package com.gaterouter.common.spend;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Port: allowances leased from a counter's limits (issue 15). An instance leases a slice of a counter's room
 * with one conditional write and admits requests against it in memory ({@code allowance.LeaseBook}); what it
 * did not use goes back when the lease is released, or — after a crash — when an expired lease is reclaimed.
 *
 * <p>Per counter and measure, the store keeps an allowance-committed amount: what settled through released
 * leases plus every lease still out. A lease is only granted where every limit has room for it
 * ({@code committed + want <= limit}), so the committed amount never exceeds a limit; spend overshoots a limit
 * only where a request costs more than the worst case it was admitted with.
 */
public interface AllowanceLedger {

    /**
     * Leases {@code want} of {@code limits} (one counter, one measure; every limit must hold it) until
     * {@code expiresAt}, as lease {@code leaseId}, in one conditional write.
     */
    LeaseResult lease(List<CounterLimit> limits, long want, Instant expiresAt, String leaseId);

    /**
     * Gives a lease back: the committed amount moves by {@code consumed − amount} and the lease is gone.
     * Idempotent: releasing a lease that is no longer there (released, reclaimed) changes nothing.
     */
    Release release(Lease lease, long consumed);

    /**
     * Releases every lease of {@code counter} (any measure) whose expiry is at or before {@code expiredBy}, each
     * at what it consumed as the store's lease tally says (what the usage records naming it added up to; none
     * counted = 0). Minute-window leases are reclaimed at their full amount: nothing tallies minutes, and the
     * counter dies with its minute. Callers pass a time past the leases' expiry by a grace at least as long as
     * the tallies lag the usage records (the counter sink's lag).
     */
    List<Reclaimed> reclaimExpired(Counter counter, Instant expiredBy);

    /**
     * Moves a lease's expiry to {@code expiresAt} in the store, so no sweeper reclaims it while requests admitted on it
     * are still running (a long stream): its holder calls this for an expired lease it cannot release yet.
     *
     * @return false when the lease is no longer there (released, or reclaimed already)
     */
    boolean extend(Lease lease, Instant expiresAt);

    /**
     * The allowance-committed amount of {@code measure} on {@code counter}, read consistently: before the counter's
     * first lease, its settled amount (zero when absent).
     */
    long committed(Counter counter, Measure measure);

    /** A granted lease. */
    record Lease(String id, Counter counter, Measure measure, long amount, Instant expiresAt) {
        public Lease {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(counter, "counter");
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(expiresAt, "expiresAt");
            if (amount <= 0) {
                throw new IllegalArgumentException("a lease holds a positive amount");
            }
        }
    }

    sealed interface LeaseResult permits Granted, Refused {
    }

    /** The lease was granted; {@code committedAfter} is the counter's committed amount including it. */
    record Granted(Lease lease, long committedAfter) implements LeaseResult {
    }

    /** Some limit had no room for the amount; {@code room} is what the tightest limit had left (never negative). */
    record Refused(long room) implements LeaseResult {
        public Refused {
            if (room < 0) {
                throw new IllegalArgumentException("room is not negative");
            }
        }
    }

    enum Release {
        RELEASED,
        ALREADY_RELEASED
    }

    /** An expired lease that was reclaimed. */
    record Reclaimed(String leaseId, Measure measure, long amount, long consumed) {
    }
}
