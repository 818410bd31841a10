package com.gaterouter.common.spend.spool;

import java.util.function.Predicate;

/**
 * Port: a durable place for settlements the spend ledger could not take (after the meter's retries),
 * so that no metered request is ever lost. {@link SqsUsageSpool} in AWS (a queue with its own
 * dead-letter queue, drained by the replay Lambda), {@link FileUsageSpool} in the local gateway.
 * Entries may be delivered more than once; replaying is idempotent because the ledger settles
 * each request id exactly once.
 */
public interface UsageSpool {

    /**
     * Stores {@code settlement} durably before returning.
     *
     * @throws SpoolException when it could not be stored (the caller's last resort is the log)
     */
    void append(Settlement settlement);

    /**
     * Hands every stored settlement to {@code handler}; those it accepts ({@code true}) leave the
     * spool, those it declines ({@code false}) or throws on stay for a later drain.
     */
    DrainResult drain(Predicate<Settlement> handler);

    /**
     * @param accepted   entries the handler took (removed from the spool)
     * @param kept       entries declined or failed (still in the spool)
     * @param unreadable entries that were not a settlement (set aside, never handed over)
     */
    record DrainResult(int accepted, int kept, int unreadable) {
        public static final DrainResult EMPTY = new DrainResult(0, 0, 0);

        public DrainResult plus(DrainResult other) {
            return new DrainResult(accepted + other.accepted, kept + other.kept, unreadable + other.unreadable);
        }
    }

    /** A settlement could not be stored. */
    final class SpoolException extends RuntimeException {
        public SpoolException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
