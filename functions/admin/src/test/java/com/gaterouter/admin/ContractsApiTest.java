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
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Vendor contracts, re-pricing and the month close on DynamoDB Local (docs/finops.md). "Today" is
 * YYYY-03-02 ({@link FutureYear}); the figures are computed by hand in the comments.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ContractsApiTest {

    private static AdminHarness h;
    private static Fixtures f;
    private static String t;
    private static String base;
    private static String admin;
    private static String finance;
    private static String deptAdmin;
    private static Principal p;
    /** Tenants of their own for re-pricing and the month close, made on YYYY-01-01 like the first (usage predates no tenant). */
    private static Fixtures.TenantWithAdmin repriceTenant;
    private static Fixtures.TenantWithAdmin closeTenant;

    @BeforeAll
    static void world(LocalTables tables) {
        h = new AdminHarness(tables, FutureYear.instant("YYYY-01-01T08:00:00Z"));
        f = new Fixtures(h);
        Fixtures.TenantWithAdmin tenant = f.tenant("contracts");
        t = tenant.tenantId();
        base = Fixtures.base(t);
        admin = tenant.adminKey().secret();
        String research = f.department(t, "Research");
        String chat = f.project(t, research, "Chat");
        String alice = f.user(t, research, "member");
        finance = f.adminKey(t, f.user(t, null, "finance")).secret();
        deptAdmin = f.adminKey(t, f.user(t, research, "department_admin")).secret();
        p = new Principal(t, research, chat, alice, f.appKey(t, alice, chat).keyId());
        repriceTenant = f.tenant("contracts-reprice");
        closeTenant = f.tenant("contracts-close");
        h.clock.set(FutureYear.instant("YYYY-03-02T09:00:00Z"));
    }

    private static Reply put(String secret, String tenantBase, String vendor, String body, String... headers) {
        return h.as(secret, "PUT", tenantBase + "/contracts/" + vendor, body, headers);
    }

    /** A member's app key in a department and project of its own: whose requests the test writes. */
    private static Principal memberKey(String tenantId) {
        String dept = f.department(tenantId, "D");
        String proj = f.project(tenantId, dept, "P");
        String user = f.user(tenantId, dept, "member");
        return new Principal(tenantId, dept, proj, user, f.appKey(tenantId, user, proj).keyId());
    }

    /** A served request with both of its costs, as the router writes it. */
    static UsageRecord served(Principal principal, String model, Instant at, long listMicros, long costMicros, long version) {
        return new UsageRecord("req-" + UUID.randomUUID(), principal, model, model, model.substring(0, model.indexOf('/')), 1,
                new TokenUsage(1_000, 0, 0, 500, 0), costMicros, 100, 50, UsageStatus.SUCCEEDED, 200, false, at,
                Optional.empty(), List.of(), List.of(), "chat.completions", listMicros, version);
    }

    @Test
    void termsAreRecordedVersionedAuditedAndReadBackAsTheyWereAtEveryVersion() {
        Fixtures.TenantWithAdmin other = f.tenant("contracts-versions");
        String b = Fixtures.base(other.tenantId());
        String key = other.adminKey().secret();
        Reply created = put(key, b, "openai", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01")
                + "\",\"discountPercent\":20,\"creditsUsd\":\"500\",\"monthlyCommitUsd\":1000,\"billingAccount\":\"proj_abc\","
                + "\"modelPrices\":{\"openai/gpt-4o\":{\"input\":\"2.00\",\"output\":\"8.00\"}}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("inForce").path("billingAccount").asText()).isEqualTo("proj_abc");
        JsonNode body = created.json();
        assertThat(body.path("version").asLong()).isEqualTo(1);
        assertThat(created.header("etag")).contains("\"1\"");
        JsonNode terms = body.path("inForce");
        assertThat(terms.path("discountPercent").asText()).isEqualTo("20");
        assertThat(terms.path("discountBasisPoints").asInt()).isEqualTo(2_000);
        assertThat(terms.path("creditsUsdMicros").asLong()).isEqualTo(500_000_000);
        assertThat(terms.path("monthlyCommitUsd").asText()).isEqualTo("1000.000000");
        assertThat(terms.path("modelPrices").path("openai/gpt-4o").path("cachedInputMicros").asLong()).as("defaults to input").isEqualTo(2_000_000);

        // the same terms again change nothing; terms from a later day are a new version
        assertThat(put(key, b, "openai", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01")
                + "\",\"discountPercent\":\"20.00\",\"creditsUsd\":500,\"monthlyCommitUsd\":\"1000\",\"billingAccount\":\"proj_abc\","
                + "\"modelPrices\":{\"openai/gpt-4o\":{\"input\":\"2.00\",\"output\":\"8.00\"}}}").json().path("version").asLong()).isEqualTo(1);
        Reply later = put(key, b, "openai", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-03-01") + "\",\"discountPercent\":12.5}",
                "If-Match", "\"1\"");
        assertThat(later.status()).as(later.toString()).isEqualTo(200);
        assertThat(later.json().path("version").asLong()).isEqualTo(2);
        assertThat(later.json().path("inForce").path("discountBasisPoints").asInt()).as("today is YYYY-03-02").isEqualTo(1_250);
        assertThat(later.json().path("terms")).hasSize(2);
        // a stale If-Match is refused, nothing written
        assertThat(put(key, b, "openai", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-04-01") + "\"}", "If-Match", "\"1\"").status())
                .isEqualTo(412);

        // the tenant-wide pricing is replaced around the contracts, never over them
        assertThat(h.platform("PUT", b + "/pricing", "{\"discountBasisPoints\":500}").status()).isEqualTo(200);
        JsonNode table = h.as(key, "GET", b + "/contracts", null).json();
        assertThat(table.path("version").asLong()).isEqualTo(3);
        assertThat(table.path("contracts")).hasSize(2);
        // every version is kept: the table as it was at version 1
        JsonNode first = h.as(key, "GET", b + "/contracts?version=1", null).json();
        assertThat(first.path("version").asLong()).isEqualTo(1);
        assertThat(first.path("contracts")).hasSize(1);
        assertThat(h.as(key, "GET", b + "/contracts?version=9", null).status()).isEqualTo(404);
        assertThat(h.as(key, "GET", b + "/contracts?version=x", null).errorParam()).isEqualTo("version");

        List<String> actions = new ArrayList<>();
        h.as(key, "GET", b + "/audit", null).json().path("data").forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions).contains("contract.create", "contract.update", "pricing.update");
    }

    @Test
    void onlyTenantAdminsAndPlatformAdminsRecordTermsFinanceReadsThemAndBadTermsAreRefusedByField() {
        String terms = "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01") + "\",\"discountPercent\":10}";
        assertThat(put(finance, base, "anthropic", terms).status()).isEqualTo(403);
        assertThat(put(deptAdmin, base, "anthropic", terms).status()).isEqualTo(403);
        assertThat(h.as(deptAdmin, "GET", base + "/contracts", null).status()).isEqualTo(403);
        assertThat(put(admin, base, "acme-ai", terms).status()).isEqualTo(404);
        assertThat(put(admin, base, "anthropic", "{\"discountPercent\":10}").errorParam()).isEqualTo("effectiveFrom");
        assertThat(put(admin, base, "anthropic", "{\"effectiveFrom\":\"soon\"}").errorParam()).isEqualTo("effectiveFrom");
        assertThat(put(admin, base, "anthropic", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01") + "\",\"discountPercent\":101}")
                .errorParam()).isEqualTo("discountPercent");
        assertThat(put(admin, base, "anthropic", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01") + "\",\"discountPercent\":\"12.345\"}")
                .errorParam()).isEqualTo("discountPercent");
        assertThat(put(admin, base, "anthropic", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01") + "\",\"creditsUsd\":-1}")
                .errorParam()).isEqualTo("creditsUsd");
        Reply otherVendorsModel = put(admin, base, "anthropic", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01")
                + "\",\"modelPrices\":{\"openai/gpt-4o\":{\"input\":1,\"output\":2}}}");
        assertThat(otherVendorsModel.status()).isEqualTo(400);
        assertThat(otherVendorsModel.errorParam()).isEqualTo("modelPrices.openai/gpt-4o");
        assertThat(put(admin, base, "anthropic", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01") + "\",\"billingAccount\":\"a b\"}")
                .errorParam()).isEqualTo("billingAccount");
        assertThat(put(admin, base, "anthropic", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01") + "\",\"surprise\":1}").status())
                .isEqualTo(400);
        assertThat(h.as(finance, "GET", base + "/contracts/anthropic", null).status()).as("nothing was recorded").isEqualTo(404);
    }

    @Test
    void rePricingWithTheVersionThatPricedTheRecordsReproducesThemAndALaterVersionShowsTheDifference() {
        Fixtures.TenantWithAdmin other = repriceTenant;
        String tid = other.tenantId();
        String b = Fixtures.base(tid);
        String key = other.adminKey().secret();
        Principal q = memberKey(tid);
        assertThat(put(key, b, "openai", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01") + "\",\"discountPercent\":20}").status())
                .isEqualTo(201);
        // gpt-4o-mini, 1,000 prompt and 500 completion tokens: list 1,000 × 0.15 + 500 × 0.60 = 450 µ$; 20 % off: 360 µ$
        UsageRecord one = served(q, "openai/gpt-4o-mini", FutureYear.instant("YYYY-02-10T10:00:00Z"), 450, 360, 1);
        UsageRecord two = served(q, "openai/gpt-4o-mini", FutureYear.instant("YYYY-02-11T10:00:00Z"), 450, 360, 1);
        new UsageFixtures(h).raw(one, two);
        assertThat(put(key, b, "openai", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-02-01") + "\",\"discountPercent\":50}").status())
                .isEqualTo(200);

        JsonNode asPriced = h.as(key, "GET", b + "/pricing/reprice?month=" + FutureYear.text("YYYY-02") + "&version=1", null).json();
        assertThat(asPriced.path("pricingVersion").asLong()).isEqualTo(1);
        assertThat(asPriced.path("reproduces").asBoolean()).isTrue();
        assertThat(asPriced.path("totals").path("repricedCostUsdMicros").asLong()).isEqualTo(720);

        // with the terms recorded later (half off from YYYY-02-01): 450 × 0.5 = 225 µ$ a request
        JsonNode now = h.as(key, "GET", b + "/pricing/reprice?month=" + FutureYear.text("YYYY-02"), null).json();
        assertThat(now.path("pricingVersion").asLong()).isEqualTo(2);
        assertThat(now.path("reproduces").asBoolean()).isFalse();
        JsonNode row = now.path("data").get(0);
        assertThat(row.path("model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(row.path("recordedCostUsdMicros").asLong()).isEqualTo(720);
        assertThat(row.path("repricedCostUsdMicros").asLong()).isEqualTo(450);
        assertThat(row.path("differenceUsdMicros").asLong()).isEqualTo(-270);
        assertThat(row.path("repricedListCostUsdMicros").asLong()).isEqualTo(row.path("recordedListCostUsdMicros").asLong()).isEqualTo(900);
        assertThat(h.as(deptAdmin, "GET", base + "/pricing/reprice?month=" + FutureYear.text("YYYY-02"), null).status()).isEqualTo(403);
    }

    @Test
    void aMonthCloseDrawsCreditsBeforeBillingOwesTheUnusedCommitmentAndClosingAgainChangesNothing() {
        Fixtures.TenantWithAdmin other = closeTenant;
        String tid = other.tenantId();
        String b = Fixtures.base(tid);
        String key = other.adminKey().secret();
        Principal q = memberKey(tid);
        // openai from January: 20 % off, $1 of credits, $0.50 a month committed; anthropic from February: $2 committed
        assertThat(put(key, b, "openai", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-01-01")
                + "\",\"discountPercent\":20,\"creditsUsd\":1,\"monthlyCommitUsd\":\"0.5\"}").status()).isEqualTo(201);
        assertThat(put(key, b, "anthropic", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-02-01") + "\",\"monthlyCommitUsd\":2}").status())
                .isEqualTo(200);
        UsageFixtures usage = new UsageFixtures(h);
        UsageRecord january = served(q, "openai/gpt-4o", FutureYear.instant("YYYY-01-20T10:00:00Z"), 750_000, 600_000, 1);
        usage.rolledUp(tid, january);
        usage.raw(january);
        h.rollups.advanceWatermark(tid, FutureYear.date(1, 31));
        usage.raw(served(q, "openai/gpt-4o", FutureYear.instant("YYYY-02-03T10:00:00Z"), 375_000, 300_000, 2),
                served(q, "anthropic/claude-sonnet-4-5", FutureYear.instant("YYYY-02-04T10:00:00Z"), 100_000, 100_000, 2));

        Reply closed = h.as(key, "POST", b + "/month-closes", "{\"month\":\"" + FutureYear.text("YYYY-02") + "\"}");
        assertThat(closed.status()).as(closed.toString()).isEqualTo(201);
        JsonNode close = closed.json();
        JsonNode anthropic = close.path("vendors").get(0);
        JsonNode openai = close.path("vendors").get(1);
        assertThat(anthropic.path("vendor").asText()).isEqualTo("anthropic");
        // anthropic: cost 100,000; no credits; committed 2,000,000 → shortfall 1,900,000; billed 2,000,000
        assertThat(anthropic.path("commitShortfallUsdMicros").asLong()).isEqualTo(1_900_000);
        assertThat(anthropic.path("billedUsdMicros").asLong()).isEqualTo(2_000_000);
        // openai: January drew 600,000 of the 1,000,000 credits; February draws min(400,000, 300,000) = 300,000,
        // leaving 100,000; committed 500,000 − 300,000 = 200,000 short; billed 300,000 − 300,000 + 200,000 = 200,000
        assertThat(openai.path("costUsdMicros").asLong()).isEqualTo(300_000);
        assertThat(openai.path("listCostUsdMicros").asLong()).isEqualTo(375_000);
        assertThat(openai.path("savingsUsdMicros").asLong()).isEqualTo(75_000);
        assertThat(openai.path("creditsDrawnUsdMicros").asLong()).isEqualTo(300_000);
        assertThat(openai.path("creditsRemainingUsdMicros").asLong()).isEqualTo(100_000);
        assertThat(openai.path("commitShortfallUsdMicros").asLong()).isEqualTo(200_000);
        assertThat(openai.path("billedUsdMicros").asLong()).isEqualTo(200_000);
        assertThat(close.path("totals").path("billedUsdMicros").asLong()).isEqualTo(2_200_000);
        assertThat(close.path("totals").path("billedUsd").asText()).isEqualTo("2.200000");
        assertThat(close.path("costCenters").get(0).path("costUsdMicros").asLong()).isEqualTo(400_000);
        assertThat(close.path("pricingVersion").asLong()).isEqualTo(2);

        // the FOCUS export of the month: usage at contract cost beside list, a Credit row for the credits drawn and an
        // Adjustment row per unused commitment; it validates against FOCUS 1.2 and its BilledCost adds up to the close
        JsonNode focus = h.as(key, "GET", b + "/exports/focus?month=" + FutureYear.text("YYYY-02") + "&format=json", null).json();
        assertThat(com.gaterouter.admin.analytics.FocusValidator.focus12().validateJson(focus)).isEmpty();
        assertThat(com.gaterouter.admin.analytics.FocusValidator.focus12().validateCsv(
                h.as(key, "GET", b + "/exports/focus?month=" + FutureYear.text("YYYY-02"), null).text())).isEmpty();
        assertThat(focus.path("totals").path("BilledCostUsdMicros").asLong()).isEqualTo(2_200_000);
        List<String> categories = new ArrayList<>();
        focus.path("data").forEach(row -> categories.add(row.path("ChargeCategory").asText() + " " + row.path("PublisherName").asText()
                + " " + row.path("BilledCost").asText() + " " + row.path("ListCost").asText()));
        assertThat(categories).containsExactly("Usage openai 0.300000 0.375000", "Usage anthropic 0.100000 0.100000",
                "Adjustment anthropic 1.900000 1.900000", "Credit openai -0.300000 -0.300000", "Adjustment openai 0.200000 0.200000");

        // January: the credits cover it all, the commitment is met: nothing billed
        JsonNode jan = h.as(key, "POST", b + "/month-closes", "{\"month\":\"" + FutureYear.text("YYYY-01") + "\"}").json();
        assertThat(jan.path("vendors")).hasSize(1);
        assertThat(jan.path("vendors").get(0).path("creditsDrawnUsdMicros").asLong()).isEqualTo(600_000);
        assertThat(jan.path("totals").path("billedUsdMicros").asLong()).isZero();

        // closing again changes nothing: the kept close, byte for byte
        Reply again = h.as(key, "POST", b + "/month-closes", "{\"month\":\"" + FutureYear.text("YYYY-02") + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text()).isEqualTo(closed.text());
        assertThat(h.as(key, "GET", b + "/month-closes/" + FutureYear.text("YYYY-02"), null).text()).isEqualTo(closed.text());

        // usage recorded after the close: the kept close stays, and closing again says so
        usage.raw(served(q, "openai/gpt-4o", FutureYear.instant("YYYY-02-27T10:00:00Z"), 1_000, 800, 2));
        Reply changed = h.as(key, "POST", b + "/month-closes", "{\"month\":\"" + FutureYear.text("YYYY-02") + "\"}");
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.errorCode()).isEqualTo("month_close_changed");
        assertThat(h.as(key, "GET", b + "/month-closes/" + FutureYear.text("YYYY-02"), null).text()).isEqualTo(closed.text());

        // a month that is not over, a month never closed, and who may close
        assertThat(h.as(key, "POST", b + "/month-closes", "{\"month\":\"" + FutureYear.text("YYYY-03") + "\"}").errorParam()).isEqualTo("month");
        assertThat(h.as(key, "GET", b + "/month-closes/" + FutureYear.text("YYYY-04"), null).status()).isEqualTo(404);
        assertThat(h.as(key, "POST", b + "/month-closes", "{\"month\":\"February\"}").errorParam()).isEqualTo("month");
        assertThat(h.as(deptAdmin, "POST", base + "/month-closes", "{\"month\":\"" + FutureYear.text("YYYY-02") + "\"}").status()).isEqualTo(403);
        // finance reads closes but changes nothing; its tenant admin closes: a month without usage or terms owes nothing
        assertThat(h.as(finance, "POST", base + "/month-closes", "{\"month\":\"" + FutureYear.text("YYYY-01") + "\"}").status()).isEqualTo(403);
        Reply emptyClose = h.as(admin, "POST", base + "/month-closes", "{\"month\":\"" + FutureYear.text("YYYY-01") + "\"}");
        assertThat(emptyClose.status()).as(emptyClose.toString()).isEqualTo(201);
        assertThat(emptyClose.json().path("totals").path("billedUsdMicros").asLong()).isZero();
        assertThat(h.as(finance, "GET", base + "/month-closes/" + FutureYear.text("YYYY-01"), null).status()).isEqualTo(200);
    }
}
