package com.gaterouter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final List<Duration> slept = new ArrayList<>();
    private final Since.Sleeper sleeper = d -> {
        slept.add(d);
        clock.advance(d);
    };

    @Test
    void withinADayItIsThatDay() {
        Since since = new Since(clock.instant(), clock);
        clock.advance(Duration.ofHours(14));

        assertThat(since.days()).containsExactly(LocalDate.parse("2026-11-24"));
        assertThat(since.months()).containsExactly(YearMonth.parse("2026-11"));
    }

    @Test
    void acrossMidnightAtTheYearsEndItIsBothDaysAndBothMonths() {
        clock.set(Instant.parse("2027-12-31T23:59:59.900Z"));
        Since since = new Since(clock.instant(), clock);
        clock.advance(Duration.ofMillis(200));

        assertThat(since.days()).containsExactly(LocalDate.parse("2027-12-31"), LocalDate.parse("2028-01-01"));
        assertThat(since.months()).containsExactly(YearMonth.parse("2027-12"), YearMonth.parse("2028-01"));
    }

    @Test
    void clearOfABoundaryFarEnoughAwayStartsAtOnce() throws Exception {
        clock.set(Instant.parse("2027-12-31T23:58:00Z"));

        Since since = Since.clearOf(ChronoUnit.DAYS, Duration.ofMinutes(1), clock, sleeper);

        assertThat(slept).isEmpty();
        assertThat(since.start()).isEqualTo(Instant.parse("2027-12-31T23:58:00Z"));
    }

    @Test
    void clearOfANearBoundaryWaitsUntilItPassed() throws Exception {
        clock.set(Instant.parse("2027-11-30T23:59:30Z"));

        Since month = Since.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(1), clock, sleeper);
        assertThat(month.start()).isEqualTo(Instant.parse("2027-12-01T00:00:00.010Z"));

        clock.set(Instant.parse("2027-11-24T10:14:50Z"));
        Since minute = Since.clearOf(ChronoUnit.MINUTES, Duration.ofSeconds(15), clock, sleeper);
        assertThat(minute.start()).isEqualTo(Instant.parse("2027-11-24T10:15:00.010Z"));
        // a month boundary mid-month is weeks away
        assertThat(Since.clearOf(ChronoUnit.MONTHS, Duration.ofMinutes(1), clock, sleeper).start()).isEqualTo(minute.start());
        assertThat(slept).containsExactly(Duration.ofMillis(30_010), Duration.ofMillis(10_010));
    }
}
