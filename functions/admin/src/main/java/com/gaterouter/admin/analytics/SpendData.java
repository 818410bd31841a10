package com.gaterouter.admin.analytics;

import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupRow;
import com.gaterouter.common.rollup.RollupStore;
import com.gaterouter.common.rollup.RollupTotals;
import com.gaterouter.common.rollup.Rollups;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStore;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Spend of one dimension over a range of UTC days, for a tenant or one department of it: the
 * single place that decides where each day's numbers come from.
 *
 * <ul>
 *   <li>Days up to the tenant's roll-up watermark are final: they are read from the roll-ups
 *       (whole months inside the range from month rows, the rest from day rows).
 *   <li>Later days — today, and any day the roll-up has not finalised — are computed from raw usage
 *       with the roll-up's own arithmetic ({@link Rollups#ofDay}), so spend shows at once and a day is
 *       never counted from both sources.
 *   <li>A department's spend: department rows of that department; project, user and key rows are
 *       derived from <em>key</em> rows (a key's project, department and user never change, so a key
 *       row attributes exactly — user rows cannot be filtered directly, as a user's spend may lie in
 *       several departments); model, vendor and tier rows have no per-department roll-up, so they
 *       come from the department's raw usage over a range of at most {@value Params#MAX_RAW_DAYS} days.
 * </ul>
 */
final class SpendData {

    private final UsageStore usage;
    private final RollupStore rollups;
    /** One tenant-day's raw usage (a department's, or the tenant's) rolled up, read once for concurrent questions. */
    private final SharedReads<RawDay, List<RollupRow>> rawDays = new SharedReads<>();

    private record RawDay(String tenantId, LocalDate day, Optional<String> departmentId) {
    }

    SpendData(UsageStore usage, RollupStore rollups) {
        this.usage = usage;
        this.rollups = rollups;
    }

    /**
     * The rows, by period then value, and where they came from.
     *
     * @param rolledUpThrough the tenant's roll-up watermark: days up to it are final
     * @param rawUsageFrom    the first day computed from raw usage, if any
     */
    record Spend(List<RollupRow> rows, Optional<LocalDate> rolledUpThrough, Optional<LocalDate> rawUsageFrom) {

        /** Every row's totals added up per value (the range as one period), by value. */
        Map<String, RollupTotals> byValue() {
            Map<String, RollupTotals> byValue = new TreeMap<>();
            rows.forEach(row -> byValue.merge(row.value(), row.totals(), RollupTotals::plus));
            return byValue;
        }

        /** {@link #byValue()} most expensive first (ties: more requests first, then by value). */
        List<Map.Entry<String, RollupTotals>> byCost() {
            List<Map.Entry<String, RollupTotals>> byCost = new ArrayList<>(byValue().entrySet());
            byCost.sort(Comparator.<Map.Entry<String, RollupTotals>>comparingLong(e -> e.getValue().costMicros()).reversed()
                    .thenComparing(e -> e.getValue().requests(), Comparator.reverseOrder())
                    .thenComparing(Map.Entry::getKey));
            return byCost;
        }

        RollupTotals total() {
            return rows.stream().map(RollupRow::totals).reduce(RollupTotals.ZERO, RollupTotals::plus);
        }
    }

    /** Whether this dimension, in this scope, can only be computed from raw usage (and so takes a short range). */
    static boolean rawOnly(AnalyticsScope scope, RollupDimension dimension) {
        return scope.confined() && switch (dimension) {
            case MODEL, VENDOR, TIER -> true;
            default -> false;
        };
    }

    /**
     * 400 naming {@code from} when {@code range} is too long for a raw-usage-only breakdown; call it
     * before reading, so the caller learns the limit instead of waiting for a timeout.
     */
    static void checkRawRange(AnalyticsScope scope, RollupDimension dimension, Params.Range range) {
        if (rawOnly(scope, dimension) && range.days() > Params.MAX_RAW_DAYS) {
            throw AdminException.invalid("from", "A department's spend by " + dimension.wireName()
                    + " is computed from raw usage (roll-ups are per dimension, not per department and "
                    + dimension.wireName() + "), so its range is at most " + Params.MAX_RAW_DAYS + " days; this one spans "
                    + range.days() + ".");
        }
    }

