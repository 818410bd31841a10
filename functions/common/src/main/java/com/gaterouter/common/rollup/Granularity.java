package com.gaterouter.common.rollup;

import com.gaterouter.routing.WireNamed;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/** Roll-up periods: UTC calendar days ({@code 2026-11-24}) and months ({@code 2026-11}). */
public enum Granularity implements WireNamed {
    DAY, MONTH;

    /** The period {@code day} falls in, as roll-ups name it. */
    public String periodOf(LocalDate day) {
        return this == DAY ? day.toString() : YearMonth.from(day).toString();
    }

    public static Optional<Granularity> fromWire(String name) {
        return WireNamed.fromWire(Granularity.class, name);
    }
}
