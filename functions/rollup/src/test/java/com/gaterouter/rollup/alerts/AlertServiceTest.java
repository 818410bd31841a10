package com.gaterouter.rollup.alerts;

import com.gaterouter.common.alerts.AlertLedger;
import com.gaterouter.common.alerts.AlertKey;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.common.alerts.InMemoryAlertLedger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.events.EventPublishException;
import com.gaterouter.common.events.EventPublisher;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.events.InMemoryEventPublisher;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.rollup.testing.AccountsFixture;
import com.gaterouter.rollup.testing.FixedSpend;
import com.gaterouter.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DynamoDbLocalExtension.class)
class AlertServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** 2 November, 12:00 in Paris: 5 % of the month has passed, too early for a forecast. */
    private static final Instant EARLY = Instant.parse("2026-11-02T11:00:00Z");
    /** 24 November: 78 % of the month has passed. */
    private static final Instant LATE = Instant.parse("2026-11-24T10:15:00Z");

    private final FixedSpend spend = new FixedSpend();
    private final InMemoryEventPublisher bus = new InMemoryEventPublisher();
    private final InMemoryAlertLedger ledger = new InMemoryAlertLedger();
    private final MutableClock clock = new MutableClock(EARLY);
    private DynamoDbAccountStore accounts;
    private AccountsFixture fixture;
    private String tenantId;
    private String departmentId;
    private Counter month;

    @BeforeEach
    void tenantWithADepartmentBudget(LocalTables tables) {
        accounts = new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS), tables.name(GatewayTable.API_KEYS));
        fixture = new AccountsFixture(accounts);
        tenantId = AccountsFixture.id("acme");
        departmentId = AccountsFixture.id("dept");
        fixture.tenant(tenantId, "Acme", PARIS);
        fixture.department(tenantId, departmentId, "Marketing");
        fixture.budget(tenantId, BudgetScope.DEPARTMENT, departmentId, 500_000_000, 0, List.of(), List.of("finance@acme.example"));
        month = new Counter(tenantId, BudgetScope.DEPARTMENT, departmentId, new Window.Month(YearMonth.of(2026, 11)));
    }

    private AlertService service(EventPublisher publisher) {
        return new AlertService(accounts, spend, ledger, publisher, clock);
    }

    @Test
    void eachDefaultThresholdFiresOnceAsItIsCrossedAndNeverAgain() throws Exception {
        AlertService service = service(bus);

        spend.set(month, 249_999_999);
        service.runTenant(tenantId);
        assertThat(bus.published()).isEmpty();

        spend.set(month, 260_000_000);
        AlertRun run = service.runTenant(tenantId);
        assertThat(run.published()).isEqualTo(1);
        spend.set(month, 402_000_000);
        service.runTenant(tenantId);
        spend.set(month, 500_000_000);
        service.runTenant(tenantId);
        for (int i = 0; i < 5; i++) {
            assertThat(service.runTenant(tenantId).published()).isZero();
        }

        assertThat(bus.published()).extracting(GatewayEvent::detailType)
                .containsExactly("Budget Threshold Crossed", "Budget Threshold Crossed", "Budget Exhausted");
        JsonNode eighty = JSON.readTree(bus.published().get(1).detailJson());
        String alertId = tenantId + ":department:" + departmentId + ":2026-11:80";
        assertThat(eighty.path("alertId").asText()).isEqualTo(alertId);
        assertThat(eighty.path("tenantName").asText()).isEqualTo("Acme");
        assertThat(eighty.path("scope").asText()).isEqualTo("department");
        assertThat(eighty.path("scopeName").asText()).isEqualTo("Marketing");
        assertThat(eighty.path("period")).isEqualTo(JSON.readTree("""
                {"kind":"monthly","id":"2026-11","start":"2026-11-01","end":"2026-11-30","timeZone":"Europe/Paris"}"""));
        assertThat(eighty.path("thresholdPercent").asInt()).isEqualTo(80);
        assertThat(eighty.path("percentUsed").asText()).isEqualTo("80.4");
        assertThat(eighty.path("spendUsdMicros").asLong()).isEqualTo(402_000_000);
        assertThat(eighty.path("spendUsd").asText()).isEqualTo("402.000000");
        assertThat(eighty.path("budgetUsd").asText()).isEqualTo("500.000000");
        assertThat(eighty.path("forecast").isNull()).as("too early in the month for a forecast").isTrue();
        assertThat(eighty.path("recipients")).containsExactly(JSON.getNodeFactory().textNode("finance@acme.example"));
        assertThat(eighty.path("occurredAt").asText()).isEqualTo(EARLY.toString());
        assertThat(ledger.entries(tenantId)).hasSize(3).allMatch(e -> e.state() == AlertLedger.State.PUBLISHED);
    }

    @Test
    void aJumpPastSeveralThresholdsSendsOnlyTheHighestAndSupersedesTheRestForGood() throws Exception {
        spend.set(month, 520_000_000); // 104 %: 50, 80 and 100 reached in one pass

        AlertRun run = service(bus).runTenant(tenantId);

        assertThat(run.published()).isEqualTo(1);
        assertThat(run.superseded()).isEqualTo(2);
        assertThat(bus.published()).extracting(AlertServiceTest::alertId).containsExactly(key("100"));
        assertThat(bus.published()).extracting(GatewayEvent::detailType).containsExactly("Budget Exhausted");
        assertThat(ledger.entries(tenantId)).extracting(e -> e.key().trigger().key() + "=" + e.state())
                .containsExactlyInAnyOrder("50=SUPERSEDED", "80=SUPERSEDED", "100=PUBLISHED");
        JsonNode fifty = JSON.readTree(ledger.entries(tenantId).stream()
                .filter(e -> e.key().alertId().equals(key("50"))).findFirst().orElseThrow().detailJson());
        assertThat(fifty.path("spendUsdMicros").asLong()).as("what it would have said, kept for the record").isEqualTo(520_000_000);

        clock.advance(Duration.ofHours(3));
        for (int i = 0; i < 3; i++) {
            AlertRun again = service(bus).runTenant(tenantId);
            assertThat(again.published() + again.superseded()).isZero();
        }
        assertThat(bus.published()).hasSize(1);
    }

    @Test
    void thresholdsCrossedInSeparatePassesEachSendTheirOwn() {
        AlertService service = service(bus);
        spend.set(month, 420_000_000); // 84 %: 50 superseded, 80 sent
        service.runTenant(tenantId);
        spend.set(month, 500_000_000);
        service.runTenant(tenantId);

        assertThat(bus.published()).extracting(AlertServiceTest::alertId).containsExactly(key("80"), key("100"));
    }

    @Test
    void aThresholdSentInAPassSupersedesTheForecastOfThatPass() throws Exception {
        clock.set(LATE);
        spend.set(month, 402_000_000); // 80.4 % after 78 % of the month: 514 by its end

        service(bus).runTenant(tenantId);
        service(bus).runTenant(tenantId);

        assertThat(bus.published()).extracting(AlertServiceTest::alertId).containsExactly(key("80"));
        JsonNode eighty = JSON.readTree(bus.published().getFirst().detailJson());
        assertThat(eighty.path("forecast").path("exceedsOn").asText()).as("the e-mail carries the forecast").isEqualTo("2026-11-30");
        assertThat(ledger.entries(tenantId)).extracting(e -> e.key().trigger().key() + "=" + e.state())
                .containsExactlyInAnyOrder("50=SUPERSEDED", "80=PUBLISHED", "forecast=SUPERSEDED");
    }

    @Test
    void aStaleLowerClaimIsSupersededWhenAHigherThresholdIsSent() {
        AlertKey fifty = new AlertKey(tenantId, BudgetScope.DEPARTMENT, departmentId, "2026-11", new AlertTrigger.Threshold(50));
        ledger.claim(fifty, "{\"alertId\":\"" + fifty.alertId() + "\"}", LATE, EARLY.minus(Duration.ofHours(1)),
                AlertService.DEFAULT_LEASE); // a run that died an hour ago
        spend.set(month, 410_000_000);

        AlertRun run = service(bus).runTenant(tenantId);

        assertThat(run.republished()).isZero();
        assertThat(bus.published()).extracting(AlertServiceTest::alertId).containsExactly(key("80"));
        assertThat(ledger.entries(tenantId)).extracting(e -> e.key().trigger().key() + "=" + e.state())
                .containsExactlyInAnyOrder("50=SUPERSEDED", "80=PUBLISHED");
    }

    @Test
    void anExhaustedBudgetAlsoTellsItsEscalationRecipientsAndItsProjectsInheritThem() throws Exception {
        String sales = AccountsFixture.id("sales");
        String project = AccountsFixture.id("proj");
        fixture.department(tenantId, sales, "Sales");
        fixture.project(tenantId, project, sales, "Chat");
        fixture.budget(tenantId, BudgetScope.DEPARTMENT, sales, 100_000_000, 0, List.of(), List.of("finance@acme.example"),
                List.of("cfo@acme.example", "finance@acme.example"));
        fixture.budget(tenantId, BudgetScope.PROJECT, project, 10_000_000, 0, List.of(), List.of());
        Counter salesMonth = new Counter(tenantId, BudgetScope.DEPARTMENT, sales, new Window.Month(YearMonth.of(2026, 11)));
        Counter projectMonth = new Counter(tenantId, BudgetScope.PROJECT, project, new Window.Month(YearMonth.of(2026, 11)));
        AlertService service = service(bus);

        spend.set(salesMonth, 85_000_000);
        service.runTenant(tenantId);
        spend.set(salesMonth, 100_000_000);
        spend.set(projectMonth, 10_000_000);
        service.runTenant(tenantId);

        assertThat(bus.published()).extracting(e -> alertId(e) + " " + detail(e).path("recipients")).containsExactlyInAnyOrder(
                tenantId + ":department:" + sales + ":2026-11:80 [\"finance@acme.example\"]",
                tenantId + ":department:" + sales + ":2026-11:100 [\"finance@acme.example\",\"cfo@acme.example\"]",
                tenantId + ":project:" + project + ":2026-11:100 [\"finance@acme.example\",\"cfo@acme.example\"]");
    }

    @Test
    void theForecastFiresOncePerPeriodWhenThePaceWouldExceedTheBudget() throws Exception {
        clock.set(LATE);
        spend.set(month, 260_000_000); // 52 %: on pace for 332
        service(bus).runTenant(tenantId);
        spend.set(month, 395_000_000); // 79 % after 78 % of the month: 505 by its end

        service(bus).runTenant(tenantId);
        service(bus).runTenant(tenantId);

        assertThat(bus.published()).extracting(GatewayEvent::detailType)
                .containsExactly("Budget Threshold Crossed", "Spend Forecast Exceeded");
        JsonNode forecast = JSON.readTree(bus.published("Spend Forecast Exceeded").getFirst().detailJson());
        assertThat(forecast.path("alertId").asText()).isEqualTo(key("forecast"));
        assertThat(forecast.path("thresholdPercent").isNull()).isTrue();
        assertThat(forecast.path("forecast").path("exceedsOn").asText()).isEqualTo("2026-11-30");
        assertThat(forecast.path("forecast").path("spendUsdMicros").asLong()).isBetween(504_000_000L, 506_000_000L);
    }

    @Test
    void noForecastOnceTheBudgetIsSpent() {
        clock.set(LATE);
        spend.set(month, 500_000_000);

        service(bus).runTenant(tenantId);

        assertThat(bus.published("Spend Forecast Exceeded")).isEmpty();
        assertThat(bus.published("Budget Exhausted")).hasSize(1);
    }

    @Test
    void aFailedPublishIsReleasedAndThePublishedDetailIsTheFirstClaimsOnTheRetry() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        EventPublisher flaky = events -> {
            if (down.get()) {
                throw new EventPublishException("bus down", events.stream().map(GatewayEvent::detailType).toList());
            }
            bus.publish(events);
        };
        spend.set(month, 260_000_000);
        AlertRun failed = service(flaky).runTenant(tenantId);
        assertThat(failed.failed()).isEqualTo(1);
        assertThat(bus.published()).isEmpty();

        // spend moved on meanwhile; the retry still sends the crossing as first seen
        down.set(false);
        clock.advance(Duration.ofMinutes(15));
        spend.set(month, 300_000_000);
        AlertRun retried = service(flaky).runTenant(tenantId);

        assertThat(retried.republished()).isEqualTo(1);
        assertThat(bus.published()).hasSize(1);
        JsonNode detail = JSON.readTree(bus.published().getFirst().detailJson());
        assertThat(detail.path("alertId").asText()).isEqualTo(key("50"));
        assertThat(detail.path("spendUsdMicros").asLong()).isEqualTo(260_000_000);
        assertThat(detail.path("occurredAt").asText()).isEqualTo(EARLY.toString());
    }

    @Test
    void aClaimWhoseRunDiedWaitsForItsLeaseThenIsRepublished() {
        spend.set(month, 260_000_000);
        AlertKey fifty = new AlertKey(tenantId, BudgetScope.DEPARTMENT, departmentId, "2026-11", new AlertTrigger.Threshold(50));
        // a run claimed the alert and died before publishing
        ledger.claim(fifty, "{\"alertId\":\"" + fifty.alertId() + "\",\"from\":\"the dead run\"}", LATE, EARLY,
                AlertService.DEFAULT_LEASE);

        AlertRun during = service(bus).runTenant(tenantId);
        assertThat(during.held()).isEqualTo(1);
        assertThat(bus.published()).isEmpty();

        clock.advance(AlertService.DEFAULT_LEASE.plusSeconds(1));
        AlertRun after = service(bus).runTenant(tenantId);

        assertThat(after.republished()).isEqualTo(1);
        assertThat(bus.published()).singleElement().satisfies(e -> {
            assertThat(e.detailType()).isEqualTo("Budget Threshold Crossed");
            assertThat(e.detailJson()).contains("the dead run");
        });
        assertThat(service(bus).runTenant(tenantId).published()).isZero();
        assertThat(bus.published()).hasSize(1);
    }

    @Test
    void anAbandonedClaimOfAClosedPeriodIsStillRepublished() {
        AlertKey october = new AlertKey(tenantId, BudgetScope.DEPARTMENT, departmentId, "2026-10", new AlertTrigger.Threshold(80));
        ledger.claim(october, "{\"alertId\":\"" + october.alertId() + "\"}", LATE, EARLY.minus(Duration.ofDays(1)),
                AlertService.DEFAULT_LEASE);

        AlertRun run = service(bus).runTenant(tenantId);

        assertThat(run.republished()).isEqualTo(1);
        assertThat(bus.published()).extracting(AlertServiceTest::alertId).containsExactly(october.alertId());
    }

    @Test
    void dailyBudgetsAlertPerDayAndTheClosedDayIsStillEvaluatedShortlyAfterMidnight() {
        String projectId = AccountsFixture.id("prj");
        fixture.project(tenantId, projectId, departmentId, "Apollo");
        fixture.budget(tenantId, BudgetScope.PROJECT, projectId, 0, 10_000_000, List.of(90), List.of());
        Counter nov1 = new Counter(tenantId, BudgetScope.PROJECT, projectId, new Window.Day(LocalDate.of(2026, 11, 1)));
        spend.set(nov1, 9_500_000);
        // 00:30 on 2 November in Paris: 1 November closed half an hour ago
        clock.set(Instant.parse("2026-11-01T23:30:00Z"));

        service(bus).runTenant(tenantId);

        GatewayEvent event = bus.published().getFirst();
        assertThat(bus.published()).hasSize(1);
        assertThat(alertId(event)).isEqualTo(tenantId + ":project:" + projectId + ":2026-11-01:90");
        assertThat(event.detailJson()).contains("\"scopeName\":\"Apollo\"")
                .contains("\"kind\":\"daily\"")
                // a project budget without recipients uses its department's
                .contains("\"recipients\":[\"finance@acme.example\"]");

        clock.set(Instant.parse("2026-11-02T03:00:00Z")); // past the closing grace: 1 November is not looked at again
        spend.set(nov1, 10_000_000);
        service(bus).runTenant(tenantId);
        assertThat(bus.published()).hasSize(1);
    }

    @Test
    void runAllStopsAtItsDeadline() {
        spend.set(month, 260_000_000);

        AlertRun run = service(bus).runAll(clock.instant());

        assertThat(run.complete()).isFalse();
        assertThat(run.tenants()).isZero();
        assertThat(bus.published()).isEmpty();
    }

    @Test
    void runAllCoversEveryTenant() {
        spend.set(month, 260_000_000);

        AlertRun run = service(bus).runAll(clock.instant().plusSeconds(60));

        assertThat(run.complete()).isTrue();
        assertThat(bus.published()).extracting(AlertServiceTest::alertId).contains(key("50"));
    }

    @Test
    void anUnknownTenantIsAnError() {
        assertThatThrownBy(() -> service(bus).runTenant("nobody-" + tenantId)).isInstanceOf(IllegalArgumentException.class);
    }

    private String key(String trigger) {
        return tenantId + ":department:" + departmentId + ":2026-11:" + trigger;
    }

    private static JsonNode detail(GatewayEvent event) {
        try {
            return JSON.readTree(event.detailJson());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String alertId(GatewayEvent event) {
        try {
            return JSON.readTree(event.detailJson()).path("alertId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
