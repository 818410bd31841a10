package com.gaterouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.billing.BilledCall;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The billing ledger, terms and the vendors' usage and cost exports. */
class BillingTest {

    private static final Instant START = Instant.parse("2026-03-30T10:00:00Z");
    private static final SimClock CLOCK = new SimClock(START);
    private static VendorSimulator sim;

    @BeforeAll
    static void start() {
        sim = VendorSimulator.start(SimulatorConfig.defaults().withClock(CLOCK).withPrices(Map.of(
                SimVendor.OPENAI, Map.of("gpt-4o", SimPrice.usdPerMillion("2.50", "1.25", null, "10.00")),
                SimVendor.ANTHROPIC, Map.of("claude-sonnet-4-5", SimPrice.usdPerMillion("3", "0.30", "3.75", "15")),
                SimVendor.BEDROCK, Map.of(BEDROCK_MODEL, SimPrice.usdPerMillion("0.80", "0.08", "1", "4")),
                SimVendor.GEMINI, Map.of("gemini-2.0-flash", SimPrice.usdPerMillion("0.10", "0.025", null, "0.40")))));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        CLOCK.set(START);
        SimHttp.send(HttpRequest.newBuilder(uri("/_sim/billing")).DELETE());
        sim.faults().clear();
        SimHttp.send(HttpRequest.newBuilder(uri("/_sim/billing/terms")).PUT(HttpRequest.BodyPublishers.ofString("""
                {"vendor":"openai","prices":{"gpt-4o":{"input":"2.50","cachedInput":"1.25","output":"10.00"}}}""")));
    }

    private static final String BEDROCK_MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

    private static URI uri(String pathAndQuery) {
        return URI.create(sim.baseUri() + pathAndQuery);
    }

    private static JsonNode openAiCall(String text, String... headers) {
        SimHttp.Reply reply = SimHttp.post(VendorCalls.uri(sim, SimVendor.OPENAI, false),
                VendorCalls.body(SimVendor.OPENAI, text, false), headers);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json().path("usage");
    }

