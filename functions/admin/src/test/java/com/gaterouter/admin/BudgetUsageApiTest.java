package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.AllowanceLedger;
import com.gaterouter.common.spend.dynamodb.DynamoDbAllowanceLedger;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET} of a budget shows, per limit, what is spent, committed (reserved by requests in flight)
 * and remaining in the current period, read from the router's spend counters on DynamoDB Local.
 *
 * <p>The tenant is in New York. The clock starts at {@code YYYY-04-01T02:30Z} ({@link FutureYear}): already April in UTC,
 * still 31 March (22:30 EDT) in New York, so the current month is March and began on
 * {@code YYYY-03-01T05:00Z} (EST, before the switch to daylight saving time), and the current day ends at
 * {@code YYYY-04-01T04:00Z}. Every instant is relative to that injected clock.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class BudgetUsageApiTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant NOW = FutureYear.instant("YYYY-04-01T02:30:00Z");
    private static final Instant NEW_YORK_MIDNIGHT = FutureYear.instant("YYYY-04-01T04:00:00Z");

    private AdminHarness h;
    private String t;
    private String base;
    private String admin;
    private String department;
    private Principal principal;
    private String memberSecret;

    @BeforeEach
    void world(LocalTables tables) {
        h = new AdminHarness(tables, NOW.minus(Duration.ofDays(40)));
        Fixtures f = new Fixtures(h);
        t = AdminHarness.tenantId("usage");
        Reply tenant = h.platform("POST", "/admin/v1/tenants", """
                {"name":"Usage","tenantId":"%s","timeZone":"America/New_York","admin":{"email":"a@%s.example","name":"A"}}"""
                .formatted(t, t));
        assertThat(tenant.status()).isEqualTo(201);
        base = Fixtures.base(t);
        admin = tenant.json().path("adminKey").path("secret").asText();
        department = f.department(t, "Research");
        String project = f.project(t, department, "Chat");
        String user = f.user(t, department, "member");
        Fixtures.Key key = f.appKey(t, user, project);
        memberSecret = f.adminKey(t, user).secret();
        principal = new Principal(t, department, project, user, key.keyId());
        h.clock.set(NOW);
    }

    private Counter counter(BudgetScope scope, String scopeId, Window window) {
        return new Counter(t, scope, scopeId, window);
    }

    /** The day and month counters of the key's five scopes in New York's current periods: what the router counts into. */
    private List<Counter> countingCounters(Instant at) {
        List<Counter> counters = new ArrayList<>();
        for (Window window : List.of(Window.Month.containing(at, NEW_YORK), Window.Day.containing(at, NEW_YORK))) {
            counters.add(counter(BudgetScope.KEY, principal.keyId(), window));
            counters.add(counter(BudgetScope.USER, principal.userId(), window));
            counters.add(counter(BudgetScope.PROJECT, principal.projectId(), window));
            counters.add(counter(BudgetScope.DEPARTMENT, principal.departmentId(), window));
            counters.add(counter(BudgetScope.TENANT, t, window));
        }
        return counters;
    }

    /**
     * A request in flight since issue 15: a lease of its worst case on each of its limits (what a router's lease
     * book holds for it). The leases are released at the actual amounts by {@link #settleAndCount}.
     */
    private void hold(Reservation r) {
        var allowances = new DynamoDbAllowanceLedger(h.tables.client(), h.tables.name(GatewayTable.SPEND));
        for (CounterLimit limit : r.limits()) {
            var result = allowances.lease(List.of(limit), Math.max(1, r.amountOf(limit.measure())), r.at().plusSeconds(60),
                    r.requestId() + "-" + limit.measure() + "-" + held.size());
            assertThat(result).isInstanceOf(AllowanceLedger.Granted.class);
            held.add(((AllowanceLedger.Granted) result).lease());
        }
    }

    /** Settles the request (its usage record) and counts it as the counter sink does, releasing its leases at the actuals. */
    private void settleAndCount(Reservation r, UsageRecord usage) {
        h.spend.settle(r, usage);
        var allowances = new DynamoDbAllowanceLedger(h.tables.client(), h.tables.name(GatewayTable.SPEND));
        for (AllowanceLedger.Lease lease : List.copyOf(held)) {
            if (lease.id().startsWith(r.requestId() + "-")) {
                long actual = switch (lease.measure()) {
                    case USD_MICROS -> usage.costMicros();
                    case TOKENS -> usage.tokens().totalTokens();
                    case REQUESTS -> 1;
                };
                allowances.release(lease, actual);
                held.remove(lease);
            }
        }
        for (Counter counter : r.counters()) {
            h.tables.client().updateItem(b -> b.tableName(h.tables.name(GatewayTable.SPEND)).key(SpendKeys.key(counter))
                    .updateExpression("ADD sUsd :c, sTok :t, req :one")
                    .expressionAttributeValues(java.util.Map.of(":c", AttributeValue.fromN(Long.toString(usage.costMicros())),
                            ":t", AttributeValue.fromN(Long.toString(usage.tokens().totalTokens())), ":one", AttributeValue.fromN("1"))));
        }
    }

    private final List<AllowanceLedger.Lease> held = new ArrayList<>();

    private Reservation reservation(String requestId, Instant at, long usd, long tokens, List<CounterLimit> limits) {
        return new Reservation(requestId, t, at, usd, tokens, limits, countingCounters(at));
    }

    private UsageRecord usage(String requestId, Instant at, long cost, long prompt, long completion) {
        return new UsageRecord(requestId, principal, "openai/gpt-4o", "openai/gpt-4o", "openai", 1,
                new TokenUsage(prompt, 0, 0, completion, 0), cost, 300, 300, UsageStatus.SUCCEEDED, 200, false, at);
    }

    private List<CounterLimit> departmentLimits(Instant at) {
        String label = "department Research";
        return List.of(
                new CounterLimit(counter(BudgetScope.DEPARTMENT, department, Window.Month.containing(at, NEW_YORK)), Measure.USD_MICROS,
                        500_000_000, label),
                new CounterLimit(counter(BudgetScope.DEPARTMENT, department, Window.Day.containing(at, NEW_YORK)), Measure.USD_MICROS,
                        40_000_000, label),
                new CounterLimit(counter(BudgetScope.DEPARTMENT, department, Window.Month.containing(at, NEW_YORK)), Measure.TOKENS,
                        1_000_000, label));
    }

    private JsonNode get(String secret, String path) {
        Reply reply = h.as(secret, "GET", base + path, null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void aBudgetShowsSpentCommittedAndRemainingInItsCurrentPeriodsInTheTenantsTimeZone() {
        assertThat(h.as(admin, "PUT", base + "/budgets/department/" + department,
                "{\"monthlyUsd\":\"500\",\"dailyUsd\":40,\"monthlyTokens\":1000000}").status()).isEqualTo(201);
        // one request settled at $1.234567 (1,500 tokens); another is in flight, holding its worst case of $0.25 and 3,000 tokens
        Instant earlier = NOW.minus(Duration.ofHours(2));
        Reservation settled = reservation("req-settled", earlier, 2_000_000, 4_000, departmentLimits(earlier));
        hold(settled);
        settleAndCount(settled, usage("req-settled", earlier, 1_234_567, 1_000, 500));
        hold(reservation("req-in-flight", NOW, 250_000, 3_000, departmentLimits(NOW)));

        JsonNode budget = get(admin, "/budgets/department/" + department);

        assertThat(budget.path("monthlyUsd").asText()).isEqualTo("500.000000");
        JsonNode usage = budget.path("usage");
        assertThat(usage.path("asOf").asText()).isEqualTo(FutureYear.text("YYYY-04-01T02:30:00Z"));
        assertThat(usage.path("timeZone").asText()).isEqualTo("America/New_York");
        JsonNode month = usage.path("monthlyUsd");
        assertWindow(month, "YYYY-03", "YYYY-03-01T05:00:00Z", "YYYY-04-01T04:00:00Z");
        assertThat(month.path("limitUsdMicros").asLong()).isEqualTo(500_000_000);
        assertThat(month.path("limitUsd").asText()).isEqualTo("500.000000");
        assertThat(month.path("spentUsdMicros").asLong()).isEqualTo(1_234_567);
        assertThat(month.path("spentUsd").asText()).isEqualTo("1.234567");
        assertThat(month.path("committedUsdMicros").asLong()).isEqualTo(250_000);
        assertThat(month.path("committedUsd").asText()).isEqualTo("0.250000");
        assertThat(month.path("remainingUsdMicros").asLong()).isEqualTo(500_000_000 - 1_234_567 - 250_000);
        assertThat(month.path("remainingUsd").asText()).isEqualTo("498.515433");
        JsonNode day = usage.path("dailyUsd");
        assertWindow(day, "YYYY-03-31", "YYYY-03-31T04:00:00Z", "YYYY-04-01T04:00:00Z");
        assertThat(day.path("spentUsdMicros").asLong()).isEqualTo(1_234_567);
        assertThat(day.path("committedUsdMicros").asLong()).isEqualTo(250_000);
        assertThat(day.path("remainingUsdMicros").asLong()).isEqualTo(38_515_433);
        JsonNode tokens = usage.path("monthlyTokens");
        assertThat(tokens.path("limit").asLong()).isEqualTo(1_000_000);
        assertThat(tokens.path("spent").asLong()).isEqualTo(1_500);
        assertThat(tokens.path("committed").asLong()).isEqualTo(3_000);
        assertThat(tokens.path("remaining").asLong()).isEqualTo(995_500);
        assertThat(usage.path("dailyTokens").isNull()).as("no daily token limit").isTrue();
        assertThat(usage.path("rpm").isNull()).isTrue();
        assertThat(usage.path("tpm").isNull()).isTrue();
    }

    @Test
    void theCurrentPeriodsFollowTheInjectedClockAcrossTheTenantsMidnightAndMonthEnd() {
        h.as(admin, "PUT", base + "/budgets/department/" + department, "{\"monthlyUsd\":\"500\",\"dailyUsd\":40}");
        Reservation march = reservation("req-march", NOW, 2_000_000, 10, departmentLimits(NOW).subList(0, 2));
        hold(march);
        settleAndCount(march, usage("req-march", NOW, 700_000, 5, 5));

        h.clock.set(NEW_YORK_MIDNIGHT.minusMillis(1));
        JsonNode lastMillisecond = get(admin, "/budgets/department/" + department).path("usage");
        assertThat(lastMillisecond.path("monthlyUsd").path("period").asText()).isEqualTo(FutureYear.text("YYYY-03"));
        assertThat(lastMillisecond.path("dailyUsd").path("spentUsdMicros").asLong()).isEqualTo(700_000);

        h.clock.set(NEW_YORK_MIDNIGHT);
        JsonNode april = get(admin, "/budgets/department/" + department).path("usage");
        assertWindow(april.path("monthlyUsd"), "YYYY-04", "YYYY-04-01T04:00:00Z", "YYYY-05-01T04:00:00Z");
        assertThat(april.path("monthlyUsd").path("spentUsdMicros").asLong()).isZero();
        assertThat(april.path("monthlyUsd").path("remainingUsd").asText()).isEqualTo("500.000000");
        assertWindow(april.path("dailyUsd"), "YYYY-04-01", "YYYY-04-01T04:00:00Z", "YYYY-04-02T04:00:00Z");
        assertThat(april.path("dailyUsd").path("spentUsdMicros").asLong()).isZero();
    }

    /**
     * Each USD limit forecasts its settled spend to the period's end at the average pace so far (the forecast alert's
     * rule): nothing before a tenth of the period has passed, then spent × period ÷ elapsed, and the day (in New York)
     * the budget is reached at that pace. March in New York is 743 hours (it loses one to daylight saving time):
     * {@code YYYY-03-01T05:00Z} to {@code YYYY-04-01T04:00Z}. Requests in flight are not part of the forecast.
     */
    @Test
    void usdLimitsForecastTheSettledSpendToThePeriodsEndOnceATenthOfItHasPassed() {
        assertThat(h.as(admin, "PUT", base + "/budgets/department/" + department, "{\"monthlyUsd\":\"15\",\"dailyUsd\":3,"
                + "\"monthlyTokens\":1000000}").status()).isEqualTo(201);
        // 3 March, 01:00 in New York: 2 days and 1 hour of the month, 1 hour of the day have passed
        Instant early = FutureYear.instant("YYYY-03-03T06:00:00Z");
        h.clock.set(early);
        Reservation first = reservation("req-early", early, 20_000_000, 10, departmentLimits(early).subList(0, 2));
        hold(first);
        settleAndCount(first, usage("req-early", early, 10_000_000, 5, 5));

        JsonNode tooEarly = get(admin, "/budgets/department/" + department).path("usage");
        for (String limit : List.of("monthlyUsd", "dailyUsd")) {
            assertThat(tooEarly.path(limit).path("forecastUsd").isNull()).as(limit).isTrue();
            assertThat(tooEarly.path(limit).path("forecastUsdMicros").isNull()).as(limit).isTrue();
            assertThat(tooEarly.path(limit).path("exceedsOn").isNull()).as(limit).isTrue();
        }
        assertThat(tooEarly.path("monthlyUsd").path("spentUsdMicros").asLong()).isEqualTo(10_000_000);
        assertThat(tooEarly.path("monthlyTokens").has("forecastUsd")).as("only USD limits forecast").isFalse();

        // 21 March, 12:00 EDT: $2 more settled at 06:00 EDT, and $5 held by a request in flight
        Instant morning = FutureYear.instant("YYYY-03-21T10:00:00Z");
        Reservation second = reservation("req-morning", morning, 3_000_000, 10, departmentLimits(morning).subList(0, 2));
        hold(second);
        settleAndCount(second, usage("req-morning", morning, 2_000_000, 5, 5));
        Instant noon = FutureYear.instant("YYYY-03-21T16:00:00Z");
        h.clock.set(noon);
        hold(reservation("req-in-flight", noon, 5_000_000, 10, departmentLimits(noon).subList(0, 2)));

        JsonNode later = get(admin, "/budgets/department/" + department).path("usage");
        JsonNode month = later.path("monthlyUsd");
        assertThat(month.path("spentUsdMicros").asLong()).isEqualTo(12_000_000);
        assertThat(month.path("committedUsdMicros").asLong()).isEqualTo(5_000_000);
        // 491 of 743 hours: $12 × 743 / 491 = $18.158859…, rounded down; $15 is reached after 613.75 hours, 26 March 14:45 EDT
        assertThat(month.path("forecastUsdMicros").asLong()).isEqualTo(18_158_859);
        assertThat(month.path("forecastUsd").asText()).isEqualTo("18.158859");
        assertThat(month.path("exceedsOn").asText()).isEqualTo(FutureYear.text("YYYY-03-26"));
        JsonNode day = later.path("dailyUsd");
        // 12 of 24 hours: $2 → $4; $3 is reached after 18 hours, at 18:00 EDT
        assertThat(day.path("spentUsdMicros").asLong()).isEqualTo(2_000_000);
        assertThat(day.path("forecastUsdMicros").asLong()).isEqualTo(4_000_000);
        assertThat(day.path("forecastUsd").asText()).isEqualTo("4.000000");
        assertThat(day.path("exceedsOn").asText()).isEqualTo(FutureYear.text("YYYY-03-21"));

        // a budget the pace does not reach has a forecast but no day of exceeding
        assertThat(h.as(admin, "PUT", base + "/budgets/department/" + department, "{\"monthlyUsd\":\"500\"}").status()).isEqualTo(200);
        JsonNode roomy = get(admin, "/budgets/department/" + department).path("usage").path("monthlyUsd");
        assertThat(roomy.path("forecastUsdMicros").asLong()).isEqualTo(18_158_859);
        assertThat(roomy.path("exceedsOn").isNull()).isTrue();
    }

    @Test
    void rateLimitsShowWhatTheCurrentMinuteHasUsedAndAMemberSeesTheirOwnKeysBudget() {
        String keyBudget = "/budgets/key/" + principal.keyId();
        assertThat(h.as(admin, "PUT", base + keyBudget, "{\"rpm\":10,\"tpm\":5000,\"monthlyUsd\":\"0.01\"}").status()).isEqualTo(201);
        Window.Minute minute = Window.Minute.containing(NOW);
        Counter perMinute = counter(BudgetScope.KEY, principal.keyId(), minute);
        Reservation r = reservation("req-rate", NOW, 308, 1_200, List.of(
                new CounterLimit(counter(BudgetScope.KEY, principal.keyId(), Window.Month.containing(NOW, NEW_YORK)), Measure.USD_MICROS,
                        10_000, "key"),
                new CounterLimit(perMinute, Measure.REQUESTS, 10, "key"), new CounterLimit(perMinute, Measure.TOKENS, 5_000, "key")));
        hold(r);

        JsonNode inFlight = get(memberSecret, keyBudget).path("usage");
        assertThat(inFlight.path("rpm").path("periodStart").asText()).isEqualTo(FutureYear.text("YYYY-04-01T02:30:00Z"));
        assertThat(inFlight.path("rpm").path("periodEnd").asText()).isEqualTo(FutureYear.text("YYYY-04-01T02:31:00Z"));
        assertThat(inFlight.path("rpm").has("period")).isFalse();
        assertThat(inFlight.path("rpm").path("used").asLong()).isEqualTo(1);
        assertThat(inFlight.path("rpm").path("remaining").asLong()).isEqualTo(9);
        assertThat(inFlight.path("tpm").path("used").asLong()).isEqualTo(1_200);
        assertThat(inFlight.path("tpm").path("remaining").asLong()).isEqualTo(3_800);
        assertThat(inFlight.path("monthlyUsd").path("spentUsd").asText()).isEqualTo("0.000000");
        assertThat(inFlight.path("monthlyUsd").path("committedUsd").asText()).isEqualTo("0.000308");
        assertThat(inFlight.path("monthlyUsd").path("remainingUsd").asText()).isEqualTo("0.009692");

        settleAndCount(r, usage("req-rate", NOW, 120, 100, 50));
        JsonNode settled = get(memberSecret, keyBudget).path("usage");
        assertThat(settled.path("rpm").path("used").asLong()).as("a request counts against RPM once admitted").isEqualTo(1);
        assertThat(settled.path("tpm").path("used").asLong()).as("TPM moved to the actual tokens").isEqualTo(150);
        assertThat(settled.path("monthlyUsd").path("spentUsdMicros").asLong()).isEqualTo(120);
        assertThat(settled.path("monthlyUsd").path("committedUsdMicros").asLong()).isZero();

        h.clock.advance(Duration.ofMinutes(1));
        JsonNode nextMinute = get(memberSecret, keyBudget).path("usage");
        assertThat(nextMinute.path("rpm").path("used").asLong()).isZero();
        assertThat(nextMinute.path("rpm").path("periodStart").asText()).isEqualTo(FutureYear.text("YYYY-04-01T02:31:00Z"));
    }

    @Test
    void aListShowsEveryBudgetsUsageFromOneBatchReadAndWithoutCountersUsageIsNull() {
        h.as(admin, "PUT", base + "/budgets/department/" + department, "{\"monthlyUsd\":\"500\"}");
        h.as(admin, "PUT", base + "/budgets/tenant/" + t, "{\"monthlyUsd\":\"5000\",\"dailyUsd\":\"300\"}");
        h.as(admin, "PUT", base + "/budgets/key/" + principal.keyId(), "{\"rpm\":60}");
        Reservation r = reservation("req-1", NOW, 0, 0, List.of());
        settleAndCount(r, usage("req-1", NOW, 42, 1, 1));
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger counters = new AtomicInteger();
        SpendCounters counting = wanted -> {
            reads.incrementAndGet();
            counters.addAndGet(wanted.size());
            return h.spend.read(wanted);
        };
        AdminApp app = new AdminApp(h.accounts, h.apiKeys, h.clock, Optional.empty(), Optional.of(counting));

        JsonNode list = AdminHarnessCalls.json(app, admin, "GET", base + "/budgets");

        assertThat(list.path("data")).hasSize(3).allSatisfy(b -> assertThat(b.path("usage").isObject()).isTrue());
        assertThat(reads.get()).isEqualTo(1);
        assertThat(counters.get()).as("tenant month and day, department month, key minute").isEqualTo(4);
        JsonNode tenantBudget = find(list, "tenant");
        assertThat(tenantBudget.path("usage").path("monthlyUsd").path("spentUsdMicros").asLong()).isEqualTo(42);
        assertThat(tenantBudget.path("usage").path("dailyUsd").path("spentUsdMicros").asLong()).isEqualTo(42);
        assertThat(find(list, "key").path("usage").path("rpm").path("used").asLong()).isZero();

        AdminApp withoutCounters = new AdminApp(h.accounts, h.apiKeys, h.clock);
        assertThat(AdminHarnessCalls.json(withoutCounters, admin, "GET", base + "/budgets/department/" + department)
                .path("usage").isNull()).isTrue();
        // what a PUT answers is the stored budget, without usage
        assertThat(h.as(admin, "PUT", base + "/budgets/department/" + department, "{\"monthlyUsd\":\"600\"}").json().has("usage"))
                .isFalse();
    }

    private static JsonNode find(JsonNode list, String scope) {
        for (JsonNode budget : list.path("data")) {
            if (budget.path("scope").asText().equals(scope)) {
                return budget;
            }
        }
        throw new AssertionError("no " + scope + " budget in " + list);
    }

    /** Calls another app on the harness's tables. */
    private static final class AdminHarnessCalls {
        static JsonNode json(AdminApp app, String secret, String method, String path) {
            var response = (com.gaterouter.common.api.ApiResponse.Buffered) app.handle(AdminHarness.request(method, path, null, secret));
            assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
            try {
                return com.gaterouter.common.json.Json.MAPPER.readTree(response.bodyText());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A usage window's {@code period}, {@code periodStart} and {@code periodEnd}, each a {@link FutureYear} template. */
    private static void assertWindow(JsonNode window, String period, String start, String end) {
        assertThat(window.path("period").asText()).isEqualTo(FutureYear.text(period));
        assertThat(window.path("periodStart").asText()).isEqualTo(FutureYear.text(start));
        assertThat(window.path("periodEnd").asText()).isEqualTo(FutureYear.text(end));
    }
}
