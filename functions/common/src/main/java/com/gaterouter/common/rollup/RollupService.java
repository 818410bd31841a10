package com.gaterouter.common.rollup;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.usage.UsageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Recomputes roll-ups from raw usage (skeleton: the engine is being built). */
public final class RollupService {

    public RollupService(AccountStore accounts, UsageStore usage, RollupStore rollups, Clock clock, Duration lateWindow) {
    }

    /** Every tenant, until done or {@code deadline}. */
    public RollupRun runAll(Instant deadline) {
        throw new UnsupportedOperationException("being built");
    }

    /** One tenant, until done or {@code deadline}. */
    public RollupRun runTenant(String tenantId, Instant deadline) {
        throw new UnsupportedOperationException("being built");
    }
}
