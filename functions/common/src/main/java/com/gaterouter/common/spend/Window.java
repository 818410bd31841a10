package com.gaterouter.common.spend;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A counting window. Days and months are calendar periods in the tenant's time zone and are part
 * of the counter's key, so nothing ever needs resetting; minutes (UTC) count rates.
 */
public sealed interface Window permits Window.Day, Window.Month, Window.Minute {

    /** The window's part of the counter key: {@code D#2026-11-24}, {@code M#2026-11}, {@code m#2026-11-24T09:05Z}. */
    String key();

    record Day(LocalDate date) implements Window {
        public Day {
            Objects.requireNonNull(date, "date");
        }

        @Override
        public String key() {
            return "D#" + date;
        }
    }

    record Month(YearMonth month) implements Window {
        public Month {
            Objects.requireNonNull(month, "month");
        }

        @Override
        public String key() {
            return "M#" + month;
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
    }
}
