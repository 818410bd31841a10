package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.analytics.FocusValidator;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.admin.testing.UsageFixtures;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.usage.UsageRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET …/chargeback} and {@code GET …/exports/focus} on DynamoDB Local. "Today" is YYYY-03-10
 * ({@link FutureYear}); March is rolled up through YYYY-03-05 (and present as raw usage, as in
 * production), later days are raw usage only.
 *
 * <pre>
 *   department  code      project  code     key  spend in March (µ$)
 *   Research    CC-R      Chat     CC-CHAT  kA   300 000 (03-02, rolled up) + 200 000 (03-08, raw)
 *   Research    CC-R      Notes    -        kN   50 000 (03-09, raw)          → CC-R
 *   Sales       CC-S      Bot      -        kB   1 500 000 (03-04, rolled up) → CC-S
 *   Ops         -         Tool     -        kO   70 000 (03-06, raw)          → unassigned
 *   (February: kA 999 000, not in March)
 * </pre>
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ChargebackApiTest {

    private static AdminHarness h;
    private static String t;
    private static String base;
    private static String admin;
    private static String finance;
    private static String deptAdmin;
    private static String member;
    private static String research;
    private static String sales;
    private static String ops;
    private static String chat;
    private static String notes;
    private static String bot;
    private static String tool;

    @BeforeAll
    static void world(LocalTables tables) {
        h = new AdminHarness(tables, FutureYear.instant("YYYY-02-01T08:00:00Z"));
        Fixtures f = new Fixtures(h);
        UsageFixtures usage = new UsageFixtures(h);
        Fixtures.TenantWithAdmin tenant = f.tenant("chargeback");
        t = tenant.tenantId();
        base = Fixtures.base(t);
        admin = tenant.adminKey().secret();
        research = f.department(t, "Research");
        sales = f.department(t, "Sales");
        ops = f.department(t, "Ops");
        chat = f.project(t, research, "Chat");
        notes = f.project(t, research, "Notes");
        bot = f.project(t, sales, "Bot");
        tool = f.project(t, ops, "Tool");
        patch("/departments/" + research, "CC-R");
        patch("/departments/" + sales, "CC-S");
        patch("/projects/" + chat, "CC-CHAT");
        String alice = f.user(t, research, "member");
        String bob = f.user(t, sales, "member");
        String olga = f.user(t, ops, "member");
        deptAdmin = f.adminKey(t, f.user(t, research, "department_admin")).secret();
        finance = f.adminKey(t, f.user(t, null, "finance")).secret();
        member = f.adminKey(t, alice).secret();
        Principal a = new Principal(t, research, chat, alice, f.appKey(t, alice, chat).keyId());
        Principal n = new Principal(t, research, notes, alice, f.appKey(t, alice, notes).keyId());
        Principal b = new Principal(t, sales, bot, bob, f.appKey(t, bob, bot).keyId());
        Principal o = new Principal(t, ops, tool, olga, f.appKey(t, olga, tool).keyId());

        UsageRecord february = UsageFixtures.request(a, "openai/gpt-4o", FutureYear.instant("YYYY-02-27T10:00:00Z"), 100, 50, 999_000, false,
                Optional.empty());
        UsageRecord[] march = {
                UsageFixtures.request(a, "openai/gpt-4o-mini", FutureYear.instant("YYYY-03-02T10:00:00Z"), 1000, 500, 300_000, false, Optional.empty()),
                UsageFixtures.request(b, "openai/gpt-4o", FutureYear.instant("YYYY-03-04T11:00:00Z"), 2000, 1000, 1_500_000, false, Optional.empty())};
        usage.rolledUp(t, february);
        usage.rolledUp(t, march);
        usage.raw(february);
        usage.raw(march);
        h.rollups.advanceWatermark(t, FutureYear.date(3, 5));
        usage.raw(
                UsageFixtures.request(o, "anthropic/claude-sonnet-4-5", FutureYear.instant("YYYY-03-06T08:00:00Z"), 70, 7, 70_000, false, Optional.empty()),
                UsageFixtures.request(a, "openai/gpt-4o-mini", FutureYear.instant("YYYY-03-08T08:00:00Z"), 400, 100, 200_000, false, Optional.empty()),
                UsageFixtures.request(n, "openai/gpt-4o-mini", FutureYear.instant("YYYY-03-09T08:00:00Z"), 40, 10, 50_000, false, Optional.empty()));
        h.clock.set(FutureYear.instant("YYYY-03-10T09:00:00Z"));
    }

    private static void patch(String path, String costCenter) {
        Reply reply = h.platform("PATCH", base + path, "{\"costCenter\":\"" + costCenter + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private static String march() {
        return FutureYear.text("YYYY-03");
    }

    private static Reply get(String secret, String query) {
        return h.as(secret, "GET", base + "/chargeback" + query, null);
    }

    @Test
    void spendIsChargedToTheProjectsCodeElseItsDepartmentsElseUnassigned() {
        Reply reply = get(finance, "?month=" + march());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("month").asText()).isEqualTo(march());
        assertThat(body.path("rolledUpThrough").asText()).isEqualTo(FutureYear.text("YYYY-03-05"));
        assertThat(body.path("rawUsageFrom").asText()).isEqualTo(FutureYear.text("YYYY-03-06"));
        List<String> codes = new ArrayList<>();
        body.path("data").forEach(row -> codes.add(row.path("costCenter").asText()));
        assertThat(codes).containsExactly("CC-CHAT", "CC-R", "CC-S", "unassigned");

        JsonNode chatRow = body.path("data").get(0);
        assertThat(chatRow.path("costUsdMicros").asLong()).isEqualTo(500_000);
        assertThat(chatRow.path("costUsd").asText()).isEqualTo("0.500000");
        assertThat(chatRow.path("requests").asLong()).isEqualTo(2);
        assertThat(chatRow.path("tokens").asLong()).isEqualTo(2000);
        assertThat(chatRow.path("projects").toString()).isEqualTo("[\"" + chat + "\"]");
        assertThat(chatRow.path("departments").toString()).isEqualTo("[]");

        JsonNode researchRow = body.path("data").get(1);
        assertThat(researchRow.path("costUsdMicros").asLong()).as("Notes has no code: Research's").isEqualTo(50_000);
        assertThat(researchRow.path("departments").toString()).isEqualTo("[\"" + research + "\"]");
        assertThat(researchRow.path("projects").toString()).isEqualTo("[\"" + notes + "\"]");

        assertThat(body.path("data").get(2).path("costUsdMicros").asLong()).isEqualTo(1_500_000);
        JsonNode unassigned = body.path("data").get(3);
        assertThat(unassigned.path("costUsdMicros").asLong()).isEqualTo(70_000);
        assertThat(unassigned.path("departments").toString()).isEqualTo("[\"" + ops + "\"]");
        assertThat(unassigned.path("projects").toString()).isEqualTo("[\"" + tool + "\"]");

        assertThat(body.path("totals").path("costUsdMicros").asLong()).isEqualTo(2_120_000);
        assertThat(body.path("totals").path("costUsd").asText()).isEqualTo("2.120000");
    }

    @Test
    void totalsEqualTheAnalyticsSpendOfTheSameMonthToTheMicroDollar() {
        for (String month : List.of(FutureYear.text("YYYY-02"), march())) {
            JsonNode chargeback = get(admin, "?month=" + month).json();
            String to = month.equals(march()) ? FutureYear.text("YYYY-03-31") : FutureYear.text("YYYY-02-28");
            JsonNode spend = h.as(admin, "GET", base + "/analytics/spend?groupBy=department&granularity=month&from=" + month + "-01&to=" + to,
                    null).json();
            assertThat(chargeback.path("totals").path("costUsdMicros").asLong()).as(month)
                    .isEqualTo(spend.path("totals").path("costUsdMicros").asLong());
            assertThat(chargeback.path("totals").path("tokens").asLong()).as(month).isEqualTo(spend.path("totals").path("tokens").asLong());
            assertThat(chargeback.path("totals").path("requests").asLong()).as(month).isEqualTo(spend.path("totals").path("requests").asLong());
        }
        assertThat(get(admin, "?month=" + FutureYear.text("YYYY-02")).json().path("totals").path("costUsdMicros").asLong()).isEqualTo(999_000);
    }

    @Test
    void theSameMonthAskedTwiceIsByteIdenticalInJsonAndCsv() {
        assertThat(get(admin, "?month=" + march()).text()).isEqualTo(get(admin, "?month=" + march()).text());
        Reply csv = get(admin, "?month=" + march() + "&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.text()).isEqualTo(get(admin, "?month=" + march() + "&format=csv").text());
        String[] lines = csv.text().split("\r\n");
        assertThat(lines[0]).isEqualTo("costCenter,departments,projects,requests,refusals,errors,promptTokens,completionTokens,tokens,"
                + "costUsdMicros,costUsd");
        assertThat(lines[1]).isEqualTo("CC-CHAT,," + chat + ",2,0,0,1400,600,2000,500000,0.500000");
        assertThat(lines).hasSize(5);
    }

    @Test
    void theCodeInEffectWhenAskedIsTheOneCharged() {
        patch("/departments/" + ops, "CC-OPS");
        try {
            JsonNode body = get(admin, "?month=" + march()).json();
            List<String> codes = new ArrayList<>();
            body.path("data").forEach(row -> codes.add(row.path("costCenter").asText()));
            assertThat(codes).as("Ops' spend of the month moves with its new code").containsExactly("CC-CHAT", "CC-OPS", "CC-R", "CC-S");
            JsonNode opsRow = body.path("data").get(1);
            assertThat(opsRow.path("costUsdMicros").asLong()).isEqualTo(70_000);
            assertThat(opsRow.path("departments").toString()).isEqualTo("[\"" + ops + "\"]");
            assertThat(opsRow.path("projects").toString()).isEqualTo("[\"" + tool + "\"]");
            assertThat(body.path("totals").path("costUsdMicros").asLong()).isEqualTo(2_120_000);
        } finally {
            Reply cleared = h.platform("PATCH", base + "/departments/" + ops, "{\"costCenter\":null}");
            assertThat(cleared.status()).isEqualTo(200);
        }
    }

    @Test
    void rolesAndParameters() {
        assertThat(get(admin, "?month=" + march()).status()).isEqualTo(200);
        assertThat(h.platform("GET", base + "/chargeback?month=" + march(), null).status()).isEqualTo(200);
        Reply dept = get(deptAdmin, "?month=" + march());
        assertThat(dept.status()).as("chargeback is tenant-wide").isEqualTo(403);
        assertThat(get(member, "?month=" + march()).status()).isEqualTo(403);
        for (String query : List.of("", "?month=2026-13", "?month=26-01", "?month=" + FutureYear.text("YYYY-04"))) {
            Reply bad = get(admin, query);
            assertThat(bad.status()).as(query).isEqualTo(400);
            assertThat(bad.json().path("error").path("param").asText()).as(query).isEqualTo("month");
        }
        Reply unknown = get(admin, "?month=" + march() + "&departmentId=" + research);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(h.as(admin, "GET", "/admin/v1/tenants/nope-" + UUID.randomUUID().toString().substring(0, 6) + "/chargeback?month="
                + march(), null).status()).isEqualTo(404);
    }

    /** The FOCUS 1.2 columns the export targets (docs/finops.md), in order. */
    private static final List<String> FOCUS_COLUMNS = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingAccountType", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit",
            "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingCategory", "PricingCurrency",
            "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId",
            "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SubAccountId", "SubAccountName",
            "SubAccountType", "Tags");

    private static Reply focus(String secret, String query) {
        return h.as(secret, "GET", base + "/exports/focus" + query, null);
    }

    @Test
    void theFocusCsvHasTheTargetColumnsAndAddsUpToTheChargeback() {
        Reply csv = focus(finance, "?month=" + march());
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.header("content-type").orElseThrow()).startsWith("text/csv");
        String[] lines = csv.text().split("\r\n");
        assertThat(List.of(lines[0].split(","))).isEqualTo(FOCUS_COLUMNS);
        assertThat(lines).as("a header and one row per day x key x model").hasSize(6);
        BigDecimal billed = BigDecimal.ZERO;
        for (int i = 1; i < lines.length; i++) {
            String first = lines[i].substring(0, lines[i].indexOf(','));
            assertThat(first).matches("^[0-9]+\\.[0-9]{6}$");
            billed = billed.add(new BigDecimal(first));
        }
        JsonNode chargeback = get(finance, "?month=" + march()).json();
        assertThat(billed).isEqualTo(new BigDecimal(chargeback.path("totals").path("costUsd").asText()));
        assertThat(billed.movePointRight(6).longValueExact()).isEqualTo(chargeback.path("totals").path("costUsdMicros").asLong());
        assertThat(csv.text()).as("byte-identical when asked again").isEqualTo(focus(finance, "?month=" + march()).text());
    }

    @Test
    void focusJsonRowsCarryCostsPeriodsAndTags() throws Exception {
        Reply reply = focus(admin, "?month=" + march() + "&format=json");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("focusVersion").asText()).isEqualTo("1.2");
        JsonNode first = body.path("data").get(0);
        List<String> names = new ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        assertThat(names).isEqualTo(FOCUS_COLUMNS);
        assertThat(first.path("BilledCost").asText()).isEqualTo("0.300000");
        assertThat(first.path("EffectiveCost").asText()).isEqualTo("0.300000");
        assertThat(first.path("ListCost").asText()).isEqualTo("0.300000");
        assertThat(first.path("ChargePeriodStart").asText()).isEqualTo(FutureYear.text("YYYY-03-02T00:00:00Z"));
        assertThat(first.path("ChargePeriodEnd").asText()).isEqualTo(FutureYear.text("YYYY-03-03T00:00:00Z"));
        assertThat(first.path("BillingPeriodStart").asText()).isEqualTo(FutureYear.text("YYYY-03-01T00:00:00Z"));
        assertThat(first.path("BillingPeriodEnd").asText()).isEqualTo(FutureYear.text("YYYY-04-01T00:00:00Z"));
        assertThat(first.path("ConsumedQuantity").asLong()).isEqualTo(1500);
        assertThat(first.path("SkuId").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(first.path("PublisherName").asText()).isEqualTo("openai");
        assertThat(first.path("ProviderName").asText()).isEqualTo("GateRouter");
        assertThat(first.path("BillingCurrency").asText()).isEqualTo("USD");
        assertThat(first.path("SubAccountId").asText()).isEqualTo(research);
        assertThat(first.path("RegionId").isNull()).isTrue();
        JsonNode tags = com.gaterouter.common.json.Json.MAPPER.readTree(first.path("Tags").asText());
        assertThat(tags.path("costCenter").asText()).isEqualTo("CC-CHAT");
        assertThat(tags.path("department").asText()).isEqualTo(research);
        assertThat(tags.path("project").asText()).isEqualTo(chat);
        assertThat(tags.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(tags.path("tier").asText()).isEqualTo("none");
        assertThat(tags.has("user") && tags.has("key")).isTrue();
        assertThat(body.path("totals").path("BilledCostUsdMicros").asLong()).isEqualTo(2_120_000);
    }

    @Test
    void theFocusExportValidatesAgainstTheFocus12ColumnList() {
        FocusValidator focus12 = FocusValidator.focus12();
        Reply csv = focus(finance, "?month=" + march());
        assertThat(csv.text().split("\r\n")).as("rows to validate").hasSizeGreaterThan(1);
        assertThat(focus12.validateCsv(csv.text())).as("FOCUS 1.2 violations in the CSV").isEmpty();
        JsonNode json = focus(finance, "?month=" + march() + "&format=json").json();
        assertThat(json.path("data").size()).isEqualTo(csv.text().split("\r\n").length - 1);
        assertThat(focus12.validateJson(json)).as("FOCUS 1.2 violations in the JSON form").isEmpty();
    }

    @Test
    void focusIsTenantWide() {
        assertThat(focus(deptAdmin, "?month=" + march()).status()).isEqualTo(403);
        assertThat(focus(member, "?month=" + march()).status()).isEqualTo(403);
        assertThat(focus(admin, "?month=" + march() + "&format=xml").status()).isEqualTo(400);
        assertThat(focus(admin, "").json().path("error").path("param").asText()).isEqualTo("month");
    }
}
