package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.AlertFixtures;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.alerts.AlertKey;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.FutureYear;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET …/{tenantId}/alerts}: the budget alerts the alert pass claimed in the ledger, newest first,
 * with their detail-type and state; filtered by month and scope; department admins see their
 * department's scopes only, members nothing. Alert periods are in {@link FutureYear} (ledger entries
 * carry a TTL that DynamoDB Local sweeps on the machine's clock); every instant is relative to the
 * harness's clock.
 */
class AlertsApiTest extends WithOneTenant {

    private AlertFixtures alerts;
    private String path;
    private String dept1;
    private String dept2;
    private String project1;
    private String member1;
    private String key1;
    private String departmentAdmin;
    private String finance;
    private String member;
    private final List<AlertKey> fired = new ArrayList<>();
    private AlertKey tenantFeb80;
    private AlertKey dept1Feb50;
    private AlertKey dept1Day100;
    private AlertKey project1Forecast;
    private AlertKey dept2Feb80;
    private AlertKey key1Jan50;
    private AlertKey member1Feb100;

    AlertsApiTest() {
        super("alerts");
    }

    @BeforeEach
    void world() {
        alerts = new AlertFixtures(h);
        String t = tenant.tenantId();
        path = base + "/alerts";
        dept1 = f.department(t, "Engineering");
        dept2 = f.department(t, "Sales");
        project1 = f.project(t, dept1, "Chat");
        member1 = f.user(t, dept1, "member");
        key1 = f.appKey(t, member1, project1).keyId();
        departmentAdmin = f.adminKey(t, f.user(t, dept1, "department_admin")).secret();
        finance = f.adminKey(t, f.user(t, null, "finance")).secret();
        member = f.adminKey(t, member1).secret();

        Instant now = h.clock.instant();
        String feb = FutureYear.month(2).toString();
        member1Feb100 = fire(BudgetScope.USER, member1, "member user", feb, new AlertTrigger.Threshold(100), now.minus(Duration.ofDays(1)), true);
        dept2Feb80 = fire(BudgetScope.DEPARTMENT, dept2, "Sales", feb, new AlertTrigger.Threshold(80), now.minus(Duration.ofDays(3)), true);
        project1Forecast = fire(BudgetScope.PROJECT, project1, "Chat", feb, new AlertTrigger.Forecast(), now.minus(Duration.ofDays(5)), true);
        tenantFeb80 = fire(BudgetScope.TENANT, t, "alerts", feb, new AlertTrigger.Threshold(80), now.minus(Duration.ofDays(10)), true);
        dept1Day100 = fire(BudgetScope.DEPARTMENT, dept1, "Engineering", FutureYear.date(2, 14).toString(), new AlertTrigger.Threshold(100),
                now.minus(Duration.ofDays(15)), false);
        dept1Feb50 = fire(BudgetScope.DEPARTMENT, dept1, "Engineering", feb, new AlertTrigger.Threshold(50), now.minus(Duration.ofDays(20)), true);
        key1Jan50 = fire(BudgetScope.KEY, key1, "app key", FutureYear.month(1).toString(), new AlertTrigger.Threshold(50),
                now.minus(Duration.ofDays(40)), true);
    }

    private AlertKey fire(BudgetScope scope, String scopeId, String name, String period, AlertTrigger trigger, Instant at, boolean published) {
        AlertKey key = alerts.fire(tenant.tenantId(), scope, scopeId, name, period, trigger, at, published);
        fired.add(key);
        return key;
    }

