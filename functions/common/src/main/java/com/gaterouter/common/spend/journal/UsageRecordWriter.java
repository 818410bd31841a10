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
}
