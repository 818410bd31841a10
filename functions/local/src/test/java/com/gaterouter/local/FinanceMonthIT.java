package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.local.GatewayHttp.Reply;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's test month, end to end through the local gateway on a clock the test moves: a tenant
 * with contracts at two vendors (20 % off each, $500 of OpenAI credits), a month of traffic through the
 * gateway across both, and about 3 % more sent straight to the vendors (bypassing the gateway); then
 * the month is closed, exported as FOCUS and reconciled with the vendors' own usage and cost exports
 * from the simulator. The month is a fixed one ({@link #MONTH}): every part of the gateway and the
 * simulator tells the time by the test's clock, so nothing here depends on today's date.
 */
class FinanceMonthIT {

    static final YearMonth MONTH = YearMonth.of(2026, 3);
    static final int DAYS = 30;
    static final int GATEWAY_REQUESTS_A_DAY = 10;
    /** One in 33 of a vendor's calls goes around the gateway: 3 %. */
    static final int BYPASS_EVERY = 33;
    private static final HttpClient DIRECT = HttpClient.newHttpClient();

    static MutableClock clock;
    static GatewayHttp http;
    static LocalGateway gateway;
    static String base;
    static String tenantAdmin;
    static String appKey;
    static int bypassed;
    static final Map<String, Integer> bypassedBy = new java.util.TreeMap<>();
    static int served;

    @BeforeAll
    static void aMonthOfTraffic() throws Exception {
        clock = new MutableClock(MONTH.atDay(1).atTime(6, 0).toInstant(ZoneOffset.UTC));
        gateway = LocalGateway.start(new LocalOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false),
                Map.of("GATEROUTER_KEY_CACHE_TTL_SECONDS", "1", "GATEROUTER_SIM_TTFT_MS", "0", "GATEROUTER_SIM_TOKENS_PER_SECOND", "0",
                        "GATEROUTER_ROLLUP_EVERY_SECONDS", "86400",
                        // the scheduled fetch of the vendors' exports runs every second here (a day by default)
                        "GATEROUTER_RECONCILE_EVERY_SECONDS", "1"), clock);
        http = new GatewayHttp(gateway);
        String platform = gateway.adminKey();
        Reply tenant = http.call("POST", "/admin/v1/tenants", platform,
                "{\"name\":\"Month Corp\",\"admin\":{\"email\":\"fin@month.example\",\"name\":\"Fin\"}}");
        assertThat(tenant.status()).as(tenant.body().toString()).isEqualTo(201);
        base = "/admin/v1/tenants/" + tenant.body().path("tenantId").asText();
        tenantAdmin = tenant.body().path("adminKey").path("secret").asText();
        String d = created(http.call("POST", base + "/departments", tenantAdmin, "{\"name\":\"Research\",\"costCenter\":\"CC-4711\"}"),
                "departmentId");
        String p = created(http.call("POST", base + "/projects", tenantAdmin, "{\"name\":\"Assistant\",\"departmentId\":\"" + d + "\"}"),
                "projectId");
        String u = created(http.call("POST", base + "/users", tenantAdmin,
                "{\"email\":\"ana@month.example\",\"name\":\"Ana\",\"departmentId\":\"" + d + "\",\"role\":\"member\"}"), "userId");
        appKey = http.call("POST", base + "/keys", tenantAdmin, "{\"userId\":\"" + u + "\",\"projectId\":\"" + p + "\",\"name\":\"app\"}")
                .body().path("secret").asText();

        // the contracts: 20 % off at both vendors from the 1st, and $500 of prepaid OpenAI credits
        assertThat(http.call("PUT", base + "/contracts/openai", tenantAdmin,
                "{\"effectiveFrom\":\"" + MONTH.atDay(1) + "\",\"discountPercent\":20,\"creditsUsd\":500}").status()).isEqualTo(201);
        assertThat(http.call("PUT", base + "/contracts/anthropic", tenantAdmin,
                "{\"effectiveFrom\":\"" + MONTH.atDay(1) + "\",\"discountPercent\":20}").status()).isEqualTo(200);
        // the vendors bill the same terms
        URI sim = gateway.simulator().orElseThrow().baseUri();
        for (String vendor : new String[] {"openai", "anthropic"}) {
            assertThat(direct("PUT", sim.resolve("/_sim/billing/terms"), "{\"vendor\":\"" + vendor + "\",\"discountPercent\":\"20\"}")
                    .statusCode()).isEqualTo(200);
        }
        Thread.sleep(1_100);   // the key cache (1 s) reads the contracts

        int call = 0;
        for (int day = 1; day <= DAYS; day++) {
            for (int i = 0; i < GATEWAY_REQUESTS_A_DAY; i++) {
                clock.set(MONTH.atDay(day).atTime(8 + i, 0).toInstant(ZoneOffset.UTC));
                boolean openAi = i % 2 == 0;
                String words = "word ".repeat(5 + (day * 7 + i * 3) % 40);
                call++;
                if (call % BYPASS_EVERY == 0) {
                    bypass(sim, openAi, words);
                    bypassed++;
                    bypassedBy.merge(openAi ? "openai" : "anthropic", 1, Integer::sum);
                }
                Reply reply = openAi
                        ? http.call("POST", "/v1/chat/completions", appKey,
                                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}")
                        : http.call("POST", "/v1/messages", appKey, "{\"model\":\"anthropic/claude-haiku-4-5\",\"max_tokens\":64,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}");
                assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
                served++;
            }
        }
        awaitRecorded(served);
        // the contracts name the vendor accounts whose usage is this tenant's: the scheduled fetch reconciles them
        for (String[] account : new String[][] {{"openai", "proj_sim", ",\"creditsUsd\":500"}, {"anthropic", "wrkspc_sim", ""}}) {
            assertThat(http.call("PUT", base + "/contracts/" + account[0], tenantAdmin, "{\"effectiveFrom\":\"" + MONTH.atDay(1)
                    + "\",\"discountPercent\":20" + account[2] + ",\"billingAccount\":\"" + account[1] + "\"}").status()).isEqualTo(200);
        }
        // the month is over (on the 1st the fetch takes the whole previous month): roll it up, as the nightly schedule would
        clock.set(MONTH.plusMonths(1).atDay(1).atTime(6, 0).toInstant(ZoneOffset.UTC));
        assertThat(http.call("POST", base + "/rollups/run", tenantAdmin, null).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String created(Reply reply, String field) {
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
        return reply.body().path(field).asText();
    }

    /** A call straight to the vendor (the simulator), with no gateway key: traffic the gateway never saw. */
    private static void bypass(URI sim, boolean openAi, String words) throws Exception {
        HttpResponse<String> answer = openAi
                ? direct("POST", sim.resolve("/openai/v1/chat/completions"),
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}")
                : direct("POST", sim.resolve("/anthropic/v1/messages"),
                        "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"" + words + "\"}]}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    static HttpResponse<String> direct(String method, URI uri, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return DIRECT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The local gateway writes usage records a moment after answering. */
    private static void awaitRecorded(int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long recorded;
        do {
            Reply spend = http.call("GET", base + "/analytics/spend?groupBy=model&from=" + MONTH.atDay(1) + "&to=" + MONTH.atEndOfMonth(),
                    tenantAdmin, null);
            recorded = spend.body().path("totals").path("requests").asLong();
            if (recorded >= expected) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(recorded).as("usage records written").isEqualTo(expected);
    }

    private static long micros(JsonNode node, String field) {
        return node.path(field).asLong();
    }

    @Test
    void theMonthIsPricedAtTheContractsAndAnalyticsBudgetsAndTheCloseAgree() throws Exception {
        assertThat(bypassed).as("about 3 % of the calls went around the gateway").isBetween(served * 2 / 100, served * 4 / 100);
        // the first close keeps it (201); the FOCUS test may have closed the month already (200, the same close)
        Reply close = http.call("POST", base + "/month-closes", tenantAdmin, "{\"month\":\"" + MONTH + "\"}");
        assertThat(close.status()).as(close.body().toString()).isIn(200, 201);
        JsonNode totals = close.body().path("totals");
        assertThat(totals.path("requests").asLong()).isEqualTo(served);
        // the contract cost is 80 % of list, request by request, each rounded once: within half a micro-dollar a request
        long list = micros(totals, "listCostUsdMicros");
        long cost = micros(totals, "costUsdMicros");
        assertThat(cost).isPositive();
        assertThat(Math.abs(cost * 10 - list * 8)).isLessThanOrEqualTo(10L * served);
        // analytics and the close read the same records: the same contract cost to the micro-dollar
        Reply spend = http.call("GET", base + "/analytics/spend?groupBy=model&from=" + MONTH.atDay(1) + "&to=" + MONTH.atEndOfMonth(),
                tenantAdmin, null);
        assertThat(spend.body().path("totals").path("costUsdMicros").asLong()).isEqualTo(cost);
        // OpenAI's $500 of credits cover its month: nothing billed there; Anthropic is billed its contract cost
        JsonNode anthropic = close.body().path("vendors").get(0);
        JsonNode openai = close.body().path("vendors").get(1);
        assertThat(openai.path("vendor").asText()).isEqualTo("openai");
        assertThat(micros(openai, "creditsDrawnUsdMicros")).isEqualTo(micros(openai, "costUsdMicros"));
        assertThat(micros(openai, "creditsRemainingUsdMicros")).isEqualTo(500_000_000 - micros(openai, "costUsdMicros"));
        assertThat(micros(openai, "billedUsdMicros")).isZero();
        assertThat(micros(anthropic, "billedUsdMicros")).isEqualTo(micros(anthropic, "costUsdMicros"));
        assertThat(micros(totals, "billedUsdMicros")).isEqualTo(micros(anthropic, "costUsdMicros"));

        // closing again changes nothing, byte for byte
        Reply again = http.call("POST", base + "/month-closes", tenantAdmin, "{\"month\":\"" + MONTH + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.raw().body()).isEqualTo(close.raw().body());
        assertThat(new BigDecimal(totals.path("costUsd").asText()).movePointRight(6).longValueExact()).isEqualTo(cost);
        assertThat(Json.MAPPER.readTree(again.raw().body()).path("digest").asText()).isEqualTo(close.body().path("digest").asText());
    }

    @Test
    void theFocusExportValidatesAgainstFocus12AndBillsWhatTheCloseBills() throws Exception {
        Reply json = http.call("GET", base + "/exports/focus?month=" + MONTH + "&format=json", tenantAdmin, null);
        assertThat(json.status()).isEqualTo(200);
        assertThat(com.gaterouter.admin.analytics.FocusValidator.focus12().validateJson(json.body())).isEmpty();
        String csv = http.send("GET", base + "/exports/focus?month=" + MONTH, tenantAdmin, null).body();
        assertThat(com.gaterouter.admin.analytics.FocusValidator.focus12().validateCsv(csv)).isEmpty();
        // exported again: the same bytes
        assertThat(http.send("GET", base + "/exports/focus?month=" + MONTH, tenantAdmin, null).body()).isEqualTo(csv);
        // usage rows at contract cost, then OpenAI's credits drawn: BilledCost adds up to what the close bills
        Reply close = http.call("POST", base + "/month-closes", tenantAdmin, "{\"month\":\"" + MONTH + "\"}");
        assertThat(close.status()).isIn(200, 201);
        assertThat(json.body().path("totals").path("BilledCostUsdMicros").asLong())
                .isEqualTo(close.body().path("totals").path("billedUsdMicros").asLong());
        long credits = 0;
        for (JsonNode row : json.body().path("data")) {
            if (row.path("ChargeCategory").asText().equals("Credit")) {
                credits -= new BigDecimal(row.path("BilledCost").asText()).movePointRight(6).longValueExact();
            }
        }
        assertThat(credits).isEqualTo(close.body().path("totals").path("creditsDrawnUsdMicros").asLong()).isPositive();
    }

    @Test
    void eachVendorsInvoiceReconcilesToTheCentWithTheBypassIdentified() throws Exception {
        URI sim = gateway.simulator().orElseThrow().baseUri();
        for (String vendor : new String[] {"openai", "anthropic"}) {
            // the vendor's own usage and cost export for the month, as its admin API gives it
            HttpResponse<String> export = direct("GET", sim.resolve("/_sim/billing/" + vendor + "/export?month=" + MONTH), null);
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            Reply reply = http.call("POST", base + "/reconciliations?format=" + vendor + "&month=" + MONTH, tenantAdmin, export.body());
            assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
            JsonNode summary = reply.body().path("summary");
            assertThat(summary.path("reconciled").asBoolean()).as(vendor + ": " + summary).isTrue();
            assertThat(micros(summary, "unexplainedUsdMicros")).as(vendor + " unexplained").isZero();
            // what the gateway charged plus what went around it is what the vendor billed: to the cent
            long invoice = summary.path("invoice").path("costUsdMicros").asLong();
            long gatewayCost = summary.path("gateway").path("costUsdMicros").asLong();
            long bypass = micros(summary, "bypassUsdMicros");
            assertThat(bypass).as(vendor + " bypass").isPositive();
            assertThat(Math.abs(invoice - gatewayCost - bypass)).as(vendor + ": invoice − gateway − bypass, micro-USD").isLessThan(10_000);
            assertThat(summary.path("gateway").path("requests").asLong()).isEqualTo(served / 2);
            // the bypass is found on the days it happened, and nowhere else
            int bypassRows = 0;
            for (JsonNode row : reply.body().path("data")) {
                String cause = row.path("cause").asText();
                assertThat(cause).as(row.toString()).isIn("matched", "bypass");
                if (cause.equals("bypass")) {
                    bypassRows++;
                    assertThat(row.path("bypassTokens").asLong()).isPositive();
                    if (!row.path("invoiceRequests").isNull()) {   // OpenAI counts requests; Anthropic's report does not
                        assertThat(row.path("invoiceRequests").asLong() - row.path("gatewayRequests").asLong()).isEqualTo(1);
                    }
                }
            }
            assertThat(bypassRows).as(vendor + " days with bypass").isEqualTo(bypassedBy.get(vendor));
            System.out.printf("[finance month] %s: invoice %s, gateway %s, bypass %s (%s %% of the invoice, %d calls), unexplained %s%n",
                    vendor, summary.path("invoice").path("costUsd").asText(), summary.path("gateway").path("costUsd").asText(),
                    summary.path("bypassUsd").asText(), summary.path("bypassSharePercent").asText(), bypassedBy.get(vendor),
                    summary.path("unexplainedUsd").asText());
            assertThat(new BigDecimal(summary.path("bypassSharePercent").asText())).isBetween(new BigDecimal("1.5"), new BigDecimal("5"));
        }
    }

    @Test
    void theScheduledFetchReconcilesEachVendorsAccountOnItsOwn() throws Exception {
        // the fetch runs every second here: wait for its reconciliations of the whole month, by the system actor
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, JsonNode> fetched = new java.util.TreeMap<>();
        while (fetched.size() < 2 && System.nanoTime() < deadline) {
            for (JsonNode listed : http.call("GET", base + "/reconciliations?limit=100", tenantAdmin, null).body().path("data")) {
                if (listed.path("createdBy").path("kind").asText().equals("system") && listed.path("from").asText().equals(MONTH.atDay(1).toString())
                        && listed.path("to").asText().equals(MONTH.atEndOfMonth().toString())) {
                    fetched.putIfAbsent(listed.path("vendor").asText(), listed);
                }
            }
            Thread.sleep(250);
        }
        assertThat(fetched.keySet()).containsExactly("anthropic", "openai");
        assertThat(fetched.get("openai").path("account").asText()).isEqualTo("proj_sim");
        for (JsonNode listed : fetched.values()) {
            JsonNode summary = listed.path("summary");
            assertThat(summary.path("reconciled").asBoolean()).as(summary.toString()).isTrue();
            assertThat(summary.path("byCause").path("bypass").path("rows").asInt()).isEqualTo(bypassedBy.get(listed.path("vendor").asText()));
            assertThat(summary.path("unexplainedUsdMicros").asLong()).isZero();
        }
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
