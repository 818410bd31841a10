package com.gaterouter.common.rollup;

import com.gaterouter.common.usage.UsageRecord;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The roll-up arithmetic, pure: a day's usage records become that day's rows (every dimension);
 * a month's day rows become its month rows. The same records always give the same rows, in the
 * same order, whatever order they come in: roll-ups are recomputed, never incremented, so a
 * re-run or a late record cannot double-count.
 */
public final class Rollups {

    private Rollups() {
    }

    /** Every dimension's rows for {@code day} (UTC) from the records of that day; records of other days are refused. */
    public static List<RollupRow> ofDay(String tenantId, LocalDate day, Collection<UsageRecord> records) {
        Map<String, RollupTotals>[] byDimension = newMaps();
        for (UsageRecord record : records) {
            if (!record.principal().tenantId().equals(tenantId) || !LocalDate.ofInstant(record.occurredAt(), ZoneOffset.UTC).equals(day)) {
                throw new IllegalArgumentException("record " + record.requestId() + " is not tenant " + tenantId + "'s on " + day);
            }
            RollupTotals one = RollupTotals.of(record);
            for (RollupDimension dimension : RollupDimension.values()) {
                byDimension[dimension.ordinal()].merge(dimension.valueOf(record), one, RollupTotals::plus);
            }
        }
        return rows(tenantId, Granularity.DAY, Granularity.DAY.periodOf(day), byDimension);
    }

    /** The month rows that the given day rows (all of one tenant and one month) add up to. */
    public static List<RollupRow> ofMonth(String tenantId, String month, Collection<RollupRow> dayRows) {
        Map<String, RollupTotals>[] byDimension = newMaps();
        for (RollupRow row : dayRows) {
            if (row.granularity() != Granularity.DAY || !row.period().startsWith(month + "-") || !row.tenantId().equals(tenantId)) {
                throw new IllegalArgumentException("not a day row of " + tenantId + " in " + month + ": " + row);
            }
            byDimension[row.dimension().ordinal()].merge(row.value(), row.totals(), RollupTotals::plus);
        }
        return rows(tenantId, Granularity.MONTH, month, byDimension);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, RollupTotals>[] newMaps() {
        Map<String, RollupTotals>[] maps = new Map[RollupDimension.values().length];
        for (int i = 0; i < maps.length; i++) {
            maps[i] = new TreeMap<>();
        }
        return maps;
    }

    private static List<RollupRow> rows(String tenantId, Granularity granularity, String period, Map<String, RollupTotals>[] byDimension) {
        List<RollupRow> rows = new ArrayList<>();
        for (RollupDimension dimension : RollupDimension.values()) {
            byDimension[dimension.ordinal()].forEach((value, totals) ->
                    rows.add(new RollupRow(tenantId, dimension, granularity, period, value, totals)));
        }
        return rows;
    }
}
