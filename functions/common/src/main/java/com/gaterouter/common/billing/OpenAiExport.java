package com.gaterouter.common.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * OpenAI's organization Costs API and Usage API, as one upload:
 * {@code {"costs": <page or [pages]>, "usage": <page or [pages]>}} where a costs page is the body of
 * {@code GET /v1/organization/costs?bucket_width=1d&group_by=line_item} (optionally also
 * {@code project_id}) and a usage page that of
 * {@code GET /v1/organization/usage/completions?bucket_width=1d&group_by=model}. {@code usage} is optional.
 *
 * <p>A cost result's {@code line_item} is {@code "<model>, <kind>"}, e.g.
 * {@code "gpt-4o-2024-08-06, input"}, {@code "…, output"}, {@code "…, cached input"} (what the
 * published examples and exports show). The kind maps to {@link TokenClass#INPUT},
 * {@link TokenClass#OUTPUT} and {@link TokenClass#CACHED_INPUT}; a line item without a known kind
 * (a fine-tuning or tool fee, an image model) is an {@link TokenClass#OTHER} line named by the whole
 * line item. {@code amount.value} is a JSON number in USD, read exactly.
 *
 * <p>Usage results give {@code input_tokens} INCLUDING {@code input_cached_tokens}: the INPUT line
 * counts the uncached ones ({@code input_tokens − input_cached_tokens}). {@code num_model_requests}
 * is the request count of each of the model's lines for the day. The account is {@code project_id}
 * when the export is grouped by project.
 */
public final class OpenAiExport implements VendorExport {

    private static final long DAY_SECONDS = 86_400;

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String vendor() {
        return "openai";
    }

    @Override
    public List<InvoiceLine> parse(byte[] body) {
        JsonNode root = ExportJson.read(body, "openai");
        if (!root.isObject() || !root.has("costs")) {
            throw new InvoiceFormatException("openai export must be an object with \"costs\" (and optionally \"usage\")");
        }
        LineSums sums = new LineSums(vendor());
        ExportJson.forEachResult(root, "costs", OpenAiExport::day, (day, result, path) -> addCost(sums, day, result, path));
        ExportJson.forEachResult(root, "usage", OpenAiExport::day, (day, result, path) -> addUsage(sums, day, result, path));
        return sums.lines();
    }

    private static LocalDate day(JsonNode bucket, String path) {
        long start = ExportJson.count(bucket, "start_time", path + ".start_time");
        long end = ExportJson.count(bucket, "end_time", path + ".end_time");
        if (end <= start || end - start > DAY_SECONDS) {
            throw new InvoiceFormatException(path + " spans " + start + ".." + end + ": export with bucket_width=1d");
        }
        return LocalDate.ofInstant(Instant.ofEpochSecond(start), ZoneOffset.UTC);
    }

    private static void addCost(LineSums sums, LocalDate day, JsonNode result, String path) {
        JsonNode amount = ExportJson.object(result, "amount", path + ".amount");
        ExportJson.requireUsd(ExportJson.text(amount, "currency", path + ".amount.currency"), path + ".amount.currency");
        BigDecimal usd = ExportJson.decimal(amount, "value", path + ".amount.value");
        String lineItem = ExportJson.optionalText(result, "line_item", path + ".line_item")
                .orElseThrow(() -> new InvoiceFormatException(path + ".line_item is missing: export the costs with group_by=line_item"));
        Optional<String> account = ExportJson.optionalText(result, "project_id", path + ".project_id");
        int comma = lineItem.lastIndexOf(',');
        TokenClass tokenClass = comma < 0 ? TokenClass.OTHER : kind(lineItem.substring(comma + 1));
        String model = tokenClass == TokenClass.OTHER ? lineItem.trim() : lineItem.substring(0, comma).trim();
        sums.add(model, day, tokenClass, account, OptionalLong.empty(), OptionalLong.empty(), usd);
    }

    private static TokenClass kind(String kind) {
        return switch (kind.trim().toLowerCase(Locale.ROOT).replace('_', ' ')) {
            case "input" -> TokenClass.INPUT;
            case "output" -> TokenClass.OUTPUT;
            case "cached input" -> TokenClass.CACHED_INPUT;
            default -> TokenClass.OTHER;
        };
    }

    private static void addUsage(LineSums sums, LocalDate day, JsonNode result, String path) {
        String model = ExportJson.optionalText(result, "model", path + ".model")
                .orElseThrow(() -> new InvoiceFormatException(path + ".model is missing: export the usage with group_by=model"));
        Optional<String> account = ExportJson.optionalText(result, "project_id", path + ".project_id");
        long input = ExportJson.count(result, "input_tokens", path + ".input_tokens");
        long cached = ExportJson.optionalCount(result, "input_cached_tokens", path + ".input_cached_tokens").orElse(0);
        long output = ExportJson.count(result, "output_tokens", path + ".output_tokens");
        if (cached > input) {
            throw new InvoiceFormatException(path + ".input_cached_tokens (" + cached + ") exceeds input_tokens (" + input + ")");
        }
        OptionalLong requests = ExportJson.optionalCount(result, "num_model_requests", path + ".num_model_requests");
        sums.add(model, day, TokenClass.INPUT, account, OptionalLong.of(input - cached), requests, BigDecimal.ZERO);
        sums.add(model, day, TokenClass.OUTPUT, account, OptionalLong.of(output), requests, BigDecimal.ZERO);
        if (cached > 0) {
            sums.add(model, day, TokenClass.CACHED_INPUT, account, OptionalLong.of(cached), requests, BigDecimal.ZERO);
        }
    }
}
