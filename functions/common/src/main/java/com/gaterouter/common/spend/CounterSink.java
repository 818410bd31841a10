package com.gaterouter.common.spend;

/**
 * Port: applies aggregated usage to the spend counters, exactly once per record under redelivery.
 * Each counter remembers, per source, the position of the last record it holds (its high-water mark);
 * a batch adds to a counter only the records after that mark. So a batch applied twice, a batch retried
 * after a partial failure, a batch split in two and retried, or a redelivered batch with more records
 * appended, each leaves every counter holding every record once.
 */
@FunctionalInterface
public interface CounterSink {

    /**
     * Applies {@code batch}. Throws if some counter could not be written; the others keep what they took,
     * and applying the same batch (or any batch of the same source starting at or before it) again is safe.
     *
     * @throws PartlyApplied if some item (counter or lease tally) could not be written: every record before
     *                       {@link PartlyApplied#firstUnapplied()} is fully applied, so a consumer may move its
     *                       checkpoint there and retry from it
     */
    Applied apply(CounterBatch batch);

    /**
     * Some items of a batch were not written.
     *
     * @param firstUnapplied the earliest position among the first records of the items that failed: every
     *                       record of the batch before it moved all its items
     */
    final class PartlyApplied extends RuntimeException {

        private final String firstUnapplied;

        public PartlyApplied(String firstUnapplied, RuntimeException cause) {
            super("counters not written from position " + firstUnapplied + ": " + cause.getMessage(), cause);
            this.firstUnapplied = java.util.Objects.requireNonNull(firstUnapplied, "firstUnapplied");
        }

        public String firstUnapplied() {
            return firstUnapplied;
        }
    }

    /**
     * @param written    counters that took records of this batch
     * @param alreadyHeld counters that already held every record of it
     */
    record Applied(int written, int alreadyHeld) {
    }
}
