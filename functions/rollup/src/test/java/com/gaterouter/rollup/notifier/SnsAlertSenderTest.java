package com.gaterouter.rollup.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

class SnsAlertSenderTest {

    @Test
    void subjectsAreMadeAcceptableToSns() {
        assertThat(SnsAlertSender.snsSubject("[GateRouter] Recherche & Développement reached 80 % of its Décembre budget"))
                .isEqualTo("[GateRouter] Recherche & Developpement reached 80 % of its Decembre budget");
        assertThat(SnsAlertSender.snsSubject("[GateRouter] 営業 reached 50 %\nof its budget"))
                .isEqualTo("[GateRouter] ?? reached 50 % of its budget");
        String longName = "[GateRouter] " + "x".repeat(200);
        assertThat(SnsAlertSender.snsSubject(longName)).hasSize(99).endsWith("...");
    }

    @Test
    void attributesCarryRecipientsForFilterPolicies() throws IOException {
        var alert = AlertMessageComposerTest.sample("budget-threshold-crossed.json");
        var message = new AlertMessageComposer().compose(alert, SpendBreakdown.unavailable("test"));

        var attributes = SnsAlertSender.attributes(alert, message);

        assertThat(attributes.get("recipients")).isEqualTo(MessageAttributeValue.builder().dataType("String.Array")
                .stringValue("[\"finance@acme.example\"]").build());
        assertThat(attributes.get("tenantId").stringValue()).isEqualTo("acme");
        assertThat(attributes.get("detailType").stringValue()).isEqualTo("Budget Threshold Crossed");
        assertThat(attributes.get("alertId").stringValue()).isEqualTo("acme:department:dept_1:2026-11:80");
    }
}
