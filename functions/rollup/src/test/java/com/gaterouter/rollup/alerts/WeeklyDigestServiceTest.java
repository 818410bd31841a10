package com.gaterouter.rollup.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.alerts.InMemoryDigestLedger;
import com.gaterouter.common.alerts.SpendForecast;
import com.gaterouter.common.events.EventPublishException;
import com.gaterouter.common.events.EventPublisher;
import com.gaterouter.common.events.GatewayEvent;
import com.gaterouter.common.events.InMemoryEventPublisher;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupRow;
import com.gaterouter.common.rollup.RollupTotals;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.common.testing.RepositoryRoot;
import com.gaterouter.rollup.testing.AccountsFixture;
import com.gaterouter.rollup.testing.FixedSpend;
import java.nio.file.Files;
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
class WeeklyDigestServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Monday 30 November, 06:00 UTC: the week before is 2026-W48, 23 to 29 November. */
    private static final Instant MONDAY = Instant.parse("2026-11-30T06:00:00Z");

    private final FixedSpend spend = new FixedSpend();
    private final InMemoryEventPublisher bus = new InMemoryEventPublisher();
    private final InMemoryDigestLedger ledger = new InMemoryDigestLedger();
    private final MutableClock clock = new MutableClock(MONDAY);
    private DynamoDbAccountStore accounts;
    private DynamoDbRollupStore rollups;
    private AccountsFixture fixture;
    private String tenantId;
    private String marketing;
    private String sales;

    @BeforeEach
    void tenantWithTwoDepartments(LocalTables tables) {
        accounts = new DynamoDbAccountStore(tables.client(), tables.name(GatewayTable.ACCOUNTS), tables.name(GatewayTable.API_KEYS));
        rollups = new DynamoDbRollupStore(tables.client(), tables.name(GatewayTable.ROLLUPS));
        fixture = new AccountsFixture(accounts);
        tenantId = AccountsFixture.id("acme");
        marketing = AccountsFixture.id("mkt");
        sales = AccountsFixture.id("sales");
        String noBudget = AccountsFixture.id("ops");
        fixture.tenant(tenantId, "Acme", ZoneId.of("Europe/Paris"));
        fixture.department(tenantId, marketing, "Marketing");
        fixture.department(tenantId, sales, "Sales");
        fixture.department(tenantId, noBudget, "Ops");
        fixture.budget(tenantId, BudgetScope.TENANT, tenantId, 0, 0, List.of(), List.of("finance@acme.example"));
        fixture.budget(tenantId, BudgetScope.DEPARTMENT, marketing, 500_000_000, 0, List.of(), List.of("lead@acme.example"));
        fixture.budget(tenantId, BudgetScope.DEPARTMENT, sales, 200_000_000, 0, List.of(), List.of());
        spend.set(new Counter(tenantId, BudgetScope.DEPARTMENT, marketing, new Window.Month(YearMonth.of(2026, 11))), 402_000_000);
        rollups.put(List.of(
                row(marketing, "2026-11-22", 7_000_000), // the Sunday before: not this week
                row(marketing, "2026-11-23", 40_000_000),
                row(marketing, "2026-11-29", 56_400_000),
                row(sales, "2026-11-25", 1_500_000),
                row(noBudget, "2026-11-25", 9_000_000),
                row(marketing, "2026-11-30", 3_000_000))); // today: next week's
    }

    private WeeklyDigestService service(EventPublisher publisher) {
        return new WeeklyDigestService(accounts, spend, rollups, ledger, publisher, clock);
    }

    @Test
    void eachDepartmentWithABudgetGetsLastWeeksDigestOnceToItsRecipients() throws Exception {
        WeeklyDigestService service = service(bus);

        WeeklyDigestService.DigestRun run = service.runTenant(tenantId);
        clock.advance(Duration.ofHours(20));
        WeeklyDigestService.DigestRun again = service.runTenant(tenantId);

        assertThat(run.sent()).isEqualTo(2);
        assertThat(again.sent()).isZero();
        assertThat(again.alreadySent()).isEqualTo(2);
        assertThat(bus.published()).extracting(GatewayEvent::detailType).containsOnly("Weekly Spend Digest");
        JsonNode m = detail(marketing);
        assertThat(m.path("digestId").asText()).isEqualTo(tenantId + ":department:" + marketing + ":2026-W48:digest");
        assertThat(m.path("scopeName").asText()).isEqualTo("Marketing");
        assertThat(m.path("week").toString()).isEqualTo("{\"id\":\"2026-W48\",\"start\":\"2026-11-23\",\"end\":\"2026-11-29\"}");
        assertThat(m.path("weekSpendUsdMicros").asLong()).isEqualTo(96_400_000);
        assertThat(m.path("weekSpendUsd").asText()).isEqualTo("96.400000");
        assertThat(m.path("monthToDateUsdMicros").asLong()).isEqualTo(402_000_000);
        assertThat(m.path("budgetUsd").asText()).isEqualTo("500.000000");
        assertThat(m.path("percentUsed").asText()).isEqualTo("80.4");
        assertThat(m.path("month").path("id").asText()).isEqualTo("2026-11");
        assertThat(m.path("forecast").path("exceedsOn").isNull()).as("on pace for 412 of 500").isTrue();
        assertThat(m.path("recipients").toString()).isEqualTo("[\"lead@acme.example\"]");
        JsonNode s = detail(sales);
        assertThat(s.path("weekSpendUsdMicros").asLong()).isEqualTo(1_500_000);
        assertThat(s.path("recipients").toString()).as("no recipients of its own: the tenant's").isEqualTo("[\"finance@acme.example\"]");
        assertThat(ledger.claims()).containsExactlyInAnyOrder(tenantId + "/" + marketing + "/2026-W48", tenantId + "/" + sales + "/2026-W48");
    }

    @Test
    void aFailedPublishIsRetriedByTheNextRun() {
        AtomicBoolean down = new AtomicBoolean(true);
        EventPublisher flaky = events -> {
            if (down.get()) {
                throw new EventPublishException("bus down", events.stream().map(GatewayEvent::detailType).toList());
            }
            bus.publish(events);
        };
        assertThat(service(flaky).runTenant(tenantId).failed()).isEqualTo(2);
        assertThat(ledger.claims()).isEmpty();

        down.set(false);
        assertThat(service(flaky).runTenant(tenantId).sent()).isEqualTo(2);
        assertThat(bus.published()).hasSize(2);
    }

    @Test
    void theNextWeekIsANewDigest() {
        service(bus).runTenant(tenantId);
        clock.advance(Duration.ofDays(7));

        service(bus).runTenant(tenantId);

        assertThat(bus.published()).extracting(GatewayEvent::detailJson)
                .filteredOn(d -> d.contains(marketing)).hasSize(2)
                .anySatisfy(d -> assertThat(d).contains("\"2026-W49\"").contains("\"weekSpendUsdMicros\":3000000"));
    }

    @Test
    void isoWeeksAcrossAYearEnd() {
        assertThat(WeeklyDigest.Week.containing(LocalDate.of(2026, 12, 31)))
                .isEqualTo(new WeeklyDigest.Week("2026-W53", LocalDate.of(2026, 12, 28), LocalDate.of(2027, 1, 3)));
        assertThat(WeeklyDigest.Week.before(LocalDate.of(2027, 1, 4)).id()).isEqualTo("2026-W53");
        assertThat(WeeklyDigest.Week.before(LocalDate.of(2027, 1, 10)).id()).as("a Sunday: its own week is not over").isEqualTo("2026-W53");
        assertThat(WeeklyDigest.Week.before(LocalDate.of(2027, 1, 11)).id()).isEqualTo("2027-W01");
    }

    @Test
    void theSampleEventRoundTripsAndItsFiguresAreTheirOwn() throws Exception {
        JsonNode event = JSON.readTree(Files.readString(RepositoryRoot.locate().resolve("events/weekly-spend-digest.json")));
        assertThat(event.path("detail-type").asText()).isEqualTo(WeeklyDigest.DETAIL_TYPE);

        WeeklyDigest digest = WeeklyDigestJson.fromNode(event.path("detail"));

        assertThat(JSON.readTree(WeeklyDigestJson.toJson(digest))).isEqualTo(event.path("detail"));
        assertThat(SpendForecast.project(digest.month(), digest.monthToDateUsdMicros(), digest.budgetUsdMicros(), digest.occurredAt()))
                .isEqualTo(digest.forecast());
        assertThat(BudgetAlert.percentUsed(digest.monthToDateUsdMicros(), digest.budgetUsdMicros())).isEqualTo(digest.percentUsed());
    }

    private JsonNode detail(String departmentId) throws Exception {
        for (GatewayEvent event : bus.published()) {
            JsonNode d = JSON.readTree(event.detailJson());
            if (d.path("scopeId").asText().equals(departmentId)) {
                return d;
            }
        }
        throw new AssertionError("no digest for " + departmentId);
    }

    private RollupRow row(String departmentId, String day, long costMicros) {
        return new RollupRow(tenantId, RollupDimension.DEPARTMENT, Granularity.DAY, day, departmentId,
                new RollupTotals(1, 0, 10, 0, 10, 0, costMicros, 0, 0, 0, 0, 0, 0, 0));
    }
}
