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
import java.util.Optional;

/**
 * OpenAI's organization Costs API ({@code GET /v1/organization/costs}) and completions Usage API
 * ({@code GET /v1/organization/usage/completions}) over the billing ledger, daily buckets only.
 * A cost result's {@code line_item} is {@code "<model>, input"}, {@code "…, cached input"} or
 * {@code "…, output"}; {@code amount.value} the exact USD decimal.
 */
final class OpenAiBilling {

    private static final List<TokenKind> KINDS = List.of(TokenKind.INPUT, TokenKind.CACHED_INPUT, TokenKind.OUTPUT);

    private final BillingLedger ledger;
    private final BillingTerms terms;

    OpenAiBilling(BillingLedger ledger, BillingTerms terms) {
        this.ledger = ledger;
        this.terms = terms;
    }

    ObjectNode costs(LocalDate from, LocalDate to, Paging page, boolean byLineItem, boolean byProject) {
        List<DailyUsage> rows = DailyUsage.of(ledger.all(SimVendor.OPENAI), from, to);
        ArrayNode data = Json.array();
        for (LocalDate day : page.days()) {
            Map<List<String>, BigDecimal> sums = new LinkedHashMap<>();
            for (DailyUsage row : rows) {
                for (TokenKind kind : KINDS) {
                    if (row.day().equals(day) && row.tokens(kind) > 0) {
                        List<String> key = Arrays.asList(byLineItem ? row.model() + ", " + label(kind) : null,
                                byProject ? row.account() : null);
                        sums.merge(key, terms.usd(SimVendor.OPENAI, row.model(), kind, row.tokens(kind)), BigDecimal::add);
                    }
                }
            }
            ArrayNode results = Json.array();
            sums.forEach((key, usd) -> {
                ObjectNode result = results.addObject().put("object", "organization.costs.result");
                result.putObject("amount").put("value", usd).put("currency", "usd");
                result.put("line_item", key.get(0)).put("project_id", key.get(1));
            });
            data.add(bucket(day, results));
        }
        return page(data, page);
    }

    ObjectNode usage(LocalDate from, LocalDate to, Paging page, boolean byModel, boolean byProject) {
        List<DailyUsage> rows = DailyUsage.grouped(DailyUsage.of(ledger.all(SimVendor.OPENAI), from, to), byModel, byProject);
        ArrayNode data = Json.array();
        for (LocalDate day : page.days()) {
            ArrayNode results = Json.array();
            rows.stream().filter(row -> row.day().equals(day)).forEach(row -> results.addObject()
                    .put("object", "organization.usage.completions.result")
                    .put("input_tokens", row.uncachedInput() + row.cacheRead() + row.cacheWrite())
                    .put("output_tokens", row.output())
                    .put("input_cached_tokens", row.cacheRead())
                    .put("input_audio_tokens", 0)
                    .put("output_audio_tokens", 0)
                    .put("num_model_requests", row.requests())
                    .put("project_id", row.account())
                    .putNull("user_id")
                    .putNull("api_key_id")
                    .put("model", row.model())
                    .putNull("batch")
                    .putNull("service_tier"));
            data.add(bucket(day, results));
        }
        return page(data, page);
    }

    /** The whole month as the {@code openai} upload format: {@code {"costs":[pages],"usage":[pages]}}. */
    ObjectNode export(LocalDate from, LocalDate to) {
        ObjectNode export = Json.object();
        ArrayNode costs = export.putArray("costs");
        ArrayNode usage = export.putArray("usage");
        for (Paging page : Paging.all(from, to, 7)) {
            costs.add(costs(from, to, page, true, true));
            usage.add(usage(from, to, page, true, true));
        }
        return export;
    }

    private static String label(TokenKind kind) {
        return switch (kind) {
            case INPUT -> "input";
            case CACHED_INPUT -> "cached input";
            case CACHE_WRITE -> "cache write";
            case OUTPUT -> "output";
        };
    }

    private static ObjectNode bucket(LocalDate day, ArrayNode results) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        ObjectNode bucket = Json.object().put("object", "bucket").put("start_time", start).put("end_time", start + 86_400);
        bucket.set("results", results);
        return bucket;
    }

    private static ObjectNode page(ArrayNode data, Paging page) {
        ObjectNode body = Json.object().put("object", "page");
        body.set("data", data);
        body.put("has_more", page.nextPage().isPresent());
        Optional<String> next = page.nextPage();
        return next.isPresent() ? body.put("next_page", next.get()) : body.putNull("next_page");
    }
}
