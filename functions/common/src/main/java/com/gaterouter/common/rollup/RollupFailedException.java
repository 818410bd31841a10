package com.gaterouter.common.rollup;

import java.util.Map;

/**
 * Some tenants' roll-ups failed (a DynamoDB error, say). The other tenants were still rolled up;
 * the failed ones keep their watermark where it was, so the next run redoes exactly what is missing.
 *
 * @see RollupService#runAll
 */
final class RollupFailedException extends RuntimeException {

    private final transient Map<String, Throwable> failures;
    private final transient RollupRun run;

    RollupFailedException(Map<String, Throwable> failures, RollupRun run) {
        super("roll-up failed for " + failures.size() + " tenant(s): " + String.join(", ", failures.keySet()),
                failures.values().iterator().next());
        failures.values().stream().skip(1).forEach(this::addSuppressed);
        this.failures = Map.copyOf(failures);
        this.run = run;
    }

    /** The failed tenants' ids with what failed them. */
    public Map<String, Throwable> failures() {
        return failures;
    }

    /** What the run did for the tenants that did not fail. */
    public RollupRun run() {
        return run;
    }
}
