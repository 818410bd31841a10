package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.alerts.AlertKey;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.rollup.alerts.BudgetAlert;
import com.gaterouter.rollup.notifier.AlertMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMailboxTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:15:00Z");
    private final MutableClock clock = new MutableClock(AT);

    @Test
    void eachEmailIsOneEmlFileNamedAfterWhenAndWhatAndARepeatIsFiledOnce(@TempDir Path root) throws Exception {
        LocalMailbox mailbox = new LocalMailbox(root.resolve("outbox/mail"), clock);
        BudgetAlert alert = alert(80);
        AlertMessage message = new AlertMessage("[GateRouter] Marketing reached 80 % of its November budget",
                "Marketing has spent $402.00.\n", List.of("finance@acme.example"));

        mailbox.send(alert, message);
        clock.advance(Duration.ofMinutes(15));
        mailbox.send(alert, message); // the event re-published after a failure

        assertThat(mailbox.files()).singleElement().satisfies(file -> {
            assertThat(file.getFileName().toString()).isEqualTo("20261124T101500Z-acme_department_d1_2026-11_80.eml");
            String eml = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(eml).startsWith("From: GateRouter <alerts@gaterouter.local>\r\nTo: finance@acme.example\r\n")
                    .contains("\r\nSubject: [GateRouter] Marketing reached 80 % of its November budget\r\n")
                    .contains("\r\nDate: Tue, 24 Nov 2026 10:15:00 +0000\r\n")
                    .contains("\r\nMessage-ID: <acme:department:d1:2026-11:80@gaterouter.local>\r\n")
                    .endsWith("\r\n\r\nMarketing has spent $402.00.\r\n");
        });

        mailbox.send(alert(100), new AlertMessage("[GateRouter] Marketing exhausted its November budget", "b\n", List.of()));
        assertThat(mailbox.files()).extracting(p -> p.getFileName().toString())
                .containsExactly("20261124T101500Z-acme_department_d1_2026-11_80.eml", "20261124T103000Z-acme_department_d1_2026-11_100.eml");
    }

    @Test
    void theOutboxHandsEachWrittenEventToItsDeliveryAndADeliveryThatFailsDoesNotFailThePublish(@TempDir Path root) {
        List<ObjectNode> delivered = new ArrayList<>();
        LocalOutbox outbox = new LocalOutbox(root.resolve("outbox/alerts.jsonl"), clock, envelope -> {
            delivered.add(envelope);
            throw new IllegalStateException("the notifier is down");
        });

        outbox.publish(List.of(new GatewayEvent("Budget Exhausted", "{\"alertId\":\"a\"}")));

        assertThat(outbox.read()).hasSize(1);
        assertThat(delivered).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Budget Exhausted");
            assertThat(e.path("detail").path("alertId").asText()).isEqualTo("a");
        });
    }

    private static BudgetAlert alert(int percent) {
        AlertPeriod november = AlertPeriod.month(YearMonth.of(2026, 11), ZoneId.of("Europe/Paris"));
        AlertKey key = new AlertKey("acme", BudgetScope.DEPARTMENT, "d1", november.id(), new AlertTrigger.Threshold(percent));
        return new BudgetAlert(key, "Acme", "Marketing", november, "80.4", 402_000_000, 500_000_000, Optional.empty(),
                List.of("finance@acme.example"), AT);
    }
}
