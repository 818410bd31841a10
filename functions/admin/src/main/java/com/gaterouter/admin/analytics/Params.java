package com.gaterouter.admin.analytics;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/** The analytics query parameters; each malformed one is a 400 naming it. */
final class Params {

    /** Longest range at day granularity: a year and a bit, so "the last 12 months by day" fits. */
    static final int MAX_DAYS_BY_DAY = 400;
    /** Longest range at month granularity and for the range reports (models, keys, top users, routing): three years. */
    static final int MAX_DAYS = 1096;
    /**
     * Longest range a report may read from raw usage: department-scoped model, vendor and tier
     * breakdowns have no roll-up to read (roll-ups are per dimension, not department × model), and a
     * day of raw usage costs one query per usage shard and one item per request.
     */
    static final int MAX_RAW_DAYS = 31;
    static final int DEFAULT_TOP = 10;
    static final int MAX_TOP = 100;

    private Params() {
    }

    /** What an answer is rendered as: JSON (default), or CSV by {@code ?format=csv} or {@code Accept: text/csv}. */
    enum Format { JSON, CSV }

    /** An inclusive range of UTC days. */
    record Range(LocalDate from, LocalDate to) {
        long days() {
            return to.toEpochDay() - from.toEpochDay() + 1;
        }
    }

    /**
     * {@code ?from=&to=} (UTC days, inclusive). Defaults: {@code to} today, {@code from} the first
     * day of {@code to}'s month (month to date). {@code from} after {@code to}, or a range longer than
     * {@code maxDays}, is a 400 naming {@code from}.
     */
    static Range range(AdminCall call, LocalDate today, int maxDays) {
        LocalDate to = day(call, "to").orElse(today);
        LocalDate from = day(call, "from").orElse(to.withDayOfMonth(1));
        if (from.isAfter(to)) {
            throw AdminException.invalid("from", "'from' (" + from + ") must not be after 'to' (" + to + ").");
        }
        Range range = new Range(from, to);
        if (range.days() > maxDays) {
            throw AdminException.invalid("from", "The range from " + from + " to " + to + " spans " + range.days()
                    + " days; at most " + maxDays + " are allowed here.");
        }
        return range;
    }

    /**
     * {@code ?month=YYYY-MM} (a UTC calendar month), required; a month after {@code today}'s is a
     * 400 naming {@code month} (it has no spend to close).
     */
    static java.time.YearMonth month(AdminCall call, LocalDate today) {
        String value = call.query("month").orElseThrow(() -> AdminException.invalid("month", "'month' is required, such as "
                + java.time.YearMonth.from(today) + "."));
        java.time.YearMonth month = com.gaterouter.admin.support.QueryDates.month(value);
        if (month.isAfter(java.time.YearMonth.from(today))) {
            throw AdminException.invalid("month", "'month' (" + month + ") is after the current month (" + java.time.YearMonth.from(today) + ").");
        }
        return month;
    }

    private static Optional<LocalDate> day(AdminCall call, String param) {
        return com.gaterouter.admin.support.QueryDates.day(call, param);
    }

    /** {@code ?groupBy=}, required. */
    static RollupDimension groupBy(AdminCall call) {
        String value = call.query("groupBy").orElseThrow(() -> AdminException.invalid("groupBy",
                "'groupBy' is required: " + dimensionNames() + "."));
        return RollupDimension.fromWire(value).orElseThrow(() -> AdminException.invalid("groupBy",
                "'groupBy' must be one of " + dimensionNames() + "."));
    }

    /** {@code ?granularity=day|month}, default day. */
    static Granularity granularity(AdminCall call) {
        return call.query("granularity").map(value -> Granularity.fromWire(value)
                        .orElseThrow(() -> AdminException.invalid("granularity", "'granularity' must be day or month.")))
                .orElse(Granularity.DAY);
    }

    /** {@code ?limit=} of top-N reports: 1 to {@value #MAX_TOP}, default {@value #DEFAULT_TOP}. */
    static int top(AdminCall call) {
        Optional<String> raw = call.query("limit");
        if (raw.isEmpty()) {
            return DEFAULT_TOP;
        }
        int limit;
        try {
            limit = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_TOP) {
            throw AdminException.invalid("limit", "'limit' must be an integer from 1 to " + MAX_TOP + ".");
        }
        return limit;
    }

    /**
     * {@code ?format=json|csv}; without it, {@code Accept: text/csv} asks for CSV. An explicit
     * {@code format} wins over the header (a browser's Accept should not turn a link into a download).
     */
    static Format format(AdminCall call) {
        Optional<String> format = call.query("format");
        if (format.isPresent()) {
            return switch (format.get().toLowerCase(Locale.ROOT)) {
                case "json" -> Format.JSON;
                case "csv" -> Format.CSV;
                default -> throw AdminException.invalid("format", "'format' must be json or csv.");
            };
        }
        boolean csv = call.request().header("accept")
                .map(accept -> accept.toLowerCase(Locale.ROOT).contains("text/csv"))
                .orElse(false);
        return csv ? Format.CSV : Format.JSON;
    }

    private static String dimensionNames() {
        StringBuilder names = new StringBuilder();
        for (RollupDimension dimension : RollupDimension.values()) {
            names.append(names.isEmpty() ? "" : ", ").append(dimension.wireName());
        }
        return names.toString();
    }
}
