package com.gaterouter.rollup.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.rollup.alerts.BudgetAlert;
import com.gaterouter.rollup.alerts.BudgetAlertJson;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertMessageComposerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SpendBreakdown BREAKDOWN = new SpendBreakdown(
            List.of(new TopSpender("Jane Doe <jane@acme.example>", 120_000_000, 340), new TopSpender("Li Wei <li@acme.example>", 80_500_000, 1)),
            false,
            List.of(new TopSpender("openai/gpt-4o", 250_000_000, 900)), true,
            List.of(new TopSpender("campaign-bot (key_7)", 150_000_000, 500)), false, Optional.empty());

    private final AlertMessageComposer composer = new AlertMessageComposer();

    static BudgetAlert sample(String file) throws IOException {
        JsonNode event = JSON.readTree(Files.readString(RepositoryRoot.locate().resolve("events").resolve(file)));
        return BudgetAlertJson.fromNode(event.path("detail-type").asText(), event.path("detail"));
    }

    @Test
    void thresholdSubjectAndBody() throws IOException {
        AlertMessage message = composer.compose(sample("budget-threshold-crossed.json"), BREAKDOWN);

        assertThat(message.subject()).isEqualTo("[GateRouter] Marketing reached 80 % of its November budget");
        assertThat(message.recipients()).containsExactly("finance@acme.example");
        assertThat(message.body())
                .startsWith("Marketing has spent $402.00, 80.4 % of its November budget of $500.00 (alert threshold 80 %).\n\n")
                .contains("  Spend so far: $402.00 (80.4 % of the budget)\n")
                .contains("  Budget: $500.00\n")
                .contains("  Period: 2026-11-01 to 2026-11-30 (Europe/Paris)\n")
                .contains("  Forecast: $513.87 by the end of the period at the current pace; the budget runs out around 30 November\n")
                .contains("Top users this month\n  1. Jane Doe <jane@acme.example> - $120.00, 340 requests\n"
                        + "  2. Li Wei <li@acme.example> - $80.50, 1 request\n")
                .contains("Top models this month (whole tenant)\n  1. openai/gpt-4o - $250.00, 900 requests\n")
                .contains("Top keys this month\n  1. campaign-bot (key_7) - $150.00, 500 requests\n")
                .contains("raise the budget: PUT /admin/v1/tenants/acme/budgets/department/dept_1 with a higher monthlyUsd.")
                .contains("revoke or limit any key")
                .contains("model \"auto\"")
                .doesNotContain("refused")
                .endsWith("Alert id: acme:department:dept_1:2026-11:80\n");
    }

    @Test
    void exhaustedSaysRequestsAreRefused() throws IOException {
        AlertMessage message = composer.compose(sample("budget-exhausted.json"), BREAKDOWN);

        assertThat(message.subject()).isEqualTo("[GateRouter] Marketing exhausted its November budget");
        assertThat(message.body()).startsWith("Marketing has spent $501.00: its November budget of $500.00 is used up.")
                .contains("Requests charged to this budget are now refused (HTTP 429, insufficient_quota)");
    }

    @Test
    void forecastNamesTheDay() throws IOException {
        AlertMessage message = composer.compose(sample("spend-forecast-exceeded.json"), BREAKDOWN);

        assertThat(message.subject()).isEqualTo("[GateRouter] Marketing is on track to exceed its November budget by the 24th");
        assertThat(message.body()).startsWith(
                "Marketing has spent $320.00 of its November budget of $500.00 and at this pace will exceed it on 24 November.");
    }

    @Test
    void withoutRollupsTheMessageSaysSo() throws IOException {
        AlertMessage message = composer.compose(sample("budget-threshold-crossed.json"),
                SpendBreakdown.unavailable("the roll-ups could not be read"));

        assertThat(message.body()).contains("Top users, models and keys are not available right now (the roll-ups could not be read).")
                .doesNotContain("Top users this month");
    }

    @Test
    void ordinals() {
        assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 30, 31)).map(AlertMessageComposer::ordinal)
                .containsExactly("1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "30th", "31st");
    }
}
