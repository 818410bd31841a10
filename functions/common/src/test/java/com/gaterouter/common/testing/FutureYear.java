package com.gaterouter.common.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;

/**
 * The year fixed-date scenarios are set in when something on the machine's real clock sees their
 * data. DynamoDB Local's TTL sweeper deletes items whose {@code expiresAt} has passed by the real
 * clock, whatever the test's {@link java.time.Clock} says; the AWS emulators run on the real clock
 * too. A test that writes such data at "24 November" writes it at 24 November of {@link #YEAR}
 * ({@code instant("YYYY-11-24T10:15:00Z")}):
 * every instant of that year lies ahead of the real clock, so no retention has run out on any day
 * the suite runs, while the test keeps its readable calendar (month ends, a watermark on the last
 * day of February). See docs/testing.md, "Time in tests".
 */
public final class FutureYear {

    /** The first year after the current one (UTC, real clock) that is not a leap year: February has 28 days. */
    public static final int YEAR = after(Clock.systemUTC());

    private FutureYear() {
    }

    /** The first non-leap year after the year {@code clock} is in. */
    static int after(Clock clock) {
        Year year = Year.now(clock).plusYears(1);
        while (year.isLeap()) {
            year = year.plusYears(1);
        }
        return year.getValue();
    }

    /** {@code text("from=YYYY-02-01&to=YYYY-03-01")}: the text with each {@code YYYY} replaced by {@link #YEAR}. */
    public static String text(String template) {
        return template.replace("YYYY", Integer.toString(YEAR));
    }

    /** {@code instant("YYYY-11-24T10:15:30.120Z")}: that instant of {@link #YEAR}. */
    public static Instant instant(String template) {
        return Instant.parse(text(template));
    }

    /** {@code date(11, 24)}: that day of {@link #YEAR}. */
    public static LocalDate date(int month, int day) {
        return LocalDate.of(YEAR, month, day);
    }

    /** {@code month(11)}: that month of {@link #YEAR}. */
    public static YearMonth month(int month) {
        return YearMonth.of(YEAR, month);
    }
}
