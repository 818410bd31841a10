package com.gaterouter.common.alerts;

import com.gaterouter.common.spend.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * A budget period: a calendar month or day in the tenant's time zone, exactly the window the
 * spend counters use (so an alert speaks of the same spend the router enforces).
 *
 * @param id    {@code 2026-11} (monthly) or {@code 2026-11-24} (daily)
 * @param start the first day
 * @param end   the last day (inclusive)
 */
public record AlertPeriod(Kind kind, String id, LocalDate start, LocalDate end, ZoneId timeZone) {

    public enum Kind {
        MONTHLY, DAILY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown period kind " + value);
        }
    }

    public AlertPeriod {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(timeZone, "timeZone");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("period ends before it starts");
        }
    }

    public static AlertPeriod month(YearMonth month, ZoneId zone) {
        return new AlertPeriod(Kind.MONTHLY, month.toString(), month.atDay(1), month.atEndOfMonth(), zone);
    }

    public static AlertPeriod day(LocalDate day, ZoneId zone) {
        return new AlertPeriod(Kind.DAILY, day.toString(), day, day, zone);
    }

    /** The period of {@code kind} that contains {@code at} in {@code zone}. */
    public static AlertPeriod containing(Kind kind, Instant at, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(at, zone);
        return kind == Kind.MONTHLY ? month(YearMonth.from(today), zone) : day(today, zone);
    }

    /** The period just before this one. */
    public AlertPeriod previous() {
        return kind == Kind.MONTHLY ? month(YearMonth.from(start).minusMonths(1), timeZone) : day(start.minusDays(1), timeZone);
    }

    /** The spend counter window of this period. */
    public Window window() {
        return kind == Kind.MONTHLY ? new Window.Month(YearMonth.from(start)) : new Window.Day(start);
    }

    /** The instant the period begins (midnight of its first day in its zone). */
    public Instant startsAt() {
        return start.atStartOfDay(timeZone).toInstant();
    }

    /** The instant the period is over (midnight after its last day in its zone); exclusive. */
    public Instant endsAt() {
        return end.plusDays(1).atStartOfDay(timeZone).toInstant();
    }
}
