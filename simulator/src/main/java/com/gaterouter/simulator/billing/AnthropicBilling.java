package com.gaterouter.simulator.billing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.http.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Usage and Cost Admin API ({@code GET /v1/organizations/cost_report},
 * {@code GET /v1/organizations/usage_report/messages}) over the billing ledger, daily buckets only.
 * A cost's {@code amount} is a decimal string in cents (the currency's lowest unit), exact; cache
 * writes are billed as 5-minute writes ({@code cache_creation.ephemeral_5m_input_tokens}).
 */
final class AnthropicBilling {

    private final BillingLedger ledger;
    private final BillingTerms terms;

    AnthropicBilling(BillingLedger ledger, BillingTerms terms) {
        this.ledger = ledger;
        this.terms = terms;
    }

    ObjectNode costReport(LocalDate from, LocalDate to, Paging page, boolean byDescription, boolean byWorkspace) {
        List<DailyUsage> rows = DailyUsage.of(ledger.all(SimVendor.ANTHROPIC), from, to);
        ArrayNode data = Json.array();
        for (LocalDate day : page.days()) {
            Map<List<Object>, BigDecimal> sums = new LinkedHashMap<>();
            for (DailyUsage row : rows) {
                for (TokenKind kind : TokenKind.values()) {
                    if (row.day().equals(day) && row.tokens(kind) > 0) {
                        List<Object> key = Arrays.asList(byDescription ? row.model() : null, byDescription ? kind : null,
                                byWorkspace ? row.account() : null);
                        sums.merge(key, terms.usd(SimVendor.ANTHROPIC, row.model(), kind, row.tokens(kind)), BigDecimal::add);
                    }
                }
            }
            ArrayNode results = Json.array();
            sums.forEach((key, usd) -> {
                String model = (String) key.get(0);
                TokenKind kind = (TokenKind) key.get(1);
                results.addObject()
                        .put("currency", "USD")
                        .put("amount", usd.movePointRight(2).stripTrailingZeros().toPlainString())
                        .put("workspace_id", (String) key.get(2))
                        .put("description", model == null ? null : model + " Usage - " + description(kind))
                        .put("cost_type", model == null ? null : "tokens")
                        .put("context_window", model == null ? null : "0-200k")
                        .put("model", model)
                        .put("service_tier", model == null ? null : "standard")
                        .put("token_type", kind == null ? null : tokenType(kind));
            });
            data.add(bucket(day, results));
        }
        return page(data, page);
    }

    ObjectNode usageReport(LocalDate from, LocalDate to, Paging page, boolean byModel, boolean byWorkspace) {
        List<DailyUsage> rows = DailyUsage.grouped(DailyUsage.of(ledger.all(SimVendor.ANTHROPIC), from, to), byModel, byWorkspace);
        ArrayNode data = Json.array();
        for (LocalDate day : page.days()) {
            ArrayNode results = Json.array();
            rows.stream().filter(row -> row.day().equals(day)).forEach(row -> {
                ObjectNode result = results.addObject().put("uncached_input_tokens", row.uncachedInput());
                result.putObject("cache_creation").put("ephemeral_1h_input_tokens", 0).put("ephemeral_5m_input_tokens", row.cacheWrite());
                result.put("cache_read_input_tokens", row.cacheRead()).put("output_tokens", row.output());
                result.putObject("server_tool_use").put("web_search_requests", 0);
                result.putNull("api_key_id").put("workspace_id", row.account()).put("model", row.model())
                        .putNull("service_tier").putNull("context_window");
            });
            data.add(bucket(day, results));
        }
        return page(data, page);
    }

    /** The whole month as the {@code anthropic} upload format: {@code {"cost_report":[pages],"usage_report":[pages]}}. */
    ObjectNode export(LocalDate from, LocalDate to) {
        ObjectNode export = Json.object();
        ArrayNode costs = export.putArray("cost_report");
        ArrayNode usage = export.putArray("usage_report");
        for (Paging page : Paging.all(from, to, 7)) {
            costs.add(costReport(from, to, page, true, true));
            usage.add(usageReport(from, to, page, true, true));
        }
        return export;
    }

    private static String tokenType(TokenKind kind) {
        return switch (kind) {
            case INPUT -> "uncached_input_tokens";
            case CACHED_INPUT -> "cache_read_input_tokens";
            case CACHE_WRITE -> "cache_creation.ephemeral_5m_input_tokens";
            case OUTPUT -> "output_tokens";
        };
    }

    private static String description(TokenKind kind) {
        return switch (kind) {
            case INPUT -> "Input Tokens";
            case CACHED_INPUT -> "Cache Read";
            case CACHE_WRITE -> "Cache Write (5m)";
            case OUTPUT -> "Output Tokens";
        };
    }

    private static ObjectNode bucket(LocalDate day, ArrayNode results) {
        ObjectNode bucket = Json.object()
                .put("starting_at", day.atStartOfDay(ZoneOffset.UTC).toInstant().toString())
                .put("ending_at", day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        bucket.set("results", results);
        return bucket;
    }

    private static ObjectNode page(ArrayNode data, Paging page) {
        ObjectNode body = Json.object();
        body.set("data", data);
        body.put("has_more", page.nextPage().isPresent());
        return page.nextPage().isPresent() ? body.put("next_page", page.nextPage().get()) : body.putNull("next_page");
    }
}
