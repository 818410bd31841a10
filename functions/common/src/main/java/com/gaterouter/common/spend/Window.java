package com.gaterouter.common.spend;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A counting window. Days and months are calendar periods in the tenant's time zone and are part
 * of the counter's key, so nothing ever needs resetting; minutes (UTC) count rates.
 */
public sealed interface Window permits Window.Day, Window.Month, Window.Minute {

    /** The window's part of the counter key: {@code D#2026-11-24}, {@code M#2026-11}, {@code m#2026-11-24T09:05Z}. */
    String key();

    /** The instant the window begins, for a tenant in {@code zone} (minutes ignore it: they are UTC). */
    Instant startsAt(ZoneId zone);

    /** The instant the window is over (exclusive): the next one's start. */
    Instant endsAt(ZoneId zone);

    record Day(LocalDate date) implements Window {
        public Day {
            Objects.requireNonNull(date, "date");
        }

        /** The day in {@code zone} that {@code at} falls in. */
        public static Day containing(Instant at, ZoneId zone) {
            return new Day(LocalDate.ofInstant(at, zone));
        }

        @Override
        public String key() {
            return "D#" + date;
        }

        @Override
        public Instant startsAt(ZoneId zone) {
            return date.atStartOfDay(zone).toInstant();
        }

        @Override
        public Instant endsAt(ZoneId zone) {
            return date.plusDays(1).atStartOfDay(zone).toInstant();
        }
    }

    record Month(YearMonth month) implements Window {
        public Month {
            Objects.requireNonNull(month, "month");
        }

        /** The calendar month in {@code zone} that {@code at} falls in. */
        public static Month containing(Instant at, ZoneId zone) {
            return new Month(YearMonth.from(LocalDate.ofInstant(at, zone)));
        }

        @Override
        public String key() {
            return "M#" + month;
        }

        @Override
        public Instant startsAt(ZoneId zone) {
            return month.atDay(1).atStartOfDay(zone).toInstant();
        }

        @Override
        public Instant endsAt(ZoneId zone) {
            return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        }
    }

    record Minute(Instant start) implements Window {
        public Minute {
            Objects.requireNonNull(start, "start");
            start = start.truncatedTo(ChronoUnit.MINUTES);
        }

        public static Minute containing(Instant at) {
            return new Minute(at);
        }

        public Instant end() {
            return start.plus(1, ChronoUnit.MINUTES);
        }

        @Override
        public String key() {
            return "m#" + start;
        }

        @Override
        public Instant startsAt(ZoneId zone) {
            return start;
        }

        @Override
        public Instant endsAt(ZoneId zone) {
            return end();
        }
    }
}
