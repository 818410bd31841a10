package com.gaterouter.common.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpendForecastTest {

    private static final AlertPeriod NOVEMBER = AlertPeriod.month(YearMonth.of(2026, 11), ZoneId.of("UTC"));

    @Test
    void projectsTheAveragePaceOverTheWholePeriod() {
        // day 10 of 30 over, 200 spent: 600 by the end; 500 reached after 25 days
        Instant tenDaysIn = Instant.parse("2026-11-11T00:00:00Z");

        SpendForecast forecast = SpendForecast.project(NOVEMBER, 200_000_000, 500_000_000, tenDaysIn).orElseThrow();

        assertThat(forecast.spendUsdMicros()).isEqualTo(600_000_000);
        assertThat(forecast.exceedsOn()).contains(LocalDate.of(2026, 11, 26));
    }

    @Test
    void withinBudgetThereIsNoDayOfExceeding() {
        Instant tenDaysIn = Instant.parse("2026-11-11T00:00:00Z");

        assertThat(SpendForecast.project(NOVEMBER, 100_000_000, 500_000_000, tenDaysIn))
                .contains(new SpendForecast(300_000_000, Optional.empty()));
        assertThat(SpendForecast.project(NOVEMBER, 0, 500_000_000, tenDaysIn))
                .contains(new SpendForecast(0, Optional.empty()));
    }

    @Test
    void tooEarlyOrAfterThePeriodThereIsNoForecast() {
        assertThat(SpendForecast.project(NOVEMBER, 100_000_000, 500_000_000, Instant.parse("2026-11-03T00:00:00Z"))).isEmpty();
        assertThat(SpendForecast.project(NOVEMBER, 100_000_000, 500_000_000, Instant.parse("2026-12-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void periodsFollowTheTenantsZone() {
        AlertPeriod paris = AlertPeriod.containing(AlertPeriod.Kind.MONTHLY, Instant.parse("2026-10-31T23:30:00Z"), ZoneId.of("Europe/Paris"));
        assertThat(paris.id()).isEqualTo("2026-11");
        assertThat(paris.startsAt()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
        assertThat(paris.previous().id()).isEqualTo("2026-10");
        AlertPeriod day = AlertPeriod.containing(AlertPeriod.Kind.DAILY, Instant.parse("2026-11-24T23:30:00Z"), ZoneId.of("Europe/Paris"));
        assertThat(day.id()).isEqualTo("2026-11-25");
        assertThat(day.previous().id()).isEqualTo("2026-11-24");
    }
}
