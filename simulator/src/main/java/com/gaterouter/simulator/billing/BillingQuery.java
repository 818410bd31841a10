package com.gaterouter.simulator.billing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A billing request's query string: repeated parameters and {@code name[]} arrays (Anthropic's
 * {@code group_by[]=model}) read as lists; bad values are {@link IllegalArgumentException}s naming them.
 */
record BillingQuery(List<String[]> pairs) {

    static BillingQuery parse(String pathAndQuery) {
        List<String[]> pairs = new ArrayList<>();
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    pairs.add(new String[] {name.endsWith("[]") ? name.substring(0, name.length() - 2) : name, value});
                }
            }
        }
        return new BillingQuery(pairs);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** Every value of the parameter, comma-separated values split. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] pair : pairs) {
            if (pair[0].equals(name)) {
                for (String value : pair[1].split(",")) {
                    if (!value.isBlank()) {
                        values.add(value.trim());
                    }
                }
            }
        }
        return values;
    }

    Optional<String> first(String name) {
        return pairs.stream().filter(pair -> pair[0].equals(name)).map(pair -> pair[1]).findFirst();
    }

    int limit(int byDefault, int max) {
        Optional<String> limit = first("limit");
        if (limit.isEmpty()) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(limit.get().trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + max + ", not " + limit.get());
    }

    /** Only daily buckets are simulated. */
    void requireDailyBuckets() {
        String width = first("bucket_width").orElse("1d");
        if (!width.equals("1d")) {
            throw new IllegalArgumentException("bucket_width " + width + " is not simulated: use 1d");
        }
    }

    /** A unix-seconds parameter as its UTC day; {@code endOfRange} rounds up to the next midnight. */
    Optional<LocalDate> unixDay(String name, boolean endOfRange) {
        return first(name).map(text -> {
            try {
                long seconds = Long.parseLong(text.trim());
                return dayOf(OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(seconds), ZoneOffset.UTC), endOfRange);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be unix seconds, not " + text, e);
            }
        });
    }

    /** An RFC 3339 parameter as its UTC day; {@code endOfRange} rounds up to the next midnight. */
    Optional<LocalDate> rfc3339Day(String name, boolean endOfRange) {
        return first(name).map(text -> {
            try {
                return dayOf(OffsetDateTime.parse(text.trim()).withOffsetSameInstant(ZoneOffset.UTC), endOfRange);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " must be an RFC 3339 time, not " + text, e);
            }
        });
    }

    private static LocalDate dayOf(OffsetDateTime time, boolean endOfRange) {
        LocalDate day = time.toLocalDate();
        boolean midnight = time.toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
        return endOfRange && !midnight ? day.plusDays(1) : day;
    }

    /** {@code month=YYYY-MM}, required. */
    YearMonth month() {
        String text = first("month").orElseThrow(() -> new IllegalArgumentException("month=YYYY-MM is required"));
        try {
            return YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("month must be YYYY-MM, not " + text, e);
        }
    }
}
