package com.gaterouter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FutureYearTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-12-04T14:00:00Z, 2027",
            "2027-01-01T00:00:00Z, 2029", // 2028 is a leap year
            "2027-12-31T23:59:59Z, 2029",
            "2099-06-30T12:00:00Z, 2100"}) // 2100 is not a leap year
    void theFirstYearAfterTheClocksThatIsNotALeapYear(String now, int expected) {
        assertThat(FutureYear.after(Clock.fixed(Instant.parse(now), ZoneOffset.UTC))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"YYYY-01-01T00:00:00Z", "YYYY-02-28T23:59:59Z", "YYYY-12-31T23:59:59.999Z"})
    void everyInstantOfItIsAheadOfTheRealClock(String template) {
        assertThat(FutureYear.instant(template)).isAfter(Instant.now());
        assertThat(FutureYear.date(2, 28).plusDays(1)).as("no 29 February").isEqualTo(FutureYear.date(3, 1));
    }

    @Test
    void textReplacesEveryYearPlaceholder() {
        assertThat(FutureYear.text("from=YYYY-02-01&to=YYYY-03-01"))
                .isEqualTo("from=" + FutureYear.YEAR + "-02-01&to=" + FutureYear.YEAR + "-03-01");
        assertThat(FutureYear.month(11)).isEqualTo(YearMonth.of(FutureYear.YEAR, 11));
    }
}
