package com.gaterouter.common.rollup;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Where roll-ups live (the Rollups table), with the roll-up's per-tenant watermark. */
public interface RollupStore {

    /** Writes the rows, replacing any row with the same tenant, dimension, granularity, period and value. */
    void put(List<RollupRow> rows);

    /** A tenant's rows of one dimension and granularity whose period lies in {@code [fromPeriod, toPeriod]}, by period then value. */
    List<RollupRow> query(String tenantId, RollupDimension dimension, Granularity granularity, String fromPeriod, String toPeriod);

    /** The last UTC day whose roll-up is final for this tenant (late records before it are no longer counted). */
    Optional<LocalDate> watermark(String tenantId);

    /** Moves the watermark forward to {@code day}; never backwards (a slower concurrent run cannot undo a faster one). */
    void advanceWatermark(String tenantId, LocalDate day);
}
