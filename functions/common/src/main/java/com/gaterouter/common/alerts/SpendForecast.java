package com.gaterouter.common.alerts;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the period's spend is heading at its average pace so far: a linear projection of the
 * spend over the elapsed part of the period to the whole period. The one rule for both the budget
 * alerts (the rollup's forecast alert) and the admin API's budget usage ({@code forecastUsd}).
 *
 * @param spendUsdMicros projected spend at the end of the period
 * @param exceedsOn      the day (in the tenant's zone) the projection reaches the budget, if that
 *                       is within the period; on or before today when the budget is already spent
 */
public record SpendForecast(long spendUsdMicros, Optional<LocalDate> exceedsOn) {

    /**
     * Before this share of the period has passed there is no forecast: one expensive request on the
     * 1st would otherwise "project" a month's budget many times over (for a month: about 3 days;
     * for a day: 2.4 hours).
     */
    public static final double MINIMUM_ELAPSED_SHARE = 0.10;

    public SpendForecast {
        exceedsOn = Objects.requireNonNullElse(exceedsOn, Optional.empty());
    }

    /**
     * The forecast for {@code period} at {@code now}: {@link #project(Instant, Instant, ZoneId, long, long, Instant)}
     * over the period's start, end and zone.
     */
    public static Optional<SpendForecast> project(AlertPeriod period, long spendUsdMicros, long budgetUsdMicros, Instant now) {
        return project(period.startsAt(), period.endsAt(), period.timeZone(), spendUsdMicros, budgetUsdMicros, now);
    }

    /**
     * The forecast at {@code now} for the period {@code [start, end)}, or empty when too little of the
     * period has passed (or it is over: a closed period has a final figure, not a forecast). Exact
     * integer arithmetic.
     *
     * @param zone the tenant's time zone, which {@link #exceedsOn} is a day of
     */
    public static Optional<SpendForecast> project(Instant start, Instant end, ZoneId zone, long spendUsdMicros, long budgetUsdMicros,
                                                  Instant now) {
        long total = Duration.between(start, end).toMillis();
        long elapsed = Duration.between(start, now).toMillis();
        if (elapsed < total * MINIMUM_ELAPSED_SHARE || elapsed >= total) {
            return Optional.empty();
        }
        long projected = BigInteger.valueOf(spendUsdMicros).multiply(BigInteger.valueOf(total))
                .divide(BigInteger.valueOf(elapsed)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        Optional<LocalDate> exceedsOn = Optional.empty();
        if (spendUsdMicros > 0 && budgetUsdMicros > 0) {
            // at the average pace spend reaches the budget after budget/spend of the elapsed time
            BigInteger millis = BigInteger.valueOf(budgetUsdMicros).multiply(BigInteger.valueOf(elapsed))
                    .divide(BigInteger.valueOf(spendUsdMicros));
            if (millis.compareTo(BigInteger.valueOf(total)) < 0) {
                exceedsOn = Optional.of(LocalDate.ofInstant(start.plusMillis(millis.longValue()), zone));
            }
        }
        return Optional.of(new SpendForecast(projected, exceedsOn));
    }
}
