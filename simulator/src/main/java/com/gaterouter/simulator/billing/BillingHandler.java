package com.gaterouter.simulator.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.SimPrice;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.SimExchange;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The billing routes: the vendors' usage and cost admin APIs, the file exports, and the terms.
 * <ul>
 *   <li>{@code GET /openai/v1/organization/costs}, {@code GET /openai/v1/organization/usage/completions}</li>
 *   <li>{@code GET /anthropic/v1/organizations/cost_report}, {@code GET /anthropic/v1/organizations/usage_report/messages}</li>
 *   <li>{@code GET /_sim/billing/bedrock/cur.csv?month=}, {@code GET /_sim/billing/gemini/export.jsonl?month=}</li>
 *   <li>{@code GET /_sim/billing/{vendor}/export?month=}: the body the matching upload format takes</li>
 *   <li>{@code GET|PUT /_sim/billing/terms}, {@code DELETE /_sim/billing} (clears the ledger)</li>
 * </ul>
 */
public final class BillingHandler {

    private static final String OPENAI_COSTS = "/openai/v1/organization/costs";
    private static final String OPENAI_USAGE = "/openai/v1/organization/usage/completions";
    private static final String ANTHROPIC_COSTS = "/anthropic/v1/organizations/cost_report";
    private static final String ANTHROPIC_USAGE = "/anthropic/v1/organizations/usage_report/messages";
    private static final Set<String> VENDOR_ROUTES = Set.of(OPENAI_COSTS, OPENAI_USAGE, ANTHROPIC_COSTS, ANTHROPIC_USAGE);

    private final BillingLedger ledger;
    private final BillingTerms terms;
    private final Clock clock;
    private final OpenAiBilling openAi;
    private final AnthropicBilling anthropic;
    private final BillingFiles files;

    public BillingHandler(BillingLedger ledger, BillingTerms terms, Clock clock) {
        this.ledger = ledger;
        this.terms = terms;
        this.clock = clock;
        this.openAi = new OpenAiBilling(ledger, terms);
        this.anthropic = new AnthropicBilling(ledger, terms);
        this.files = new BillingFiles(ledger, terms, clock);
    }

    /** Whether the path is a billing route (checked before the vendors' own routes). */
    public static boolean handles(String path) {
        return VENDOR_ROUTES.contains(path) || path.equals("/_sim/billing") || path.startsWith("/_sim/billing/");
    }

    public void handle(SimExchange ex) throws IOException {
        String path = ex.path();
        BillingQuery query = BillingQuery.parse(ex.pathAndQuery());
        boolean anthropicShape = path.startsWith("/anthropic/");
        try {
            if (VENDOR_ROUTES.contains(path) && !ex.method().equals("GET")) {
                error(ex, 405, anthropicShape, "use GET");
                return;
            }
            switch (ex.method() + " " + path) {
                case "GET " + OPENAI_COSTS -> json(ex, openAiCosts(query));
                case "GET " + OPENAI_USAGE -> json(ex, openAiUsage(query));
                case "GET " + ANTHROPIC_COSTS -> json(ex, anthropicCosts(query));
                case "GET " + ANTHROPIC_USAGE -> json(ex, anthropicUsage(query));
                case "GET /_sim/billing/terms" -> json(ex, termsJson());
                case "PUT /_sim/billing/terms" -> putTerms(ex);
                case "DELETE /_sim/billing" -> {
                    ledger.clear();
                    json(ex, Json.object().put("cleared", true));
                }
                case "GET /_sim/billing/bedrock/cur.csv" -> text(ex, "text/csv", files.bedrockCur(first(query.month()), end(query.month())));
                case "GET /_sim/billing/gemini/export.jsonl" ->
                        text(ex, "application/x-ndjson", files.geminiJsonl(first(query.month()), end(query.month())));
                default -> export(ex, path, query);
            }
        } catch (IllegalArgumentException e) {
            error(ex, 400, anthropicShape, e.getMessage());
        }
    }

    private void export(SimExchange ex, String path, BillingQuery query) throws IOException {
        String[] parts = path.split("/");
        if (!ex.method().equals("GET") || parts.length != 5 || !parts[4].equals("export")) {
            error(ex, 404, false, "no billing route " + ex.method() + " " + path);
            return;
        }
        YearMonth month = query.month();
        LocalDate from = first(month);
        LocalDate to = end(month);
        switch (parts[3]) {
            case "openai" -> json(ex, openAi.export(from, to));
            case "anthropic" -> json(ex, anthropic.export(from, to));
            case "bedrock" -> text(ex, "text/csv", files.bedrockCur(from, to));
            case "gemini" -> text(ex, "application/x-ndjson", files.geminiJsonl(from, to));
            default -> error(ex, 404, false, "no billing export for " + parts[3] + ": openai, anthropic, bedrock or gemini");
        }
    }

    /** The days a vendor API request asks for, and the page of them to answer. */
    private record Range(LocalDate from, LocalDate to, Paging page) {
    }

    private Range range(BillingQuery query, boolean unixSeconds, String startParam, String endParam, int maxLimit) {
        query.requireDailyBuckets();
        LocalDate from = (unixSeconds ? query.unixDay(startParam, false) : query.rfc3339Day(startParam, false))
                .orElseThrow(() -> new IllegalArgumentException(startParam + " is required"));
        LocalDate to = (unixSeconds ? query.unixDay(endParam, true) : query.rfc3339Day(endParam, true)).orElse(today().plusDays(1));
        return new Range(from, to, Paging.of(from, to, query.limit(7, maxLimit), query.first("page")));
    }

