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
     */
    Applied apply(CounterBatch batch);

    /**
     * @param written    counters that took records of this batch
     * @param alreadyHeld counters that already held every record of it
     */
    record Applied(int written, int alreadyHeld) {
    }
}