    Spend read(AnalyticsScope scope, Directory directory, RollupDimension dimension, Granularity granularity, Params.Range range) {
        checkRawRange(scope, dimension, range);
        String tenantId = scope.tenantId();
        Optional<LocalDate> watermark = rollups.watermark(tenantId);
        LocalDate createdDay = LocalDate.ofInstant(scope.tenant().createdAt(), ZoneOffset.UTC);
        Map<String, Map<String, RollupTotals>> merged = new TreeMap<>();

        LocalDate rawFrom = max(range.from(), createdDay);
        if (!rawOnly(scope, dimension) && watermark.isPresent()) {
            LocalDate rolledTo = min(range.to(), watermark.get());
            if (!range.from().isAfter(rolledTo)) {
                readRolledUp(scope, directory, dimension, granularity, range.from(), rolledTo, merged);
            }
            rawFrom = max(rawFrom, watermark.get().plusDays(1));
        }
        LocalDate rawTo = min(range.to(), scope.today());
        Optional<LocalDate> rawUsageFrom = Optional.empty();
        if (!rawFrom.isAfter(rawTo)) {
            long rawDays = rawTo.toEpochDay() - rawFrom.toEpochDay() + 1;
            if (rawDays > Params.MAX_RAW_DAYS) {
                throw new AdminException(new ApiError(503, "api_error", "rollups_behind", null, "The roll-up of tenant '"
                        + tenantId + "' is final only through " + watermark.map(LocalDate::toString).orElse("no day yet")
                        + ", leaving " + rawDays + " days to compute from raw usage (at most " + Params.MAX_RAW_DAYS
                        + "). Run POST /admin/v1/tenants/" + tenantId + "/rollups/run, or ask for a shorter range.", Map.of()));
            }
            readRaw(scope, dimension, granularity, rawFrom, rawTo, merged);
            rawUsageFrom = Optional.of(rawFrom);
        }

        List<RollupRow> rows = new ArrayList<>();
        merged.forEach((period, values) -> values.forEach((value, totals) ->
                rows.add(new RollupRow(tenantId, dimension, granularity, period, value, totals))));
        return new Spend(List.copyOf(rows), watermark, rawUsageFrom);
    }

    private void readRolledUp(AnalyticsScope scope, Directory directory, RollupDimension dimension, Granularity granularity,
                              LocalDate from, LocalDate to, Map<String, Map<String, RollupTotals>> merged) {
        // a department's project, user and key spend is read from its keys' rows (see the class comment)
        RollupDimension source = scope.confined() && dimension != RollupDimension.DEPARTMENT ? RollupDimension.KEY : dimension;
        Map<String, ManagedKey> departmentKeys = source == RollupDimension.KEY && scope.confined()
                ? departmentKeys(directory, scope.departmentId().orElseThrow()) : Map.of();
        for (RollupRow row : query(scope.tenantId(), source, granularity, from, to)) {
            String value = row.value();
            if (scope.confined()) {
                if (source == RollupDimension.DEPARTMENT) {
                    if (!value.equals(scope.departmentId().get())) {
                        continue;
                    }
                } else {
                    ManagedKey key = departmentKeys.get(value);
                    if (key == null) {
                        continue;
                    }
                    value = switch (dimension) {
                        case PROJECT -> key.projectId().orElseThrow();
                        case USER -> key.userId();
                        default -> key.keyId();
                    };
                }
            }
            String period = row.granularity() == granularity ? row.period() : granularity.periodOf(LocalDate.parse(row.period()));
            merged.computeIfAbsent(period, p -> new TreeMap<>()).merge(value, row.totals(), RollupTotals::plus);
        }
    }

