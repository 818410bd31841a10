package com.gaterouter.common.spend.journal;

import com.gaterouter.common.usage.UsageRecord;
import java.util.List;

/**
 * Port: writes usage records to the usage store, idempotently — writing a record again leaves the
 * same one item (the item is a function of the record). Throws if some record may not be written;
 * writing the same list again is then safe.
 */
@FunctionalInterface
public interface UsageRecordWriter {

    void writeAll(List<UsageRecord> records);

    /**
     * As {@link #writeAll}, with each record's JSON ({@link com.gaterouter.common.usage.UsageRecordJson}, same order) as
     * the caller already holds it — the usage journal's payload: a store that keeps that JSON takes it as it is instead
     * of writing it again.
     */
    default void writeAll(List<UsageRecord> records, List<String> json) {
        writeAll(records);
    }
}