    @Test
    void successfulCallsAreBilledAtTheClockWithTheReportedUsageAndFailuresAreNot() {
        JsonNode usage = openAiCall("Hello there", "OpenAI-Project", "proj_team_a");
        CLOCK.advance(Duration.ofHours(1));
        VendorCalls.stream(sim, SimVendor.ANTHROPIC, "Stream me a reply");
        sim.faults().enqueue(SimVendor.OPENAI, new Fault.RateLimited(Duration.ofSeconds(1)));
        assertThat(SimHttp.post(VendorCalls.uri(sim, SimVendor.OPENAI, false), VendorCalls.body(SimVendor.OPENAI, "x", false)).status())
                .isEqualTo(429);

        List<BilledCall> calls = sim.billing().all();
        assertThat(calls).hasSize(2);
        BilledCall openAi = calls.get(0);
        assertThat(openAi.vendor()).isEqualTo(SimVendor.OPENAI);
        assertThat(openAi.model()).isEqualTo("gpt-4o");
        assertThat(openAi.at()).isEqualTo(START);
        assertThat(openAi.account()).isEqualTo("proj_team_a");
        assertThat(openAi.uncachedInput() + openAi.cacheRead()).isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(openAi.output()).isEqualTo(usage.path("completion_tokens").asLong());
        BilledCall anthropic = calls.get(1);
        assertThat(anthropic.vendor()).isEqualTo(SimVendor.ANTHROPIC);
        assertThat(anthropic.at()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(anthropic.account()).isEqualTo("wrkspc_sim");
        assertThat(anthropic.output()).isPositive();
    }

    @Test
    void openAiCostsAreTheExactDiscountedPriceAndPageByDay() {
        SimHttp.send(HttpRequest.newBuilder(uri("/_sim/billing/terms")).PUT(HttpRequest.BodyPublishers.ofString("""
                {"vendor":"openai","discountPercent":"20","prices":{"gpt-4o":{"input":"2.50","cachedInput":"1.25","output":"10.00"}}}""")));
        JsonNode day1 = openAiCall("Day one question");
        CLOCK.advance(Duration.ofDays(1));
        JsonNode day2 = openAiCall("Day two question");
        CLOCK.advance(Duration.ofDays(1));
        openAiCall("Day three question");

        long start = START.getEpochSecond() - 36_000; // 2026-03-30T00:00Z
        assertThat(sim.billing().all()).as("ledger").hasSize(3);
        JsonNode first = SimHttp.get(uri("/openai/v1/organization/costs?start_time=" + start + "&end_time=" + (start + 3 * 86_400)
                + "&bucket_width=1d&group_by=line_item&limit=2")).json();
        assertThat(first.path("object").asText()).isEqualTo("page");
        assertThat(first.path("data")).hasSize(2);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        JsonNode bucket = first.path("data").get(0);
        assertThat(bucket.path("start_time").asLong()).isEqualTo(start);
        assertThat(bucket.path("end_time").asLong()).isEqualTo(start + 86_400);
        JsonNode input = result(bucket, "gpt-4o, input");
        // tokens × $2.50 per 1M × 80 %, exactly
        BigDecimal expected = BigDecimal.valueOf(day1.path("prompt_tokens").asLong()).multiply(new BigDecimal("2.50"))
                .multiply(new BigDecimal("0.8")).movePointLeft(6);
        assertThat(input.path("amount").path("value").decimalValue()).isEqualByComparingTo(expected);
        assertThat(input.path("amount").path("currency").asText()).isEqualTo("usd");
        assertThat(result(bucket, "gpt-4o, output").path("amount").path("value").decimalValue()).isEqualByComparingTo(
                BigDecimal.valueOf(day1.path("completion_tokens").asLong()).multiply(new BigDecimal("8")).movePointLeft(6));
        assertThat(first.path("data").get(1).path("results")).isNotEmpty();
        assertThat(day2.path("prompt_tokens").asLong()).isPositive();

        JsonNode second = SimHttp.get(uri("/openai/v1/organization/costs?start_time=" + start + "&end_time=" + (start + 3 * 86_400)
                + "&bucket_width=1d&group_by=line_item&limit=2&page=" + first.path("next_page").asText())).json();
        assertThat(second.path("data")).hasSize(1);
        assertThat(second.path("has_more").asBoolean()).isFalse();
        assertThat(second.path("next_page").isNull()).isTrue();
        assertThat(second.path("data").get(0).path("start_time").asLong()).isEqualTo(start + 2 * 86_400);
    }

    private static JsonNode result(JsonNode bucket, String lineItem) {
        for (JsonNode result : bucket.path("results")) {
            if (result.path("line_item").asText().equals(lineItem)) {
                return result;
            }
        }
        throw new AssertionError("no " + lineItem + " in " + bucket);
    }

    @Test
    void openAiUsageCountsInputWithCachedTokensAndRequests() {
        JsonNode a = openAiCall("First");
        JsonNode b = openAiCall("Second");
        long start = START.getEpochSecond() - 36_000;
        JsonNode page = SimHttp.get(uri("/openai/v1/organization/usage/completions?start_time=" + start
                + "&bucket_width=1d&group_by=model")).json();
        JsonNode result = page.path("data").get(0).path("results").get(0);
        assertThat(result.path("object").asText()).isEqualTo("organization.usage.completions.result");
        assertThat(result.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(result.path("num_model_requests").asLong()).isEqualTo(2);
        assertThat(result.path("input_tokens").asLong()).isEqualTo(a.path("prompt_tokens").asLong() + b.path("prompt_tokens").asLong());
        assertThat(result.path("output_tokens").asLong()).isEqualTo(a.path("completion_tokens").asLong() + b.path("completion_tokens").asLong());
        assertThat(result.path("project_id").isNull()).as("not grouped by project").isTrue();
    }

    @Test
    void anthropicCostReportIsInCentsAndUsageReportSplitsTheCache() {
        VendorCalls.call(sim, SimVendor.ANTHROPIC, "Tell me something");
        JsonNode costs = SimHttp.get(uri("/anthropic/v1/organizations/cost_report?starting_at=2026-03-30T00:00:00Z"
                + "&ending_at=2026-03-31T00:00:00Z&group_by[]=description")).json();
        BilledCall call = sim.billing().all().getFirst();
        JsonNode input = costs.path("data").get(0).path("results").get(0);
        assertThat(costs.path("data").get(0).path("starting_at").asText()).isEqualTo("2026-03-30T00:00:00Z");
        assertThat(input.path("currency").asText()).isEqualTo("USD");
        assertThat(input.path("token_type").asText()).isEqualTo("uncached_input_tokens");
        assertThat(input.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        // $3 per 1M tokens, in cents
        assertThat(new BigDecimal(input.path("amount").asText()))
                .isEqualByComparingTo(BigDecimal.valueOf(call.uncachedInput()).multiply(BigDecimal.valueOf(3)).movePointLeft(4));
        assertThat(costs.path("has_more").asBoolean()).isFalse();

        JsonNode usage = SimHttp.get(uri("/anthropic/v1/organizations/usage_report/messages?starting_at=2026-03-30T00:00:00Z"
                + "&bucket_width=1d&group_by[]=model&group_by[]=workspace_id")).json().path("data").get(0).path("results").get(0);
        assertThat(usage.path("uncached_input_tokens").asLong()).isEqualTo(call.uncachedInput());
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(call.output());
        assertThat(usage.path("cache_creation").path("ephemeral_5m_input_tokens").asLong()).isEqualTo(call.cacheWrite());
        assertThat(usage.path("workspace_id").asText()).isEqualTo("wrkspc_sim");
    }

    @Test
    void bedrockCurAndGeminiBillingExportAreFiles() {
        SimHttp.post(BedrockConverseTest.converse(sim, BEDROCK_MODEL, false), BedrockConverseTest.userText("Hi Bedrock"),
                "Authorization", "Bearer bedrock-api-key-123");
        VendorCalls.call(sim, SimVendor.GEMINI, "Hi Gemini");

        String cur = SimHttp.get(uri("/_sim/billing/bedrock/cur.csv?month=2026-03")).body();
        String[] lines = cur.split("\n");
        assertThat(lines[0]).startsWith("identity/LineItemId,").contains("lineItem/UsageType", "lineItem/UnblendedCost", "pricing/unit");
        assertThat(lines[1]).contains(",Usage,2026-03-30T00:00:00Z,2026-03-31T00:00:00Z,AmazonBedrock,USE1-Claude3.5Haiku-input-tokens,")
                .contains("arn:aws:bedrock:us-east-1::foundation-model/" + BEDROCK_MODEL).contains(",123456789012,");
        assertThat(SimHttp.get(uri("/_sim/billing/bedrock/export?month=2026-03")).body()).isEqualTo(cur);
        assertThat(SimHttp.get(uri("/_sim/billing/bedrock/cur.csv?month=2026-04")).body().split("\n")).hasSize(1);

        String jsonl = SimHttp.get(uri("/_sim/billing/gemini/export.jsonl?month=2026-03")).body();
        JsonNode row = SimHttp.parse(jsonl.split("\n")[0]);
        assertThat(row.path("service").path("description").asText()).isEqualTo("Gemini API");
        assertThat(row.path("sku").path("description").asText()).isEqualTo("Generate content input token count gemini 2.0 flash short input text");
        assertThat(row.path("usage_start_time").asText()).isEqualTo("2026-03-30 00:00:00 UTC");
        assertThat(row.path("currency").asText()).isEqualTo("USD");
        assertThat(row.path("usage").path("unit").asText()).isEqualTo("count");
        assertThat(row.path("project").path("id").asText()).isEqualTo("sim-project");
        assertThat(row.path("cost").decimalValue()).isEqualByComparingTo(
                BigDecimal.valueOf(row.path("usage").path("amount").asLong()).multiply(new BigDecimal("0.10")).movePointLeft(6));
    }

    @Test
    void termsSayWhichModelsHaveNoPriceAndBadTermsAre400() {
        SimHttp.Reply unpriced = SimHttp.post(VendorCalls.uri(sim, SimVendor.OPENAI, false),
                VendorCalls.body(SimVendor.OPENAI, "x", false).replace("gpt-4o", "gpt-unpriced"));
        assertThat(unpriced.status()).as(unpriced.body()).isEqualTo(200);
        JsonNode terms = SimHttp.get(uri("/_sim/billing/terms")).json().path("vendors").path("openai");
        assertThat(terms.path("prices").path("gpt-4o").path("input").asText()).isEqualTo("2.5");
        assertThat(terms.path("unpricedModels")).extracting(JsonNode::asText).containsExactly("gpt-unpriced");
        assertThat(terms.path("discountPercent").asText()).isEqualTo("0");
        // a discount alone keeps the vendor's prices
        SimHttp.Reply discountOnly = SimHttp.send(HttpRequest.newBuilder(uri("/_sim/billing/terms")).PUT(HttpRequest.BodyPublishers.ofString("""
                {"vendor":"openai","discountPercent":"20"}""")));
        assertThat(discountOnly.status()).as(discountOnly.body()).isEqualTo(200);
        JsonNode after = discountOnly.json().path("vendors").path("openai");
        assertThat(after.path("discountPercent").asText()).isEqualTo("20");
        assertThat(after.path("prices").path("gpt-4o").path("input").asText()).isEqualTo("2.5");

        SimHttp.Reply bad = SimHttp.send(HttpRequest.newBuilder(uri("/_sim/billing/terms")).PUT(HttpRequest.BodyPublishers.ofString("""
                {"vendor":"openai","discountPercent":"120","prices":{}}""")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("message").asText()).contains("discountPercent");
        SimHttp.Reply badPrice = SimHttp.send(HttpRequest.newBuilder(uri("/_sim/billing/terms")).PUT(HttpRequest.BodyPublishers.ofString("""
                {"vendor":"openai","prices":{"gpt-4o":{"input":"cheap"}}}""")));
        assertThat(badPrice.status()).isEqualTo(400);
        assertThat(SimHttp.get(uri("/_sim/billing/openai/export?month=March")).status()).isEqualTo(400);
        assertThat(SimHttp.get(uri("/openai/v1/organization/costs?bucket_width=1d")).json().path("error").path("message").asText())
                .contains("start_time");
        assertThat(SimHttp.get(uri("/anthropic/v1/organizations/cost_report?starting_at=2026-03-30T00:00:00Z&bucket_width=1h"))
                .json().path("error").path("type").asText()).isEqualTo("invalid_request_error");

        SimHttp.send(HttpRequest.newBuilder(uri("/_sim/billing")).DELETE());
        assertThat(sim.billing().all()).isEmpty();
    }

    @Test
    void theMonthExportIsPagesOfTheWholeMonth() {
        openAiCall("March");
        JsonNode export = SimHttp.get(uri("/_sim/billing/openai/export?month=2026-03")).json();
        // 31 days in pages of 7 buckets
        assertThat(export.path("costs")).hasSize(5);
        assertThat(export.path("usage")).hasSize(5);
        assertThat(export.path("costs").get(4).path("data")).hasSize(3);
        assertThat(export.path("costs").get(4).path("data").get(1).path("results").get(0).path("project_id").asText())
                .isEqualTo("proj_sim");
        JsonNode anthropic = SimHttp.get(uri("/_sim/billing/anthropic/export?month=2026-02")).json();
        assertThat(anthropic.path("cost_report")).hasSize(4);
        assertThat(anthropic.path("usage_report").get(0).path("data").get(0).path("results")).isEmpty();
    }
}
