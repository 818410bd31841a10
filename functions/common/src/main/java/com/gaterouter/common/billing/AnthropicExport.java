package com.gaterouter.common.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Anthropic's Usage and Cost Admin API, as one upload:
 * {@code {"cost_report": <page or [pages]>, "usage_report": <page or [pages]>}} where a cost page is
 * the body of {@code GET /v1/organizations/cost_report} (daily buckets, grouped by
 * {@code description}) and a usage page that of
 * {@code GET /v1/organizations/usage_report/messages?bucket_width=1d&group_by[]=model}.
 * {@code usage_report} is optional.
 *
 * <p>Cost results: {@code amount} is a decimal STRING in the currency's lowest unit (cents for USD:
 * {@code "123.45"} is $1.2345); {@code token_type} {@code uncached_input_tokens} is INPUT,
 * {@code cache_read_input_tokens} CACHED_INPUT, {@code cache_creation.ephemeral_5m_input_tokens} and
 * {@code cache_creation.ephemeral_1h_input_tokens} CACHE_WRITE (summed), {@code output_tokens} OUTPUT;
 * a result that is not tokens ({@code cost_type} {@code web_search}, {@code code_execution}, …) is an
 * OTHER line named by its model, else its description. The account is {@code workspace_id} (null is
 * the default workspace). Anthropic's usage report counts no requests.
 */
public final class AnthropicExport implements VendorExport {

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String vendor() {
        return "anthropic";
    }

    @Override
    public List<InvoiceLine> parse(byte[] body) {
        JsonNode root = ExportJson.read(body, "anthropic");
        if (!root.isObject() || !root.has("cost_report")) {
            throw new InvoiceFormatException("anthropic export must be an object with \"cost_report\" (and optionally \"usage_report\")");
        }
        LineSums sums = new LineSums(vendor());
        ExportJson.forEachResult(root, "cost_report", AnthropicExport::day, (day, result, path) -> addCost(sums, day, result, path));
        ExportJson.forEachResult(root, "usage_report", AnthropicExport::day, (day, result, path) -> addUsage(sums, day, result, path));
        return sums.lines();
    }

    private static LocalDate day(JsonNode bucket, String path) {
        Instant start = instant(ExportJson.text(bucket, "starting_at", path + ".starting_at"), path + ".starting_at");
        Instant end = instant(ExportJson.text(bucket, "ending_at", path + ".ending_at"), path + ".ending_at");
        if (!end.isAfter(start) || Duration.between(start, end).compareTo(Duration.ofDays(1)) > 0) {
            throw new InvoiceFormatException(path + " spans " + start + ".." + end + ": export daily buckets (bucket_width=1d)");
        }
        return LocalDate.ofInstant(start, ZoneOffset.UTC);
    }

    private static Instant instant(String text, String path) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvoiceFormatException(path + " is not an RFC 3339 time: \"" + text + "\"", e);
        }
    }

    private static void addCost(LineSums sums, LocalDate day, JsonNode result, String path) {
        ExportJson.requireUsd(ExportJson.text(result, "currency", path + ".currency"), path + ".currency");
        BigDecimal usd = ExportJson.decimalString(result, "amount", path + ".amount").movePointLeft(2);
        Optional<String> account = ExportJson.optionalText(result, "workspace_id", path + ".workspace_id");
        Optional<String> model = ExportJson.optionalText(result, "model", path + ".model");
        Optional<String> tokenType = ExportJson.optionalText(result, "token_type", path + ".token_type");
        TokenClass tokenClass = tokenType.map(AnthropicExport::tokenClass).orElse(TokenClass.OTHER);
        String name = model.or(() -> ExportJson.optionalText(result, "description", path + ".description"))
                .orElseThrow(() -> new InvoiceFormatException(path + " has neither model nor description: export with group_by[]=description"));
        sums.add(name, day, tokenClass, account, OptionalLong.empty(), OptionalLong.empty(), usd);
    }

    private static TokenClass tokenClass(String tokenType) {
        return switch (tokenType) {
            case "uncached_input_tokens" -> TokenClass.INPUT;
            case "output_tokens" -> TokenClass.OUTPUT;
            case "cache_read_input_tokens" -> TokenClass.CACHED_INPUT;
            case "cache_creation.ephemeral_5m_input_tokens", "cache_creation.ephemeral_1h_input_tokens" -> TokenClass.CACHE_WRITE;
            default -> TokenClass.OTHER;
        };
    }

    private static void addUsage(LineSums sums, LocalDate day, JsonNode result, String path) {
        String model = ExportJson.optionalText(result, "model", path + ".model")
                .orElseThrow(() -> new InvoiceFormatException(path + ".model is missing: export the usage with group_by[]=model"));
        Optional<String> account = ExportJson.optionalText(result, "workspace_id", path + ".workspace_id");
        long uncached = ExportJson.count(result, "uncached_input_tokens", path + ".uncached_input_tokens");
        long cacheRead = ExportJson.optionalCount(result, "cache_read_input_tokens", path + ".cache_read_input_tokens").orElse(0);
        long output = ExportJson.count(result, "output_tokens", path + ".output_tokens");
        long cacheWrite = 0;
        JsonNode creation = result.get("cache_creation");
        if (creation != null && !creation.isNull()) {
            creation = ExportJson.object(result, "cache_creation", path + ".cache_creation");
            cacheWrite = Math.addExact(
                    ExportJson.optionalCount(creation, "ephemeral_5m_input_tokens", path + ".cache_creation.ephemeral_5m_input_tokens").orElse(0),
                    ExportJson.optionalCount(creation, "ephemeral_1h_input_tokens", path + ".cache_creation.ephemeral_1h_input_tokens").orElse(0));
        }
        add(sums, model, day, TokenClass.INPUT, account, uncached, true);
        add(sums, model, day, TokenClass.OUTPUT, account, output, true);
        add(sums, model, day, TokenClass.CACHED_INPUT, account, cacheRead, false);
        add(sums, model, day, TokenClass.CACHE_WRITE, account, cacheWrite, false);
    }

    private static void add(LineSums sums, String model, LocalDate day, TokenClass tokenClass, Optional<String> account,
                            long tokens, boolean evenIfZero) {
        if (tokens > 0 || evenIfZero) {
            sums.add(model, day, tokenClass, account, OptionalLong.of(tokens), OptionalLong.empty(), BigDecimal.ZERO);
        }
    }
}
