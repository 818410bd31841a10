package com.gaterouter.admin.analytics;

import com.gaterouter.common.rollup.RollupStore;
import com.gaterouter.common.usage.UsageStore;
import java.util.Objects;
import java.util.Optional;

/**
 * What analytics reads and runs: the roll-ups (final days), raw usage (the days not rolled up yet,
 * today above all) and, optionally, the roll-up engine for {@code POST …/rollups/run}. Without a
 * runner that route answers 501; the analytics routes still work. Month closes are kept in
 * {@code closes} ({@link MonthCloses}); without it the month-close routes answer 501.
 */
public record AnalyticsBackend(UsageStore usage, RollupStore rollups, Optional<RollupRunner> runner, Optional<MonthCloses> closes) {

    public AnalyticsBackend {
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(rollups, "rollups");
        runner = Objects.requireNonNullElse(runner, Optional.empty());
        closes = Objects.requireNonNullElse(closes, Optional.empty());
    }

    /** Without a place to keep month closes: {@code POST …/month-closes} answers 501. */
    public AnalyticsBackend(UsageStore usage, RollupStore rollups, Optional<RollupRunner> runner) {
        this(usage, rollups, runner, Optional.empty());
    }

    public AnalyticsBackend(UsageStore usage, RollupStore rollups, RollupRunner runner) {
        this(usage, rollups, Optional.of(runner));
    }
}
