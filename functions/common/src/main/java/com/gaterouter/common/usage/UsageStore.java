package com.gaterouter.common.usage;

import java.util.List;

/** Port: per-request usage records. */
public interface UsageStore {

    /** Writes the record once; a second write of the same request id changes nothing. */
    WriteOutcome record(UsageRecord usage);

    /** Records of one tenant on one UTC day, across every shard (for tests, replay checks and roll-ups). */
    List<UsageRecord> findByTenantAndDay(String tenantId, java.time.LocalDate day);

    sealed interface WriteOutcome permits Written, AlreadyRecorded {
    }

    record Written() implements WriteOutcome {
    }

    record AlreadyRecorded() implements WriteOutcome {
    }
}