    private ObjectNode openAiCosts(BillingQuery query) {
        Range r = range(query, true, "start_time", "end_time", 180);
        return openAi.costs(r.from(), r.to(), r.page(), query.all("group_by").contains("line_item"),
                query.all("group_by").contains("project_id"));
    }

    private ObjectNode openAiUsage(BillingQuery query) {
        Range r = range(query, true, "start_time", "end_time", 31);
        return openAi.usage(r.from(), r.to(), r.page(), query.all("group_by").contains("model"),
                query.all("group_by").contains("project_id"));
    }

    private ObjectNode anthropicCosts(BillingQuery query) {
        Range r = range(query, false, "starting_at", "ending_at", 31);
        return anthropic.costReport(r.from(), r.to(), r.page(), query.all("group_by").contains("description"),
                query.all("group_by").contains("workspace_id"));
    }

    private ObjectNode anthropicUsage(BillingQuery query) {
        Range r = range(query, false, "starting_at", "ending_at", 31);
        return anthropic.usageReport(r.from(), r.to(), r.page(), query.all("group_by").contains("model"),
                query.all("group_by").contains("workspace_id"));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static LocalDate first(YearMonth month) {
        return month.atDay(1);
    }

    private static LocalDate end(YearMonth month) {
        return month.plusMonths(1).atDay(1);
    }

    /** {@code {"vendors":{"openai":{"discountPercent":"20","prices":{…},"unpricedModels":[…]}}}}. */
    private ObjectNode termsJson() {
        ObjectNode vendors = Json.object();
        for (SimVendor vendor : SimVendor.values()) {
            BillingTerms.Terms t = terms.of(vendor);
            ObjectNode node = vendors.putObject(vendor.id()).put("discountPercent", t.discountPercent().toPlainString());
            ObjectNode prices = node.putObject("prices");
            new TreeSet<>(t.prices().keySet()).forEach(model -> {
                SimPrice p = t.prices().get(model);
                prices.putObject(model).put("input", usd(p.input())).put("cachedInput", usd(p.cachedInput()))
                        .put("cacheWrite", usd(p.cacheWrite())).put("output", usd(p.output()));
            });
            Set<String> unpriced = new TreeSet<>();
            ledger.all(vendor).forEach(call -> {
                if (!t.prices().containsKey(call.model())) {
                    unpriced.add(call.model());
                }
            });
            unpriced.forEach(node.putArray("unpricedModels")::add);
        }
        return Json.object().set("vendors", vendors);
    }

    private static String usd(long microsPerMillion) {
        return BigDecimal.valueOf(microsPerMillion).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    private void putTerms(SimExchange ex) throws IOException {
        JsonNode body;
        try {
            body = Json.parse(ex.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be JSON");
        }
        SimVendor vendor = SimVendor.fromId(body.path("vendor").asText(null))
                .orElseThrow(() -> new IllegalArgumentException("'vendor' must be one of openai, anthropic, gemini, deepseek, bedrock"));
        BigDecimal discount = decimal(body.get("discountPercent"), "discountPercent").orElse(BigDecimal.ZERO);
        JsonNode pricesNode = body.get("prices");
        if (pricesNode == null) {
            // only the discount changes: the vendor keeps its prices
            terms.replace(vendor, new BillingTerms.Terms(terms.of(vendor).prices(), discount));
            json(ex, termsJson());
            return;
        }
        if (!pricesNode.isObject()) {
            throw new IllegalArgumentException("'prices' must be an object of model → {input, cachedInput, cacheWrite, output} (USD per 1M tokens)");
        }
        Map<String, SimPrice> prices = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : pricesNode.properties()) {
            JsonNode p = entry.getValue();
            if (!p.isObject()) {
                throw new IllegalArgumentException("prices." + entry.getKey() + " must be an object");
            }
            prices.put(entry.getKey(), SimPrice.usdPerMillion(text(p, "input"), text(p, "cachedInput"), text(p, "cacheWrite"),
                    text(p, "output")));
        }
        terms.replace(vendor, new BillingTerms.Terms(prices, discount));
        json(ex, termsJson());
    }

    private static String text(JsonNode node, String field) {
        return decimal(node.get(field), field).map(BigDecimal::toPlainString).orElse(null);
    }

    private static Optional<BigDecimal> decimal(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(node.isNumber() ? node.decimalValue() : new BigDecimal(node.textValue().trim()));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(field + " must be a decimal string such as \"2.50\"", e);
        }
    }

    private static void json(SimExchange ex, ObjectNode body) throws IOException {
        ex.sendJson(200, BillingFiles.json(body).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void text(SimExchange ex, String contentType, String body) throws IOException {
        ex.send(200, contentType + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void error(SimExchange ex, int status, boolean anthropicShape, String message) throws IOException {
        ObjectNode body = Json.object();
        if (anthropicShape) {
            body.put("type", "error").putObject("error").put("type", status == 404 ? "not_found_error" : "invalid_request_error")
                    .put("message", message);
        } else {
            body.putObject("error").put("message", message).put("type", "invalid_request_error").putNull("param").putNull("code");
        }
        ex.sendJson(status, Json.bytes(body), Map.of());
    }
}
