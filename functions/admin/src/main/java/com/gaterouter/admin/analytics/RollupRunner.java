package com.gaterouter.admin.analytics;

import com.gaterouter.common.rollup.RollupRun;
import java.time.Instant;

/**
 * Runs the spend roll-up for one tenant now ({@code POST …/rollups/run}). The roll-up engine's
 * {@code RollupService::runTenant} fits; the admin API only needs this one call, so it depends on
 * the call rather than on how the engine is built.
 */
@FunctionalInterface
public interface RollupRunner {

    /** Rolls the tenant up until done or {@code deadline}; {@link RollupRun#complete()} false means "call again". */
    RollupRun runTenant(String tenantId, Instant deadline);
}
