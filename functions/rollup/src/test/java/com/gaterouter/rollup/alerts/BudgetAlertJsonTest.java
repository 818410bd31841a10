package com.gaterouter.rollup.alerts;

import com.gaterouter.common.alerts.SpendForecast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.testing.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The detail JSON is the contract of docs/events.md; the samples in events/ are held to it. */
class BudgetAlertJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"budget-threshold-crossed.json,Budget Threshold Crossed", "budget-exhausted.json,Budget Exhausted",
            "spend-forecast-exceeded.json,Spend Forecast Exceeded"})
    void everySampleRoundTripsAndItsForecastIsTheProjectionsOwn(String file, String detailType) throws IOException {
        JsonNode event = JSON.readTree(Files.readString(RepositoryRoot.locate().resolve("events").resolve(file)));
        assertThat(event.path("source").asText()).isEqualTo("gaterouter");
        assertThat(event.path("detail-type").asText()).isEqualTo(detailType);

        BudgetAlert alert = BudgetAlertJson.fromNode(detailType, event.path("detail"));

        assertThat(alert.detailType()).isEqualTo(detailType);
        assertThat(JSON.readTree(BudgetAlertJson.toJson(alert))).isEqualTo(event.path("detail"));
        assertThat(SpendForecast.project(alert.period(), alert.spendUsdMicros(), alert.budgetUsdMicros(), alert.occurredAt()))
                .isEqualTo(alert.forecast());
        assertThat(BudgetAlert.percentUsed(alert.spendUsdMicros(), alert.budgetUsdMicros())).isEqualTo(alert.percentUsed());
    }

    @Test
    void aDetailWhoseIdDisagreesWithItsFieldsIsRefused() throws IOException {
        JsonNode event = JSON.readTree(Files.readString(RepositoryRoot.locate().resolve("events/budget-threshold-crossed.json")));
        String tampered = event.path("detail").toString().replace("\"thresholdPercent\":80", "\"thresholdPercent\":50");

        assertThatThrownBy(() -> BudgetAlertJson.fromJson("Budget Threshold Crossed", tampered))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> BudgetAlertJson.fromJson("Budget Exhausted", event.path("detail").toString()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BudgetAlertJson.fromJson("Budget Threshold Crossed", "{not json"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void percentUsedRoundsDownAndThresholdsCompareExactly() {
        assertThat(BudgetAlert.percentUsed(402_000_000, 500_000_000)).isEqualTo("80.4");
        assertThat(BudgetAlert.percentUsed(499_999_999, 500_000_000)).isEqualTo("99.9");
        assertThat(BudgetAlert.percentUsed(0, 500_000_000)).isEqualTo("0.0");
        assertThat(BudgetAlert.percentUsed(1_500_000_000, 500_000_000)).isEqualTo("300.0");
        assertThat(BudgetAlert.reached(499_999_999, 500_000_000, 100)).isFalse();
        assertThat(BudgetAlert.reached(500_000_000, 500_000_000, 100)).isTrue();
        assertThat(BudgetAlert.reached(Long.MAX_VALUE, Long.MAX_VALUE, 100)).isTrue();
    }
}
