package com.gaterouter.common.rollup;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Optional;

/** Roll-up periods: UTC calendar days ({@code 2026-11-24}) and months ({@code 2026-11}). */
public enum Granularity {
    DAY, MONTH;

    /** The period {@code day} falls in, as roll-ups name it. */
    public String periodOf(LocalDate day) {
        return this == DAY ? day.toString() : YearMonth.from(day).toString();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Granularity> fromWire(String name) {
        for (Granularity granularity : values()) {
            if (granularity.wireName().equals(name)) {
                return Optional.of(granularity);
            }
        }
        return Optional.empty();
    }
}
