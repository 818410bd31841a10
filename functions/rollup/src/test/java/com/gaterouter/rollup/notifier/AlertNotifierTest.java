package com.gaterouter.rollup.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.rollup.alerts.BudgetAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertNotifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AlertMessage> sent = new ArrayList<>();
    private final List<String> breakdownsAskedFor = new ArrayList<>();
    private final SpendBreakdownSource rollups = (tenant, scope, scopeId, granularity, from, to, limit) -> {
        breakdownsAskedFor.add(String.join(" ", tenant, scope.wireName(), scopeId, granularity.wireName(), from, to));
        assertThat(limit).isEqualTo(5);
        return new SpendBreakdown(List.of(new TopSpender("Jane Doe <jane@acme.example>", 1_000_000, 3)), false, List.of(), true,
                List.of(), false, java.util.Optional.empty());
    };
    private final AlertSender sender = (id, tenant, scope, type, message) -> sent.add(message);

    private static JsonNode event(String file) throws IOException {
        return JSON.readTree(Files.readString(RepositoryRoot.locate().resolve("events").resolve(file)));
    }

    @Test
    void anAlertEventBecomesOneMessage() throws IOException {
        AlertNotifier notifier = new AlertNotifier(rollups, new AlertMessageComposer(), sender);

        assertThat(notifier.handle(event("budget-threshold-crossed.json"))).isPresent();

        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("[GateRouter] Marketing reached 80 % of its November budget");
            assertThat(m.body()).contains("1. Jane Doe <jane@acme.example> - $1.00, 3 requests");
        });
        assertThat(breakdownsAskedFor).containsExactly("acme department dept_1 month 2026-11 2026-11");
    }

    @Test
    void aWeeklyDigestBecomesOneMessageWithTheWeeksTopSpenders() throws IOException {
        AlertNotifier notifier = new AlertNotifier(rollups, new AlertMessageComposer(), sender);

        assertThat(notifier.handle(event("weekly-spend-digest.json"))).isPresent();

        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("[GateRouter] Marketing: weekly spend 23 November to 29 November");
            assertThat(m.recipients()).containsExactly("finance@acme.example");
            assertThat(m.body()).startsWith("Marketing spent $96.40 in the week 2026-W48 (23 November to 29 November).\n")
                    .contains("  This week: $96.40\n")
                    .contains("  Month to date: $402.00 of November budget $500.00 (80.4 %)\n")
                    .contains("Top users this week\n  1. Jane Doe <jane@acme.example> - $1.00, 3 requests\n")
                    .contains("Digest id: acme:department:dept_1:2026-W48:digest\n");
        });
        assertThat(breakdownsAskedFor).containsExactly("acme department dept_1 day 2026-11-23 2026-11-29");
    }

    @Test
    void otherEventsAreAcknowledgedAndIgnored() throws IOException {
        AlertNotifier notifier = new AlertNotifier(rollups, new AlertMessageComposer(), sender);
        ObjectNode other = (ObjectNode) event("budget-exhausted.json");
        other.put("detail-type", "Key Rotated");

        assertThat(notifier.handle(other)).isEmpty();
        other.put("detail-type", "Budget Exhausted").put("source", "someone.else");
        assertThat(notifier.handle(other)).isEmpty();
        assertThat(sent).isEmpty();
    }

    @Test
    void aMalformedAlertFailsSoItEndsInTheDeadLetterQueue() throws IOException {
        AlertNotifier notifier = new AlertNotifier(rollups, new AlertMessageComposer(), sender);
        ObjectNode broken = (ObjectNode) event("budget-exhausted.json");
        ((ObjectNode) broken.path("detail")).remove("period");

        assertThatThrownBy(() -> notifier.handle(broken)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void aSendFailurePropagatesForLambdaToRetry() {
        AlertSender down = (id, tenant, scope, type, message) -> {
            throw new IllegalStateException("SNS throttled");
        };
        AlertNotifier notifier = new AlertNotifier(rollups, new AlertMessageComposer(), down);

        assertThatThrownBy(() -> notifier.handle(event("spend-forecast-exceeded.json"))).hasMessage("SNS throttled");
    }

    @Test
    void unreadableRollupsDoNotHoldTheMessageBack() throws IOException {
        SpendBreakdownSource broken = (tenant, scope, scopeId, granularity, from, to, limit) -> {
            throw new IllegalStateException("ProvisionedThroughputExceeded");
        };
        AlertNotifier notifier = new AlertNotifier(broken, new AlertMessageComposer(), sender);

        notifier.handle(event("budget-exhausted.json"));

        assertThat(sent).singleElement().satisfies(m -> assertThat(m.body()).contains("not available right now"));
    }
}
