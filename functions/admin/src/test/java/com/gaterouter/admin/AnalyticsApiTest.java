package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.admin.testing.UsageFixtures;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.usage.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analytics routes on DynamoDB Local, with exact numbers. The tenant exists since YYYY-02-01;
 * "today" is YYYY-03-01, where YYYY is {@link FutureYear#YEAR} (the raw usage carries a TTL and
 * DynamoDB Local sweeps on the machine's clock). February is rolled up (watermark YYYY-02-28) and also present as raw
 * usage, as in production; today exists only as raw usage. One raw record of February is missing
 * from the roll-ups on purpose (a stray): answers that read February from the roll-ups never show it.
 *
 * <pre>
 *   day         key (user, department)   model                          tier      cost (µ$)   notes
 *   YYYY-02-10  kA (alice, Research)     openai/gpt-4o-mini             light     300 000     routed, reference 2 000 000
 *   YYYY-02-10  kB (bob, Sales)          openai/gpt-4o                  -       1 500 000
 *   YYYY-02-20  kB (bob, Sales)          openai/gpt-4o                  -               0     vendor failed
 *   YYYY-02-28  kA (alice, Research)     anthropic/claude-sonnet-4-5    heavy     900 000     routed, reference 900 000
 *   YYYY-03-01  kA (alice, Research)     openai/gpt-4o-mini             light     200 000     routed, reference 1 000 000 (raw only)
 *   YYYY-03-01  kB (bob, Sales)          openai/gpt-4o                  standard  700 000     shadow, would-be 250 000 (raw only)
 *   YYYY-02-10  kB (bob, Sales)          openai/gpt-4o                  -               5     stray: raw only, never rolled up
 *   YYYY-02-10  kB (bob, Sales)          openai/gpt-4o                  -               0     refused (429), rolled up
 *   YYYY-03-01  kA (alice, Research)     openai/gpt-4o-mini             light           0     refused (403), raw only
 * </pre>
 * The refusals fall on days, keys, models and tiers that have requests too, so they add no rows: they
 * show in the {@code refusals} column only, and in no other count.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class AnalyticsApiTest {

    private static final Instant TODAY = FutureYear.instant("YYYY-03-01T09:00:00Z");
    private static AdminHarness h;
    private static String t;
    private static String base;
    private static String admin;
    private static String deptAdmin;
    private static String finance;
    private static String member;
    private static String research;
    private static String sales;
    private static String alice;
    private static String bob;
    private static String kA;
    private static String kB;
    private static String kIdle;

    @BeforeAll
    static void world(LocalTables tables) {
        h = new AdminHarness(tables, FutureYear.instant("YYYY-02-01T08:00:00Z"));
        Fixtures f = new Fixtures(h);
        UsageFixtures usage = new UsageFixtures(h);
        Fixtures.TenantWithAdmin tenant = f.tenant("analytics");
        t = tenant.tenantId();
        base = Fixtures.base(t);
        admin = tenant.adminKey().secret();
        research = f.department(t, "Research");
        sales = f.department(t, "=Sales, Inc");
        String chat = f.project(t, research, "Chat");
        String bot = f.project(t, sales, "Bot");
        alice = user("Alice", research, "member");
        bob = user("Bob", sales, "member");
        deptAdmin = f.adminKey(t, user("Dana", research, "department_admin")).secret();
        finance = f.adminKey(t, user("Fin", null, "finance")).secret();
        member = f.adminKey(t, alice).secret();
        kA = f.appKey(t, alice, chat).keyId();
        kB = f.appKey(t, bob, bot).keyId();
        kIdle = f.appKey(t, alice, chat).keyId();
        String revokedIdle = f.appKey(t, bob, bot).keyId();
        assertThat(h.platform("POST", base + "/keys/" + revokedIdle + "/revoke", null).status()).isEqualTo(200);
        h.accounts.touchKey(t, kA, FutureYear.instant("YYYY-03-01T08:59:00Z"));

        Principal a = new Principal(t, research, chat, alice, kA);
        Principal b = new Principal(t, sales, bot, bob, kB);
        List<UsageRecord> february = List.of(
                UsageFixtures.refused(b, "openai/gpt-4o", FutureYear.instant("YYYY-02-10T09:00:00Z"), 429, Optional.empty()),
                UsageFixtures.request(a, "openai/gpt-4o-mini", FutureYear.instant("YYYY-02-10T10:00:00Z"), 1000, 500, 300_000, false,
                        UsageFixtures.routed("light", false, 300_000, 2_000_000)),
                UsageFixtures.request(b, "openai/gpt-4o", FutureYear.instant("YYYY-02-10T11:00:00Z"), 2000, 1000, 1_500_000, false, Optional.empty()),
                UsageFixtures.request(b, "openai/gpt-4o", FutureYear.instant("YYYY-02-20T11:00:00Z"), 10, 0, 0, true, Optional.empty()),
                UsageFixtures.request(a, "anthropic/claude-sonnet-4-5", FutureYear.instant("YYYY-02-28T23:59:59Z"), 3000, 1500, 900_000, false,
                        UsageFixtures.routed("heavy", false, 900_000, 900_000)));
        usage.rolledUp(t, february.toArray(UsageRecord[]::new));
        usage.raw(february.toArray(UsageRecord[]::new));
        usage.raw(UsageFixtures.request(b, "openai/gpt-4o", FutureYear.instant("YYYY-02-10T12:00:00Z"), 1, 1, 5, false, Optional.empty()));
        h.rollups.advanceWatermark(t, FutureYear.date(2, 28));
        usage.raw(
                UsageFixtures.request(a, "openai/gpt-4o-mini", FutureYear.instant("YYYY-03-01T08:00:00Z"), 400, 100, 200_000, false,
                        UsageFixtures.routed("light", false, 200_000, 1_000_000)),
                UsageFixtures.request(b, "openai/gpt-4o", FutureYear.instant("YYYY-03-01T08:30:00Z"), 800, 300, 700_000, false,
                        UsageFixtures.routed("standard", true, 250_000, 3_000_000)),
                UsageFixtures.refused(a, "openai/gpt-4o-mini", FutureYear.instant("YYYY-03-01T08:45:00Z"), 403,
                        UsageFixtures.routed("light", false, 0, 0)));
        h.clock.set(TODAY);
    }

    /** The text with {@code YYYY} as the scenario's year. */
    private static String y(String template) {
        return FutureYear.text(template);
    }

    private static String user(String name, String departmentId, String role) {
        String department = departmentId == null ? "" : ",\"departmentId\":\"" + departmentId + "\"";
        Reply reply = h.platform("POST", base + "/users", "{\"email\":\"" + name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 6)
                + "@example.com\",\"name\":\"" + name + "\",\"role\":\"" + role + "\"" + department + "}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.id("userId");
    }

    private static JsonNode get(String secret, String pathAndQuery) {
        Reply reply = h.as(secret, "GET", base + pathAndQuery, null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.header("content-type")).hasValue("application/json");
        return reply.json();
    }

    /** Each row as "field=value …" of the given fields, for compact exact comparisons. */
    private static List<String> rows(JsonNode answer, String... fields) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : answer.path("data")) {
            List<String> cells = new ArrayList<>();
            for (String field : fields) {
                JsonNode cell = row.path(field);
                // ratios are exact decimals ("50.00"); the parsed number may have lost its trailing zeros
                cells.add(cell.isNull() ? "null" : cell.isFloatingPointNumber() ? cell.decimalValue().setScale(cell.decimalValue().scale() < 2
                        ? 2 : cell.decimalValue().scale()).toPlainString() : cell.asText());
            }
            rows.add(String.join(" ", cells));
        }
        return rows;
    }

    @Test
    void spendByDepartmentPerDayReadsRollUpsForFinalDaysAndRawUsageForToday() {
        JsonNode spend = get(admin, y("/analytics/spend?groupBy=department&from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(spend.path("groupBy").asText()).isEqualTo("department");
        assertThat(spend.path("granularity").asText()).isEqualTo("day");
        assertThat(spend.path("departmentId").isNull()).isTrue();
        assertThat(spend.path("rolledUpThrough").asText()).isEqualTo(y("YYYY-02-28"));
        assertThat(spend.path("rawUsageFrom").asText()).isEqualTo(y("YYYY-03-01"));
        assertThat(rows(spend, "period", "department", "name", "requests", "errors", "tokens", "costUsdMicros", "costUsd")).containsExactly(
                y("YYYY-02-10 ") + sales + " =Sales, Inc 1 0 3000 1500000 1.500000",
                y("YYYY-02-10 ") + research + " Research 1 0 1500 300000 0.300000",
                y("YYYY-02-20 ") + sales + " =Sales, Inc 1 1 10 0 0.000000",
                y("YYYY-02-28 ") + research + " Research 1 0 4500 900000 0.900000",
                y("YYYY-03-01 ") + sales + " =Sales, Inc 1 0 1100 700000 0.700000",
                y("YYYY-03-01 ") + research + " Research 1 0 500 200000 0.200000");
        JsonNode totals = spend.path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(6);
        assertThat(totals.path("errors").asLong()).isEqualTo(1);
        assertThat(totals.path("promptTokens").asLong()).isEqualTo(7210);
        assertThat(totals.path("completionTokens").asLong()).isEqualTo(3400);
        assertThat(totals.path("tokens").asLong()).isEqualTo(10610);
        assertThat(totals.path("costUsdMicros").asLong()).isEqualTo(3_600_000);
        assertThat(totals.path("costUsd").asText()).isEqualTo("3.600000");
        assertThat(totals.path("refusals").asLong()).isEqualTo(2);
    }

    @Test
    void refusalsAreCountedBesideRequestsFromRollUpsAndFromRawUsageAndNowhereElse() {
        // February from the roll-ups (Bob's 429), today from raw usage (Alice's 403)
        JsonNode spend = get(admin, y("/analytics/spend?groupBy=key&from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(spend, "period", "key", "requests", "refusals", "errors", "tokens", "costUsdMicros")).containsExactly(
                y("YYYY-02-10 ") + kB + " 1 1 0 3000 1500000",
                y("YYYY-02-10 ") + kA + " 1 0 0 1500 300000",
                y("YYYY-02-20 ") + kB + " 1 0 1 10 0",
                y("YYYY-02-28 ") + kA + " 1 0 0 4500 900000",
                y("YYYY-03-01 ") + kB + " 1 0 0 1100 700000",
                y("YYYY-03-01 ") + kA + " 1 1 0 500 200000");
        JsonNode byMonth = get(admin, y("/analytics/spend?groupBy=department&granularity=month&from=YYYY-02-01&to=YYYY-03-31"));
        assertThat(rows(byMonth, "period", "department", "requests", "refusals")).containsExactly(
                y("YYYY-02 ") + sales + " 2 1", y("YYYY-02 ") + research + " 2 0", y("YYYY-03 ") + sales + " 1 0", y("YYYY-03 ") + research + " 1 1");
        assertThat(byMonth.path("totals").path("requests").asLong()).as("refusals are not requests").isEqualTo(6);

        assertThat(rows(get(admin, y("/analytics/top-users?from=YYYY-02-01&to=YYYY-03-01")), "userId", "requests", "refusals"))
                .containsExactly(bob + " 3 1", alice + " 3 1");
        assertThat(rows(get(admin, y("/analytics/keys?from=YYYY-02-01&to=YYYY-03-01")), "keyId", "requests", "refusals", "errorRate"))
                .containsExactly(kB + " 3 1 0.3333", kA + " 3 1 0.00", kIdle + " 0 0 null");
        assertThat(rows(get(finance, y("/analytics/models?from=YYYY-02-01&to=YYYY-03-01")), "model", "requests", "requestsPercent", "refusals"))
                .containsExactly("openai/gpt-4o 3 50.00 1", "anthropic/claude-sonnet-4-5 1 16.67 0", "openai/gpt-4o-mini 2 33.33 1");
        JsonNode routing = get(admin, y("/analytics/routing?from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(routing, "tier", "requests", "refusals", "routedRequests", "routedCostUsdMicros")).containsExactly(
                "light 2 1 2 500000", "standard 1 0 0 0", "heavy 1 0 1 900000", "none 2 1 0 0");
        assertThat(routing.path("totals").path("refusals").asLong()).isEqualTo(2);

        // a department admin sees their department's refusal only
        assertThat(rows(get(deptAdmin, y("/analytics/spend?groupBy=user&granularity=month&from=YYYY-02-01&to=YYYY-03-01")),
                "period", "user", "requests", "refusals")).containsExactly(y("YYYY-02 ") + alice + " 2 0", y("YYYY-03 ") + alice + " 1 1");
    }

    @Test
    void todaysSpendShowsAtOnce() {
        Principal a = new Principal(t, research, h.accounts.findKey(t, kIdle).orElseThrow().projectId().orElseThrow(), alice, kIdle);
        JsonNode before = get(admin, y("/analytics/spend?groupBy=key&from=YYYY-03-01&to=YYYY-03-01"));
        assertThat(rows(before, "key")).doesNotContain(kIdle);
        // a fresh tenant would do; here the record is today's and lands after every other assertion's range
        // of today, so it is written to tomorrow instead and read with the clock moved there
        h.usage.record(UsageFixtures.request(a, "openai/gpt-4o-mini", FutureYear.instant("YYYY-03-02T00:00:01Z"), 10, 10, 42, false, Optional.empty()));
        try {
            h.clock.set(FutureYear.instant("YYYY-03-02T00:00:02Z"));
            JsonNode after = get(admin, y("/analytics/spend?groupBy=key&from=YYYY-03-02&to=YYYY-03-02"));
            assertThat(rows(after, "period", "key", "name", "requests", "costUsdMicros")).containsExactly(y("YYYY-03-02 ") + kIdle + " app key 1 42");
            assertThat(after.path("rawUsageFrom").asText()).isEqualTo(y("YYYY-03-02"));
        } finally {
            h.clock.set(TODAY);
        }
    }

    @Test
    void monthRowsAddRolledUpMonthsAndTodaysRawUsage() {
        JsonNode spend = get(admin, y("/analytics/spend?groupBy=user&granularity=month&from=YYYY-02-01&to=YYYY-03-31"));
        assertThat(rows(spend, "period", "user", "name", "requests", "errors", "costUsdMicros")).containsExactly(
                y("YYYY-02 ") + bob + " Bob 2 1 1500000",
                y("YYYY-02 ") + alice + " Alice 2 0 1200000",
                y("YYYY-03 ") + bob + " Bob 1 0 700000",
                y("YYYY-03 ") + alice + " Alice 1 0 200000");
        // a partial first month is read from day rows: February 15 to 28 only
        JsonNode partial = get(admin, y("/analytics/spend?groupBy=user&granularity=month&from=YYYY-02-15&to=YYYY-02-28"));
        assertThat(rows(partial, "period", "user", "requests", "costUsdMicros")).containsExactly(
                y("YYYY-02 ") + alice + " 1 900000", y("YYYY-02 ") + bob + " 1 0");
        assertThat(partial.path("rawUsageFrom").isNull()).isTrue();
    }

    @Test
    void aDepartmentAdminSeesOnlyTheirDepartmentsSpend() {
        JsonNode byDepartment = get(deptAdmin, y("/analytics/spend?groupBy=department&from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(byDepartment.path("departmentId").asText()).isEqualTo(research);
        assertThat(rows(byDepartment, "period", "department", "costUsdMicros")).containsExactly(
                y("YYYY-02-10 ") + research + " 300000", y("YYYY-02-28 ") + research + " 900000", y("YYYY-03-01 ") + research + " 200000");
        assertThat(byDepartment.path("totals").path("costUsdMicros").asLong()).isEqualTo(1_400_000);

        // user, project and key rows come from the department's keys' rows
        JsonNode byUser = get(deptAdmin, y("/analytics/spend?groupBy=user&granularity=month&from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(byUser, "period", "user", "name", "requests", "costUsdMicros")).containsExactly(
                y("YYYY-02 ") + alice + " Alice 2 1200000", y("YYYY-03 ") + alice + " Alice 1 200000");
        JsonNode byKey = get(deptAdmin, y("/analytics/spend?groupBy=key&granularity=month&from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(byKey, "period", "key", "costUsdMicros")).containsExactly(y("YYYY-02 ") + kA + " 1200000", y("YYYY-03 ") + kA + " 200000");

        // model rows come from the department's raw usage (the Sales stray and Bob's spend are not in it)
        JsonNode byModel = get(deptAdmin, y("/analytics/spend?groupBy=model&granularity=month&from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(byModel.path("rawUsageFrom").asText()).isEqualTo(y("YYYY-02-01"));
        assertThat(rows(byModel, "period", "model", "requests", "costUsdMicros")).containsExactly(
                y("YYYY-02 anthropic/claude-sonnet-4-5 1 900000"), y("YYYY-02 openai/gpt-4o-mini 1 300000"), y("YYYY-03 openai/gpt-4o-mini 1 200000"));

        String text = h.as(deptAdmin, "GET", base + y("/analytics/spend?groupBy=user&from=YYYY-02-01"), null).text();
        assertThat(text).doesNotContain(bob, sales, kB, "Bob");
        // a tenant admin narrowing to Research gets the same numbers
        JsonNode narrowed = get(admin, y("/analytics/spend?groupBy=user&granularity=month&from=YYYY-02-01&to=YYYY-03-01&departmentId=") + research);
        assertThat(rows(narrowed, "period", "user", "requests", "costUsdMicros")).isEqualTo(rows(byUser, "period", "user", "requests", "costUsdMicros"));
    }

    @Test
    void modelSharesOverTheRange() {
        JsonNode models = get(finance, y("/analytics/models?from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(models, "model", "vendor", "requests", "requestsPercent", "errors", "costUsd", "costPercent")).containsExactly(
                "openai/gpt-4o openai 3 50.00 1 2.200000 61.11",
                "anthropic/claude-sonnet-4-5 anthropic 1 16.67 0 0.900000 25.00",
                "openai/gpt-4o-mini openai 2 33.33 0 0.500000 13.89");
        assertThat(models.path("totals").path("costUsdMicros").asLong()).isEqualTo(3_600_000);
        assertThat(h.as(finance, "GET", base + y("/analytics/models?from=YYYY-02-01&to=YYYY-03-01"), null).text())
                .contains("\"requestsPercent\":50.00,").contains("\"costPercent\":25.00}");

        JsonNode research = get(deptAdmin, y("/analytics/models?from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(research, "model", "requests", "requestsPercent", "costUsdMicros", "costPercent")).containsExactly(
                "anthropic/claude-sonnet-4-5 1 33.33 900000 64.29", "openai/gpt-4o-mini 2 66.67 500000 35.71");
    }

    @Test
    void keyActivityShowsActiveKeysIdleOnesAndLastUse() {
        JsonNode keys = get(admin, y("/analytics/keys?from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(keys, "keyId", "status", "userName", "projectName", "departmentName", "requests", "errors", "errorRate", "costUsdMicros"))
                .containsExactly(
                        kB + " active Bob Bot =Sales, Inc 3 1 0.3333 2200000",
                        kA + " active Alice Chat Research 3 0 0.00 1400000",
                        kIdle + " active Alice Chat Research 0 0 null 0");
        assertThat(keys.path("data").get(1).path("lastUsedAt").asText()).isEqualTo(y("YYYY-03-01T08:59:00Z"));
        assertThat(keys.path("data").get(0).path("lastUsedAt").isNull()).isTrue();
        assertThat(keys.path("totals").path("keys").asLong()).isEqualTo(3);
        assertThat(keys.path("totals").path("errorRate").decimalValue()).isEqualByComparingTo("0.1667");

        JsonNode research = get(deptAdmin, y("/analytics/keys?from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(research, "keyId", "costUsdMicros")).containsExactly(kA + " 1400000", kIdle + " 0");
    }

    @Test
    void topUsersByCostWithNamesAndEmails() {
        JsonNode top = get(admin, y("/analytics/top-users?from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(top, "rank", "userId", "name", "departmentName", "requests", "costUsd", "costPercent")).containsExactly(
                "1 " + bob + " Bob =Sales, Inc 3 2.200000 61.11",
                "2 " + alice + " Alice Research 3 1.400000 38.89");
        assertThat(top.path("data").get(0).path("email").asText()).startsWith("bob-");
        assertThat(top.path("limit").asInt()).isEqualTo(10);
        assertThat(top.path("totals").path("users").asLong()).isEqualTo(2);

        assertThat(rows(get(admin, y("/analytics/top-users?limit=1&from=YYYY-02-01&to=YYYY-03-01")), "userId")).containsExactly(bob);
        assertThat(rows(get(deptAdmin, y("/analytics/top-users?from=YYYY-02-01&to=YYYY-03-01")), "userId", "costPercent"))
                .containsExactly(alice + " 100.00");
    }

    @Test
    void routingTiersAndSavingsAgainstTheStrongModel() {
        JsonNode routing = get(admin, y("/analytics/routing?from=YYYY-02-01&to=YYYY-03-01"));
        assertThat(rows(routing, "tier", "requests", "costUsdMicros", "routedRequests", "routedCostUsdMicros", "referenceCostUsdMicros",
                "savedUsdMicros", "savedUsd", "savedPercent", "shadowRequests", "shadowCostUsdMicros", "shadowRoutedCostUsdMicros",
                "shadowSavingsUsd")).containsExactly(
                "light 2 500000 2 500000 3000000 2500000 2.500000 83.33 0 0 0 0.000000",
                "standard 1 700000 0 0 0 0 0.000000 null 1 700000 250000 0.450000",
                "heavy 1 900000 1 900000 900000 0 0.000000 0.00 0 0 0 0.000000",
                "none 2 1500000 0 0 0 0 0.000000 null 0 0 0 0.000000");
        JsonNode totals = routing.path("totals");
        assertThat(totals.path("savedUsd").asText()).isEqualTo("2.500000");
        assertThat(totals.path("savedPercent").decimalValue()).isEqualByComparingTo("64.10");
        assertThat(totals.path("referenceCostUsdMicros").asLong()).isEqualTo(3_900_000);
        assertThat(totals.path("shadowSavingsUsdMicros").asLong()).isEqualTo(450_000);
    }

    @Test
    void csvExportHasAHeaderExactDecimalsAndGuardsFormulas() {
        Reply csv = h.as(admin, "GET", base + y("/analytics/spend?groupBy=department&from=YYYY-02-20&to=YYYY-03-01&format=csv"), null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(csv.header("content-disposition")).hasValue("attachment; filename=\"spend-" + t + y("-YYYY-02-20-YYYY-03-01.csv\""));
        assertThat(csv.text()).isEqualTo(String.join("\r\n",
                "period,department,name,requests,refusals,errors,promptTokens,completionTokens,tokens,costUsdMicros,costUsd",
                y("YYYY-02-20,") + sales + ",\"'=Sales, Inc\",1,0,1,10,0,10,0,0.000000",
                y("YYYY-02-28,") + research + ",Research,1,0,0,3000,1500,4500,900000,0.900000",
                y("YYYY-03-01,") + sales + ",\"'=Sales, Inc\",1,0,0,800,300,1100,700000,0.700000",
                y("YYYY-03-01,") + research + ",Research,1,1,0,400,100,500,200000,0.200000", ""));

        Reply accept = h.as(admin, "GET", base + y("/analytics/routing?from=YYYY-02-01"), null, "Accept", "text/csv");
        assertThat(accept.header("content-type")).hasValue("text/csv; charset=utf-8");
        assertThat(accept.text()).startsWith("tier,requests,refusals,costUsdMicros,costUsd,routedRequests,")
                .contains("\r\nlight,2,1,500000,0.500000,2,");
        // an explicit format wins over Accept
        assertThat(h.as(admin, "GET", base + "/analytics/models?format=json", null, "Accept", "text/csv").header("content-type"))
                .hasValue("application/json");
        for (String report : List.of("models", "keys", "top-users")) {
            Reply export = h.as(finance, "GET", base + "/analytics/" + report + y("?format=csv&from=YYYY-02-01"), null);
            assertThat(export.status()).as(report).isEqualTo(200);
            assertThat(export.text()).as(report).contains("costUsd").contains(",refusals,").endsWith("\r\n");
        }
    }

    @Test
    void membersGetNoAnalytics() {
        Reply reply = h.as(member, "GET", base + "/analytics/spend?groupBy=user", null);
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.errorCode()).isEqualTo("permission_denied");
    }

    @Test
    void rollupsFarBehindAre503RatherThanAnUnboundedRawRead() {
        h.clock.set(FutureYear.instant("YYYY-01-01T00:00:00Z"));
        String behind;
        try {
            behind = new Fixtures(h).tenant("behind").tenantId();
        } finally {
            h.clock.set(TODAY);
        }
        Reply reply = h.platform("GET", Fixtures.base(behind) + y("/analytics/spend?groupBy=model&from=YYYY-01-15&to=YYYY-03-01"), null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
        assertThat(reply.errorCode()).isEqualTo("rollups_behind");
        assertThat(reply.json().path("error").path("message").asText()).contains("/rollups/run");
        assertThat(h.platform("GET", Fixtures.base(behind) + y("/analytics/spend?groupBy=model&from=YYYY-02-01&to=YYYY-03-01"), null).status())
                .isEqualTo(200);
    }

    @Test
    void runningTheRollUpAnswersTheRun() {
        int before = h.rollupRuns.size();
        Reply run = h.as(admin, "POST", base + "/rollups/run", null);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        JsonNode body = run.json();
        assertThat(body.path("tenantId").asText()).isEqualTo(t);
        assertThat(body.path("complete").asBoolean()).isTrue();
        assertThat(body.path("days").asInt()).isEqualTo(2);
        assertThat(body.path("records").asLong()).isEqualTo(42);
        assertThat(body.path("rows").asLong()).isEqualTo(56);
        assertThat(body.path("tookMillis").asLong()).isEqualTo(35);
        assertThat(body.path("rolledUpThrough").asText()).isEqualTo(y("YYYY-02-28"));
        assertThat(body.path("startedAt").asText()).isEqualTo(y("YYYY-03-01T09:00:00Z"));
        assertThat(h.rollupRuns.subList(before, h.rollupRuns.size())).containsExactly(t);

        Reply refused = h.as(finance, "POST", base + "/rollups/run", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(h.rollupRuns).hasSize(before + 1);
    }

    @Test
    void withoutABackendTheRoutesAuthorizeThenAnswer501() {
        AdminApp bare = new AdminApp(h.accounts, h.apiKeys, h.clock);
        for (String[] call : new String[][] {{"POST", "/rollups/run"}, {"GET", "/analytics/spend?groupBy=user"}, {"GET", "/analytics/models"}}) {
            var response = (com.gaterouter.common.api.ApiResponse.Buffered) bare.handle(AdminHarness.request(call[0], base + call[1], null, admin));
            assertThat(response.status()).as(call[1]).isEqualTo(501);
            assertThat(response.bodyText()).contains("\"code\":\"not_available\"");
            var hidden = (com.gaterouter.common.api.ApiResponse.Buffered) bare.handle(
                    AdminHarness.request(call[0], "/admin/v1/tenants/zz-nobody" + call[1], null, admin));
            assertThat(hidden.status()).as(call[1]).isEqualTo(404);
        }
    }
}