    private JsonNode list(String secret, String query) {
        Reply reply = h.as(secret, "GET", path + query, null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("data").forEach(a -> ids.add(a.path("alertId").asText()));
        return ids;
    }

    private static List<String> ids(AlertKey... keys) {
        return java.util.Arrays.stream(keys).map(AlertKey::alertId).toList();
    }

    @Test
    void aTenantAdminListsEveryAlertNewestFirstWithItsTypeAndState() throws Exception {
        JsonNode page = list(tenant.adminKey().secret(), "");

        assertThat(ids(page)).containsExactlyElementsOf(ids(member1Feb100, dept2Feb80, project1Forecast, tenantFeb80, dept1Day100,
                dept1Feb50, key1Jan50));
        assertThat(page.path("nextToken").isNull()).isTrue();
        JsonNode exhausted = page.path("data").get(4);
        ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(AlertFixtures.detail(dept1Day100, "Engineering",
                com.gaterouter.common.alerts.AlertPeriod.day(FutureYear.date(2, 14), java.time.ZoneId.of("Europe/Paris")),
                h.clock.instant().minus(Duration.ofDays(15))));
        expected.put("type", "Budget Exhausted");
        expected.put("state", "pending");
        assertThat(exhausted).as("the stored detail, with type and state").isEqualTo(expected);
        assertThat(page.path("data").get(0).path("type").asText()).isEqualTo("Budget Exhausted");
        assertThat(page.path("data").get(0).path("state").asText()).isEqualTo("published");
        assertThat(page.path("data").get(1).path("type").asText()).isEqualTo("Budget Threshold Crossed");
        assertThat(page.path("data").get(2).path("type").asText()).isEqualTo("Spend Forecast Exceeded");
        assertThat(page.path("data").get(2).path("thresholdPercent").isNull()).isTrue();
        assertThat(page.path("data").get(3).path("spendUsd").asText()).isEqualTo("402.000000");
        assertThat(page.path("data").get(3).path("spendUsdMicros").asLong()).isEqualTo(402_000_000);
    }

    @Test
    void anAlertSupersededByAHigherOneOfThePassIsListedAsSuperseded() throws Exception {
        String feb = FutureYear.month(2).toString();
        AlertKey dept2Feb50 = new AlertKey(tenant.tenantId(), BudgetScope.DEPARTMENT, dept2, feb, new AlertTrigger.Threshold(50));
        com.gaterouter.common.alerts.AlertPeriod period = com.gaterouter.common.alerts.AlertPeriod.month(
                java.time.YearMonth.parse(feb), java.time.ZoneId.of("Europe/Paris"));
        Instant at = h.clock.instant().minus(Duration.ofDays(3));
        assertThat(h.alerts.supersede(dept2Feb50, AlertFixtures.detail(dept2Feb50, "Sales", period, at),
                com.gaterouter.common.alerts.AlertLedger.retention(period), at)).isTrue();

        JsonNode page = list(tenant.adminKey().secret(), "?scope=department&scopeId=" + dept2);

        assertThat(page.path("data")).extracting(a -> a.path("alertId").asText() + "=" + a.path("state").asText())
                .containsExactlyInAnyOrder(dept2Feb80.alertId() + "=published", dept2Feb50.alertId() + "=superseded");
    }

    @Test
    void aMonthHoldsItsMonthlyAndItsDailyPeriods() {
        String admin = tenant.adminKey().secret();
        assertThat(ids(list(admin, "?month=" + FutureYear.month(2)))).containsExactlyElementsOf(ids(member1Feb100, dept2Feb80,
                project1Forecast, tenantFeb80, dept1Day100, dept1Feb50));
        assertThat(ids(list(admin, "?month=" + FutureYear.month(1)))).containsExactlyElementsOf(ids(key1Jan50));
        assertThat(ids(list(admin, "?month=" + FutureYear.month(3)))).isEmpty();
    }

    @Test
    void scopeAndScopeIdFilter() {
        String admin = tenant.adminKey().secret();
        assertThat(ids(list(admin, "?scope=department&scopeId=" + dept1))).containsExactlyElementsOf(ids(dept1Day100, dept1Feb50));
        assertThat(ids(list(admin, "?scope=department"))).containsExactlyElementsOf(ids(dept2Feb80, dept1Day100, dept1Feb50));
        assertThat(ids(list(admin, "?scope=key&month=" + FutureYear.month(1)))).containsExactlyElementsOf(ids(key1Jan50));
        assertThat(ids(list(admin, "?scope=project&scopeId=" + dept1))).as("a department id is no project").isEmpty();
    }

    @Test
    void financeSeesTheWholeTenantADepartmentAdminTheirDepartmentsScopesAndAMemberNothing() {
        assertThat(ids(list(finance, ""))).hasSize(fired.size());

        // department 1, its project, its member and the member's key; not the tenant's, not department 2's
        assertThat(ids(list(departmentAdmin, ""))).containsExactlyElementsOf(ids(member1Feb100, project1Forecast, dept1Day100,
                dept1Feb50, key1Jan50));
        assertThat(ids(list(departmentAdmin, "?scope=department&scopeId=" + dept2))).as("filtered, not refused").isEmpty();
        assertThat(ids(list(departmentAdmin, "?scope=tenant"))).isEmpty();

        Reply refused = h.as(member, "GET", path, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("permission_denied");

        Fixtures.TenantWithAdmin other = f.tenant("alerts-other");
        Reply foreign = h.as(other.adminKey().secret(), "GET", path, null);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.text()).doesNotContain(dept1).doesNotContain("Engineering");
        Reply own = h.as(other.adminKey().secret(), "GET", Fixtures.base(other.tenantId()) + "/alerts", null);
        assertThat(own.status()).isEqualTo(200);
        assertThat(ids(own.json())).as("another tenant's ledger is its own").isEmpty();
    }

    @Test
    void pagesFollowNextTokenAndAnAlertFiredBetweenPagesNeitherRepeatsNorHidesOne() {
        String admin = tenant.adminKey().secret();
        JsonNode first = list(admin, "?limit=3");
        assertThat(ids(first)).containsExactlyElementsOf(ids(member1Feb100, dept2Feb80, project1Forecast));
        String token = first.path("nextToken").asText();
        assertThat(token).isNotBlank();

        AlertKey newest = fire(BudgetScope.TENANT, tenant.tenantId(), "alerts", FutureYear.month(2).toString(), new AlertTrigger.Threshold(100),
                h.clock.instant(), false);

        JsonNode second = list(admin, "?limit=3&nextToken=" + token);
        assertThat(ids(second)).containsExactlyElementsOf(ids(tenantFeb80, dept1Day100, dept1Feb50));
        JsonNode third = list(admin, "?limit=3&nextToken=" + second.path("nextToken").asText());
        assertThat(ids(third)).containsExactlyElementsOf(ids(key1Jan50));
        assertThat(third.path("nextToken").isNull()).isTrue();
        assertThat(ids(list(admin, "")).getFirst()).isEqualTo(newest.alertId());

        // a token belongs to its list: with other filters, or for another caller, it is refused
        Reply otherList = h.as(admin, "GET", path + "?limit=3&scope=department&nextToken=" + token, null);
        assertThat(otherList.status()).isEqualTo(400);
        assertThat(otherList.errorParam()).isEqualTo("nextToken");
        assertThat(h.as(finance, "GET", path + "?limit=3&nextToken=" + token, null).status()).isEqualTo(400);
    }

    @Test
    void badFiltersAre400WithTheirParam() {
        String admin = tenant.adminKey().secret();
        for (String[] bad : new String[][] {{"?month=" + FutureYear.YEAR + "-13", "month"}, {"?month=" + FutureYear.YEAR + "02", "month"},
                {"?month=" + FutureYear.month(2) + "-01", "month"}, {"?scope=team", "scope"}, {"?scopeId=" + dept1, "scopeId"},
                {"?scope=department&scopeId=a/b", "scopeId"}, {"?period=" + FutureYear.month(2), "period"}, {"?limit=0", "limit"}}) {
            Reply reply = h.as(admin, "GET", path + bad[0], null);
            assertThat(reply.status()).as(bad[0] + ": " + reply).isEqualTo(400);
            assertThat(reply.errorParam()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(h.as(admin, "POST", path, "{}").status()).isEqualTo(405);
    }

    @Test
    void anEntryWithoutAReadableDetailIsLeftOutNotA500() {
        AlertKey broken = new AlertKey(tenant.tenantId(), BudgetScope.DEPARTMENT, dept1, FutureYear.month(2).toString(),
                new AlertTrigger.Threshold(90));
        h.alerts.claim(broken, "not json", FutureYear.instant("YYYY-06-01T00:00:00Z"), h.clock.instant(), Duration.ofMinutes(5));

        assertThat(ids(list(tenant.adminKey().secret(), ""))).hasSize(fired.size()).doesNotContain(broken.alertId());
    }

    @Test
    void withoutALedgerTheRouteAuthorizesThenAnswers501() throws Exception {
        AdminApp withoutLedger = new AdminApp(h.accounts, h.apiKeys, h.clock);
        var answer = (ApiResponse.Buffered) withoutLedger.handle(AdminHarness.request("GET", path, null, tenant.adminKey().secret()));
        assertThat(answer.status()).isEqualTo(501);
        assertThat(Json.MAPPER.readTree(answer.bodyText()).path("error").path("code").asText()).isEqualTo("not_available");
        var refused = (ApiResponse.Buffered) withoutLedger.handle(AdminHarness.request("GET", path, null, member));
        assertThat(refused.status()).isEqualTo(403);
    }
}
