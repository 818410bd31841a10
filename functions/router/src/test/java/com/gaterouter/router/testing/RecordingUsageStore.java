package com.gaterouter.router.testing;

import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStore;
import java.time.LocalDate;
import java.util.List;

/** A usage store that keeps every record in {@code recorded}, for service tests. */
public record RecordingUsageStore(List<UsageRecord> recorded) implements UsageStore {

    @Override
    public WriteOutcome record(UsageRecord usage) {
        recorded.add(usage);
        return new Written();
    }

    @Override
    public List<UsageRecord> findByTenantAndDay(String tenantId, LocalDate day) {
        return recorded;
    }
}
