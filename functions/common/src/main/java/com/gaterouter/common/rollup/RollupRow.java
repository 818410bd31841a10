package com.gaterouter.common.rollup;

import java.util.Objects;

/**
 * One roll-up: a tenant's requests with one value of one dimension in one period.
 *
 * @param period {@code yyyy-MM-dd} (day) or {@code yyyy-MM} (month), UTC
 */
public record RollupRow(String tenantId, RollupDimension dimension, Granularity granularity, String period, String value,
                        RollupTotals totals) {

    public RollupRow {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(totals, "totals");
    }
}
