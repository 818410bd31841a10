package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.billing.InvoiceLine;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import com.gaterouter.common.billing.VendorExport;
import com.gaterouter.common.billing.VendorExports;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.simulator.SimPrice;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import com.gaterouter.simulator.billing.BilledCall;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the simulator's billing exports meet the export parsers: traffic of several models over
 * several days, each vendor's month export read by its parser, agrees with the simulator's ledger
 * per model, day and token class — tokens equal, costs exactly what the terms give.
 */
class VendorExportRoundTripTest {

    private static final YearMonth MONTH = YearMonth.of(2026, 3);
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-30T09:00:00Z"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SONNET_BEDROCK = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String NOVA = "us.amazon.nova-lite-v1:0";
    private static VendorSimulator sim;

    @BeforeAll
    static void trafficOverThreeDays() throws Exception {
        sim = VendorSimulator.start(SimulatorConfig.defaults().withClock(CLOCK).withPrices(Map.of(
                SimVendor.OPENAI, Map.of(
                        "gpt-4o", SimPrice.usdPerMillion("2.50", "1.25", null, "10.00"),
                        "gpt-4o-mini", SimPrice.usdPerMillion("0.15", "0.075", null, "0.60")),
                SimVendor.ANTHROPIC, Map.of(
                        "claude-sonnet-4-5", SimPrice.usdPerMillion("3", "0.30", "3.75", "15"),
                        "claude-haiku-4-5", SimPrice.usdPerMillion("1", "0.10", "1.25", "5")),
                SimVendor.BEDROCK, Map.of(
                        SONNET_BEDROCK, SimPrice.usdPerMillion("3", "0.30", "3.75", "15"),
                        NOVA, SimPrice.usdPerMillion("0.06", "0.015", null, "0.24")),
                SimVendor.GEMINI, Map.of(
                        "gemini-2.5-flash", SimPrice.usdPerMillion("0.30", "0.03", null, "2.50"),
                        "gemini-2.5-flash-lite", SimPrice.usdPerMillion("0.10", "0.01", null, "0.40")))));
        // negotiated discounts that do not divide evenly: the exports must still be exact
        put("/_sim/billing/terms", """
                {"vendor":"openai","discountPercent":"17.5","prices":{
                  "gpt-4o":{"input":"2.50","cachedInput":"1.25","output":"10.00"},
                  "gpt-4o-mini":{"input":"0.15","cachedInput":"0.075","output":"0.60"}}}""");
        put("/_sim/billing/terms", """
                {"vendor":"bedrock","discountPercent":"3","prices":{
                  "%s":{"input":"3","cachedInput":"0.30","cacheWrite":"3.75","output":"15"},
                  "%s":{"input":"0.06","cachedInput":"0.015","output":"0.24"}}}""".formatted(SONNET_BEDROCK, NOVA));
        for (int day = 0; day < 3; day++) {
            for (int call = 0; call < 2 + day; call++) {
                String text = "Question " + call + " on day " + day + " about reconciliation";
                openAi(call % 2 == 0 ? "gpt-4o" : "gpt-4o-mini", text, day == 1 ? "proj_team_b" : null);
                anthropic(call % 2 == 0 ? "claude-sonnet-4-5" : "claude-haiku-4-5", text, day);
                bedrock(call % 2 == 0 ? SONNET_BEDROCK : NOVA, text, day);
                gemini(call % 2 == 0 ? "gemini-2.5-flash" : "gemini-2.5-flash-lite", text);
                CLOCK.advance(Duration.ofMinutes(7));
            }
            // the last day is April 1st: outside the March export
            CLOCK.set(Instant.parse("2026-03-30T23:30:00Z").plus(Duration.ofDays(day)));
            openAi("gpt-4o", "Late call on day " + day, null);
            CLOCK.set(Instant.parse("2026-03-31T09:00:00Z").plus(Duration.ofDays(day)));
        }
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void openAiExportAgreesWithTheLedger() throws Exception {
        assertExportAgrees(SimVendor.OPENAI, "openai", TokenClass.INPUT, TokenClass.CACHED_INPUT, TokenClass.OUTPUT);
    }

    @Test
    void anthropicExportAgreesWithTheLedger() throws Exception {
        assertExportAgrees(SimVendor.ANTHROPIC, "anthropic", TokenClass.INPUT, TokenClass.CACHED_INPUT, TokenClass.CACHE_WRITE,
                TokenClass.OUTPUT);
    }

    @Test
    void bedrockCurAgreesWithTheLedger() throws Exception {
        assertExportAgrees(SimVendor.BEDROCK, "aws-cur", TokenClass.INPUT, TokenClass.CACHED_INPUT, TokenClass.CACHE_WRITE,
                TokenClass.OUTPUT);
    }

    @Test
    void geminiBillingExportAgreesWithTheLedger() throws Exception {
        assertExportAgrees(SimVendor.GEMINI, "google-billing", TokenClass.INPUT, TokenClass.OUTPUT);
    }

    private record Key(String model, LocalDate day, TokenClass tokenClass, String account) {
    }

    private static void assertExportAgrees(SimVendor vendor, String format, TokenClass... classes) throws Exception {
        VendorExport parser = VendorExports.named(format).orElseThrow();
        byte[] export = get("/_sim/billing/" + vendor.id() + "/export?month=" + MONTH).getBytes(StandardCharsets.UTF_8);
        List<InvoiceLine> lines = parser.parse(export);

        Map<Key, long[]> ledger = expected(vendor);
        assertThat(ledger.keySet()).extracting(Key::tokenClass).as("the traffic bills these classes").contains(classes);
        assertThat(ledger.keySet().stream().map(Key::day).distinct()).as("over two days of the month").hasSize(2);
        assertThat(ledger.keySet().stream().map(Key::model).distinct()).as("of two models").hasSize(2);
        Map<Key, InvoiceLine> parsed = new HashMap<>();
        for (InvoiceLine line : lines) {
            assertThat(line.vendor()).isEqualTo(parser.vendor());
            Key key = new Key(line.vendorModel(), line.day(), line.tokenClass(), line.account().orElse(null));
            if (!ledger.containsKey(key)) {
                assertThat(line.tokens().orElse(0)).as("a line the ledger has nothing for: " + line).isZero();
                assertThat(line.costMicros()).as(line.toString()).isZero();
            }
            parsed.put(key, line);
        }
        ledger.forEach((key, tokensAndCost) -> {
            InvoiceLine line = parsed.get(key);
            assertThat(line).as("export line for " + key).isNotNull();
            assertThat(line.tokens()).as("tokens of " + key).hasValue(tokensAndCost[0]);
            assertThat(line.costMicros()).as("cost of " + key).isEqualTo(tokensAndCost[1]);
        });
        assertThat(lines).extracting(InvoiceLine::day).allSatisfy(day -> assertThat(YearMonth.from(day)).isEqualTo(MONTH));
    }

    /** Per model, day, class and account of the month: {tokens, micro-USD} from the ledger and the terms. */
    private static Map<Key, long[]> expected(SimVendor vendor) {
        Map<Key, long[]> tokens = new HashMap<>();
        for (BilledCall call : sim.billing().all(vendor)) {
            LocalDate day = LocalDate.ofInstant(call.at(), ZoneOffset.UTC);
            if (!YearMonth.from(day).equals(MONTH)) {
                continue;
            }
            add(tokens, new Key(call.model(), day, TokenClass.INPUT, call.account()), call.uncachedInput());
            add(tokens, new Key(call.model(), day, TokenClass.CACHED_INPUT, call.account()), call.cacheRead());
            add(tokens, new Key(call.model(), day, TokenClass.CACHE_WRITE, call.account()), call.cacheWrite());
            add(tokens, new Key(call.model(), day, TokenClass.OUTPUT, call.account()), call.output());
        }
        tokens.forEach((key, sums) -> sums[1] = micros(vendor, key, sums[0]));
        return tokens;
    }

    private static void add(Map<Key, long[]> sums, Key key, long tokens) {
        if (tokens > 0) {
            sums.computeIfAbsent(key, k -> new long[2])[0] += tokens;
        }
    }

    /** tokens × price per 1M × (100 − discount) %, rounded half up once to the micro-dollar. */
    private static long micros(SimVendor vendor, Key key, long tokens) {
        var terms = sim.billingTerms().of(vendor);
        SimPrice price = terms.prices().get(key.model());
        long perMillion = switch (key.tokenClass()) {
            case INPUT -> price.input();
            case CACHED_INPUT -> price.cachedInput();
            case CACHE_WRITE -> price.cacheWrite();
            case OUTPUT -> price.output();
            case OTHER -> throw new IllegalStateException();
        };
        return BigDecimal.valueOf(tokens).multiply(BigDecimal.valueOf(perMillion))
                .multiply(BigDecimal.valueOf(100).subtract(terms.discountPercent()))
                .movePointLeft(8).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    // ------------------------------------------------------------------ traffic

    private static final String SYSTEM = "You answer questions about invoices. ".repeat(200);

    private static void openAi(String model, String text, String project) throws Exception {
        String body = """
                {"model":"%s","messages":[{"role":"system","content":"%s"},{"role":"user","content":"%s"}]}"""
                .formatted(model, SYSTEM, text);
        HttpRequest.Builder request = post(sim.openAiBaseUrl() + "/chat/completions", body).header("Authorization", "Bearer sk-test");
        if (project != null) {
            request.header("OpenAI-Project", project);
        }
        send(request);
    }

    private static void anthropic(String model, String text, int day) throws Exception {
        String body = """
                {"model":"%s","max_tokens":200,"system":[{"type":"text","text":"%s day %d","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":"%s"}]}""".formatted(model, SYSTEM, day, text);
        send(post(sim.anthropicBaseUrl() + "/v1/messages", body).header("x-api-key", "sk-ant-test")
                .header("anthropic-version", "2023-06-01"));
    }

    private static void bedrock(String model, String text, int day) throws Exception {
        String body = """
                {"system":[{"text":"%s day %d"},{"cachePoint":{"type":"default"}}],
                 "messages":[{"role":"user","content":[{"text":"%s"}]}]}""".formatted(SYSTEM, day, text);
        send(post(sim.bedrockBaseUrl() + "/model/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "/converse", body)
                .header("Authorization", "Bearer bedrock-api-key-test"));
    }

    private static void gemini(String model, String text) throws Exception {
        String body = """
                {"contents":[{"role":"user","parts":[{"text":"%s"}]}]}""".formatted(text);
        send(post(sim.geminiBaseUrl() + "/v1beta/models/" + model + ":generateContent", body).header("x-goog-api-key", "g-test"));
    }

    private static HttpRequest.Builder post(String uri, String body) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static void put(String path, String body) throws Exception {
        send(HttpRequest.newBuilder(URI.create(sim.baseUri() + path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUri() + path)).GET());
    }

    private static String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