    /**
     * Roll-up rows covering exactly {@code [from, to]}: at month granularity, the month rows of the
     * months wholly inside (final, since the whole range is at or before the watermark) plus the day
     * rows of the partial months at either end; at day granularity, day rows.
     */
    private List<RollupRow> query(String tenantId, RollupDimension dimension, Granularity granularity, LocalDate from, LocalDate to) {
        if (granularity == Granularity.DAY) {
            return rollups.query(tenantId, dimension, Granularity.DAY, from.toString(), to.toString());
        }
        YearMonth firstWhole = from.getDayOfMonth() == 1 ? YearMonth.from(from) : YearMonth.from(from).plusMonths(1);
        YearMonth lastWhole = to.equals(YearMonth.from(to).atEndOfMonth()) ? YearMonth.from(to) : YearMonth.from(to).minusMonths(1);
        if (firstWhole.isAfter(lastWhole)) {
            return rollups.query(tenantId, dimension, Granularity.DAY, from.toString(), to.toString());
        }
        List<RollupRow> rows = new ArrayList<>();
        if (from.isBefore(firstWhole.atDay(1))) {
            rows.addAll(rollups.query(tenantId, dimension, Granularity.DAY, from.toString(), firstWhole.atDay(1).minusDays(1).toString()));
        }
        rows.addAll(rollups.query(tenantId, dimension, Granularity.MONTH, firstWhole.toString(), lastWhole.toString()));
        if (to.isAfter(lastWhole.atEndOfMonth())) {
            rows.addAll(rollups.query(tenantId, dimension, Granularity.DAY, lastWhole.atEndOfMonth().plusDays(1).toString(), to.toString()));
        }
        return rows;
    }

    private void readRaw(AnalyticsScope scope, RollupDimension dimension, Granularity granularity, LocalDate from, LocalDate to,
                         Map<String, Map<String, RollupTotals>> merged) {
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            String period = granularity.periodOf(day);
            for (RollupRow row : rawDay(scope, day)) {
                if (row.dimension() == dimension) {
                    merged.computeIfAbsent(period, p -> new TreeMap<>()).merge(row.value(), row.totals(), RollupTotals::plus);
                }
            }
        }
    }

    /**
     * The tenant's raw usage records of each day of {@code range} up to today, for an export at a
     * finer grain than any roll-up (the FOCUS export's day × key × model). The range is at most
     * {@value Params#MAX_RAW_DAYS} days (a month), like every other raw read.
     */
    List<UsageRecord> rawRecords(AnalyticsScope scope, Params.Range range) {
        if (range.days() > Params.MAX_RAW_DAYS) {
            throw new IllegalArgumentException("a raw read spans at most " + Params.MAX_RAW_DAYS + " days, not " + range.days());
        }
        LocalDate createdDay = LocalDate.ofInstant(scope.tenant().createdAt(), ZoneOffset.UTC);
        List<UsageRecord> records = new ArrayList<>();
        for (LocalDate day = max(range.from(), createdDay); !day.isAfter(min(range.to(), scope.today())); day = day.plusDays(1)) {
            records.addAll(usage.findByTenantAndDay(scope.tenantId(), day));
        }
        return records;
    }

    /** Every dimension's rows of one day's raw usage, with the roll-up's own arithmetic. */
    private List<RollupRow> rawDay(AnalyticsScope scope, LocalDate day) {
        Optional<String> department = scope.confined() ? scope.departmentId() : Optional.empty();
        return rawDays.get(new RawDay(scope.tenantId(), day, department), () -> {
            List<UsageRecord> records = usage.findByTenantAndDay(scope.tenantId(), day);
            if (department.isPresent()) {
                records = records.stream().filter(r -> r.principal().departmentId().equals(department.get())).toList();
            }
            return Rollups.ofDay(scope.tenantId(), day, records);
        });
    }

    /** The keys whose spend is charged to the department: app keys of its projects. */
    static Map<String, ManagedKey> departmentKeys(Directory directory, String departmentId) {
        Map<String, ManagedKey> keys = new TreeMap<>();
        directory.keys().values().stream()
                .filter(k -> k.departmentId().map(departmentId::equals).orElse(false) && k.projectId().isPresent())
                .forEach(k -> keys.put(k.keyId(), k));
        return keys;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
