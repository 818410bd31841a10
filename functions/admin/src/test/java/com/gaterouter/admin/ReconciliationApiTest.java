package com.gaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.AdminHarness.Reply;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.admin.testing.UsageFixtures;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.gaterouter.admin.testing.ReconciliationFixtures.csvLine;

/**
 * {@code …/reconciliations} on DynamoDB Local, with the fixtures' export format and price book
 * ({@link com.gaterouter.admin.testing.ReconciliationFixtures}). "Today" is YYYY-03-20. The gateway
 * served ten gpt-4o-mini requests on YYYY-03-05 (10 000 input, 5 000 output tokens, 3 600 µ$) and
 * one claude-3-haiku request (another vendor). The invoice has 300 input and 150 output tokens more
 * on 03-05 (108 µ$ at the contract price: a bypass) and a line on 02-28, outside March.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ReconciliationApiTest {

    private static AdminHarness h;
    private static String base;
    private static String admin;
    private static String finance;
    private static String deptAdmin;
    private static String member;
    private static String otherAdmin;
    private static final LocalDate DAY = FutureYear.date(3, 5);

    @BeforeAll
    static void world(LocalTables tables) {
        h = new AdminHarness(tables, FutureYear.instant("YYYY-02-01T08:00:00Z"));
        Fixtures f = new Fixtures(h);
        Fixtures.TenantWithAdmin tenant = f.tenant("reconcile");
        String t = tenant.tenantId();
        base = Fixtures.base(t);
        admin = tenant.adminKey().secret();
        otherAdmin = f.tenant("reconcile-other").adminKey().secret();
        String research = f.department(t, "Research");
        String chat = f.project(t, research, "Chat");
        String alice = f.user(t, research, "member");
        finance = f.adminKey(t, f.user(t, null, "finance")).secret();
        deptAdmin = f.adminKey(t, f.user(t, research, "department_admin")).secret();
        member = f.adminKey(t, alice).secret();
        Principal a = new Principal(t, research, chat, alice, f.appKey(t, alice, chat).keyId());
        UsageFixtures usage = new UsageFixtures(h);
        for (int i = 0; i < 10; i++) {
            usage.raw(UsageFixtures.request(a, "openai/gpt-4o-mini", FutureYear.instant("YYYY-03-05T10:00:00Z").plusSeconds(i), 1000, 500,
                    360, false, Optional.empty()));
        }
        usage.raw(UsageFixtures.request(a, "anthropic/claude-3-haiku", FutureYear.instant("YYYY-03-05T11:00:00Z"), 100, 10, 30, false,
                Optional.empty()));
        h.clock.set(FutureYear.instant("YYYY-03-20T09:00:00Z"));
    }

    /** The invoice: 03-05 with the bypass, account proj_gw; a line of another account; a line of February. */
    private static String invoice() {
        return csvLine("gpt-4o-mini-2024-07-18", DAY, TokenClass.INPUT, 10_300L, 10L, 1_236, "proj_gw")
                + csvLine("gpt-4o-mini-2024-07-18", DAY, TokenClass.OUTPUT, 5_150L, 10L, 2_472, "proj_gw")
                + csvLine("gpt-4o-mini", DAY, TokenClass.INPUT, 1_000L, null, 120, "proj_other")
                + csvLine("gpt-4o-mini", FutureYear.date(2, 28), TokenClass.INPUT, 1_000L, null, 120, "proj_gw");
    }

    private static String march() {
        return FutureYear.text("YYYY-03");
    }

    private static Reply post(String secret, String query, String body) {
        return h.as(secret, "POST", base + "/reconciliations" + query, body);
    }

    @Test
    void anUploadedExportIsReconciledStoredAndAudited() {
        Reply reply = post(finance, "?format=openai&month=" + march() + "&account=proj_gw", invoice());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonNode body = reply.json();
        String id = body.path("id").asText();
        assertThat(id).startsWith("rec_");
        assertThat(body.path("object").asText()).isEqualTo("reconciliation");
        assertThat(body.path("vendor").asText()).isEqualTo("openai");
        assertThat(body.path("format").asText()).isEqualTo("openai");
        assertThat(body.path("from").asText()).isEqualTo(FutureYear.text("YYYY-03-01"));
        assertThat(body.path("to").asText()).isEqualTo(FutureYear.text("YYYY-03-31"));
        assertThat(body.path("account").asText()).isEqualTo("proj_gw");
        assertThat(body.path("createdBy").path("kind").asText()).isEqualTo("user");

        JsonNode row = body.path("data").get(0);
        assertThat(body.path("data")).hasSize(1);
        assertThat(row.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(row.path("day").asText()).isEqualTo(DAY.toString());
        assertThat(row.path("cause").asText()).isEqualTo("bypass");
        assertThat(row.path("gatewayRequests").asLong()).isEqualTo(10);
        assertThat(row.path("gatewayInputTokens").asLong()).isEqualTo(10_000);
        assertThat(row.path("invoiceInputTokens").asLong()).isEqualTo(10_300);
        assertThat(row.path("gatewayCostUsdMicros").asLong()).isEqualTo(3_600);
        assertThat(row.path("gatewayCostUsd").asText()).isEqualTo("0.003600");
        assertThat(row.path("invoiceCostUsdMicros").asLong()).isEqualTo(3_708);
        assertThat(row.path("differenceUsdMicros").asLong()).isEqualTo(108);
        assertThat(row.path("toleranceUsdMicros").decimalValue()).isEqualByComparingTo("6.0");
        assertThat(row.path("bypassTokens").asLong()).isEqualTo(450);
        assertThat(row.path("bypassUsdMicros").asLong()).isEqualTo(108);

        JsonNode summary = body.path("summary");
        assertThat(summary.path("reconciled").asBoolean()).isTrue();
        assertThat(summary.path("lines").path("read").asLong()).isEqualTo(4);
        assertThat(summary.path("lines").path("outsidePeriod").asLong()).isEqualTo(1);
        assertThat(summary.path("lines").path("otherAccounts").asLong()).isEqualTo(1);
        assertThat(summary.path("gateway").path("costUsdMicros").asLong()).isEqualTo(3_600);
        assertThat(summary.path("invoice").path("costUsdMicros").asLong()).isEqualTo(3_708);
        assertThat(summary.path("byCause").path("bypass").path("differenceUsdMicros").asLong()).isEqualTo(108);
        assertThat(summary.path("unexplainedUsdMicros").asLong()).isZero();
        assertThat(summary.path("bypassSharePercent").decimalValue()).isEqualByComparingTo("2.91");

        Reply got = h.as(admin, "GET", base + "/reconciliations/" + id, null);
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.json().path("summary")).isEqualTo(summary);
        assertThat(got.json().path("data")).isEqualTo(body.path("data"));
        assertThat(got.json().path("invoiceLines")).hasSize(4);
        assertThat(got.json().path("invoiceLines").get(0).path("vendorModel").asText()).isEqualTo("gpt-4o-mini-2024-07-18");

        Reply audit = h.as(admin, "GET", base + "/audit?action=reconciliation.create", null);
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        List<String> targets = new ArrayList<>();
        audit.json().path("data").forEach(e -> targets.add(e.path("target").path("kind").asText() + "/" + e.path("target").path("id").asText()));
        assertThat(targets).contains("reconciliation/" + id);
    }

    @Test
    void withoutTheAccountFilterTheOtherAccountsLineIsMoreBypass() {
        Reply reply = post(admin, "?format=openai&from=" + FutureYear.text("YYYY-03-01") + "&to=" + FutureYear.text("YYYY-03-20"), invoice());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonNode row = reply.json().path("data").get(0);
        // 1 300 input and 150 output tokens more: 156 + 72 = 228 µ$
        assertThat(row.path("cause").asText()).isEqualTo("bypass");
        assertThat(row.path("bypassUsdMicros").asLong()).isEqualTo(228);
        assertThat(reply.json().path("account").isNull()).isTrue();
    }

    @Test
    void theListIsNewestFirstAndTheReportComesAsCsv() {
        String first = post(finance, "?format=openai&month=" + march(), invoice()).id("id");
        h.clock.advance(java.time.Duration.ofSeconds(1));
        String second = post(finance, "?format=openai&month=" + march() + "&account=proj_gw", invoice()).id("id");

        Reply list = h.as(finance, "GET", base + "/reconciliations?limit=100", null);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().path("data").forEach(r -> ids.add(r.path("id").asText()));
        assertThat(ids.indexOf(second)).isLessThan(ids.indexOf(first)).isNotNegative();
        JsonNode entry = list.json().path("data").get(ids.indexOf(second));
        assertThat(entry.path("summary").path("reconciled").asBoolean()).isTrue();
        assertThat(entry.has("data")).isFalse();

        Reply csv = h.as(finance, "GET", base + "/reconciliations/" + second + "?format=csv", null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).contains("text/csv; charset=utf-8");
        String[] lines = csv.text().split("\r\n");
        assertThat(lines[0]).startsWith("vendor,model,day,cause,gatewayRequests,invoiceRequests,");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith("openai,openai/gpt-4o-mini," + DAY + ",bypass,10,10,10000,10300,");
        assertThat(lines[1]).contains(",3600,0.003600,3708,0.003708,108,0.000108,6.0,450,108,0.000108,");
    }

    @Test
    void tenantAdminsFinanceAndPlatformAdminsMayOthersMayNot() {
        assertThat(post(admin, "?format=openai&month=" + march(), invoice()).status()).isEqualTo(201);
        assertThat(h.platform("POST", base + "/reconciliations?format=openai&month=" + march(), invoice()).status()).isEqualTo(201);
        for (String secret : List.of(deptAdmin, member)) {
            assertThat(post(secret, "?format=openai&month=" + march(), invoice()).status()).isEqualTo(403);
            assertThat(h.as(secret, "GET", base + "/reconciliations", null).status()).isEqualTo(403);
        }
        assertThat(post(otherAdmin, "?format=openai&month=" + march(), invoice()).status()).isEqualTo(404);
        assertThat(h.as(otherAdmin, "GET", base + "/reconciliations", null).status()).isEqualTo(404);
        assertThat(h.as(admin, "GET", base + "/reconciliations/rec_0000000000000nothing", null).status()).isEqualTo(404);
    }

    @Test
    void withoutAReconciliationBackendTheRoutesAuthorizeThenAnswer501() {
        AdminApp bare = new AdminApp(h.accounts, h.apiKeys, h.clock);
        String path = base + "/reconciliations?format=openai&month=" + march();
        assertThat(status(bare.handle(AdminHarness.request("POST", path, invoice(), finance)))).isEqualTo(501);
        assertThat(status(bare.handle(AdminHarness.request("GET", base + "/reconciliations", null, finance)))).isEqualTo(501);
        assertThat(status(bare.handle(AdminHarness.request("POST", path, invoice(), member)))).isEqualTo(403);
        assertThat(status(bare.handle(AdminHarness.request("GET", base + "/reconciliations", null, otherAdmin)))).isEqualTo(404);
    }

    private static int status(com.gaterouter.common.api.ApiResponse response) {
        return ((com.gaterouter.common.api.ApiResponse.Buffered) response).status();
    }

    @Test
    void badRequestsAre400sThatNameTheParameter() {
        String m = "&month=" + march();
        expect400(post(admin, "?month=" + march(), invoice()), "format", "one of anthropic, openai");
        expect400(post(admin, "?format=aws-cur" + m, invoice()), "format", "known formats are anthropic, openai");
        expect400(post(admin, "?format=openai" + m, "gpt-4o-mini,not enough\n"), "body", "not a valid openai export: line 1: expected 7 fields");
        expect400(post(admin, "?format=openai" + m, ""), "body", "export file");
        expect400(post(admin, "?format=openai", invoice()), "from", "'month'");
        expect400(post(admin, "?format=openai&month=" + FutureYear.text("YYYY-04"), invoice()), "month", "after the current month");
        expect400(post(admin, "?format=openai&month=March", invoice()), "month", "UTC month");
        expect400(post(admin, "?format=openai&from=" + FutureYear.text("YYYY-02-01") + "&to=" + FutureYear.text("YYYY-03-04"), invoice()),
                "from", "at most 31");
        expect400(post(admin, "?format=openai&from=" + FutureYear.text("YYYY-03-10") + "&to=" + FutureYear.text("YYYY-03-21"), invoice()),
                "to", "in the future");
        expect400(post(admin, "?format=openai&from=" + FutureYear.text("YYYY-03-10") + m, invoice()), "month", "not both");
        expect400(post(admin, "?format=openai" + m + "&colour=blue", invoice()), "colour", "Unknown query parameter");
        expect400(h.as(admin, "GET", base + "/reconciliations/rec_1?format=xml", null), "format", "json or csv");
    }

    private static void expect400(Reply reply, String param, String message) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.errorParam()).as(reply.toString()).isEqualTo(param);
        assertThat(reply.json().path("error").path("message").asText()).as(reply.toString()).contains(message);
    }
}
