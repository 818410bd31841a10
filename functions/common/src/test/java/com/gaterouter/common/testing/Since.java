package com.gaterouter.common.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The stretch of the machine's real clock a test ran in, for tests against code on the real clock
 * (the router wired with {@link Clock#systemUTC()}, the local gateway). A request sent at 23:59:59.9
 * is recorded under its day and looked up a moment later, on the next one; reading every UTC day
 * (or month) from the test's start to now finds it whenever the test runs.
 */
public record Since(Instant start, Clock clock) {

    /** How a test waits: {@link Thread#sleep(Duration)}, or a hand-moved clock in tests of this class. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** From now on the real clock. */
    public static Since now() {
        return new Since(Instant.now(), Clock.systemUTC());
    }

    /**
     * From now, once the next UTC {@code unit} boundary (minute, hour, day or month) is at least
     * {@code margin} away: if it is closer, waits until it has passed. For a test whose premise is
     * "all within one day" or "one month's budget" and that takes less than {@code margin}.
     */
    public static Since clearOf(ChronoUnit unit, Duration margin) throws InterruptedException {
        return clearOf(unit, margin, Clock.systemUTC(), Thread::sleep);
    }

    static Since clearOf(ChronoUnit unit, Duration margin, Clock clock, Sleeper sleeper) throws InterruptedException {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        ZonedDateTime next = switch (unit) {
            case MINUTES, HOURS, DAYS -> now.truncatedTo(unit).plus(1, unit);
            case MONTHS -> now.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC);
            default -> throw new IllegalArgumentException("minutes, hours, days or months, not " + unit);
        };
        Duration left = Duration.between(now, next);
        if (left.compareTo(margin) < 0) {
            sleeper.sleep(left.plusMillis(10));
        }
        return new Since(clock.instant(), clock);
    }

    /** The UTC days from the start to now, oldest first (one, unless midnight passed). */
    public List<LocalDate> days() {
        return LocalDate.ofInstant(start, ZoneOffset.UTC).datesUntil(LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1)).toList();
    }

    /** The UTC months from the start to now, oldest first (one, unless a month ended meanwhile). */
    public List<YearMonth> months() {
        return days().stream().map(YearMonth::from).distinct().toList();
    }
}
