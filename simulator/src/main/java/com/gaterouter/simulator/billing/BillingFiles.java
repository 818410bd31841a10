package com.gaterouter.simulator.billing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.http.Json;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The file-shaped exports: the AWS Cost and Usage Report (legacy CSV columns) lines for Amazon
 * Bedrock, and the Cloud Billing export to BigQuery rows for Gemini as newline-delimited JSON. One
 * line per UTC day, model, account and token class with tokens; costs are exact decimals.
 */
final class BillingFiles {

    /** Writes BigDecimals as plain decimals ({@code 0.0000015}, never {@code 1.5E-6}). */
    static final ObjectMapper PLAIN = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    static final String CUR_HEADER = "identity/LineItemId,identity/TimeInterval,bill/PayerAccountId,lineItem/UsageAccountId,"
            + "lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageType,"
            + "lineItem/Operation,lineItem/ResourceId,lineItem/UsageAmount,lineItem/CurrencyCode,lineItem/UnblendedRate,"
            + "lineItem/UnblendedCost,lineItem/LineItemDescription,pricing/unit";
    private static final DateTimeFormatter BQ_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private final BillingLedger ledger;
    private final BillingTerms terms;
    private final Clock clock;

    BillingFiles(BillingLedger ledger, BillingTerms terms, Clock clock) {
        this.ledger = ledger;
        this.terms = terms;
        this.clock = clock;
    }

    static String json(ObjectNode node) {
        try {
            return PLAIN.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CUR CSV for Bedrock usage from {@code from} to {@code to} (exclusive). */
    String bedrockCur(LocalDate from, LocalDate to) {
        StringBuilder csv = new StringBuilder(CUR_HEADER).append('\n');
        int n = 0;
        for (DailyUsage row : DailyUsage.of(ledger.all(SimVendor.BEDROCK), from, to)) {
            for (TokenKind kind : TokenKind.values()) {
                long tokens = row.tokens(kind);
                if (tokens == 0) {
                    continue;
                }
                BigDecimal cost = terms.usd(SimVendor.BEDROCK, row.model(), kind, tokens);
                BigDecimal rate = terms.usd(SimVendor.BEDROCK, row.model(), kind, 1);
                String start = row.day().atStartOfDay(ZoneOffset.UTC).toInstant().toString();
                String end = row.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
                String usageType = "USE1-" + compact(row.model()) + usageSuffix(kind);
                csv.append(String.join(",", List.of("sim" + (++n), start + "/" + end, row.account(), row.account(), "Usage",
                        start, end, "AmazonBedrock", usageType, "Converse", resourceId(row.model(), row.account()),
                        Long.toString(tokens), "USD", rate.toPlainString(), cost.toPlainString(),
                        quoted(rate.toPlainString() + " per token for " + usageType), "tokens"))).append('\n');
            }
        }
        return csv.toString();
    }

    /** The Cloud Billing export rows (NDJSON) for Gemini usage from {@code from} to {@code to} (exclusive). */
    String geminiJsonl(LocalDate from, LocalDate to) {
        StringBuilder jsonl = new StringBuilder();
        String exportTime = BQ_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
        for (DailyUsage row : DailyUsage.of(ledger.all(SimVendor.GEMINI), from, to)) {
            for (TokenKind kind : List.of(TokenKind.INPUT, TokenKind.CACHED_INPUT, TokenKind.OUTPUT)) {
                long tokens = row.tokens(kind);
                if (tokens == 0) {
                    continue;
                }
                String sku = "Generate content " + skuKind(kind) + " token count " + row.model().replace('-', ' ') + " short input text";
                ObjectNode line = Json.object().put("billing_account_id", "000000-SIMSIM-000000");
                line.putObject("service").put("id", "AEFD-7695-64FA").put("description", "Gemini API");
                line.putObject("sku").put("id", skuId(sku)).put("description", sku);
                line.put("usage_start_time", BQ_TIME.format(row.day().atStartOfDay(ZoneOffset.UTC)))
                        .put("usage_end_time", BQ_TIME.format(row.day().plusDays(1).atStartOfDay(ZoneOffset.UTC)));
                line.putObject("project").put("id", row.account()).put("number", "0").put("name", row.account())
                        .putArray("labels");
                line.putArray("labels");
                line.putArray("system_labels");
                line.putObject("location").put("location", "global").putNull("country").putNull("region").putNull("zone");
                line.put("export_time", exportTime)
                        .put("cost", terms.usd(SimVendor.GEMINI, row.model(), kind, tokens))
                        .put("currency", "USD")
                        .put("currency_conversion_rate", BigDecimal.ONE);
                line.putObject("usage").put("amount", tokens).put("unit", "count")
                        .put("amount_in_pricing_units", BigDecimal.valueOf(tokens).movePointLeft(6).stripTrailingZeros())
                        .put("pricing_unit", "1 million tokens");
                line.putArray("credits");
                line.putObject("invoice").put("month", row.day().toString().substring(0, 7).replace("-", ""));
                line.put("cost_type", "regular").putNull("adjustment_info");
                jsonl.append(json(line)).append('\n');
            }
        }
        return jsonl.toString();
    }

    /** {@code anthropic.claude-3-5-haiku-20241022-v1:0} → {@code Claude3.5Haiku}: the model as Bedrock usage types spell it. */
    static String compact(String model) {
        String name = model.substring(model.lastIndexOf('/') + 1).split(":")[0];
        String[] dots = name.split("\\.");
        name = dots[dots.length - 1];
        StringBuilder out = new StringBuilder();
        boolean lastWasNumber = false;
        for (String word : name.split("[-_]")) {
            if (word.isEmpty() || word.matches("\\d{6,}") || word.matches("v\\d+")) {
                continue;
            }
            boolean number = word.matches("\\d+");
            out.append(number && lastWasNumber ? "." : "").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            lastWasNumber = number;
        }
        return out.isEmpty() ? "Model" : out.toString();
    }

    private static String usageSuffix(TokenKind kind) {
        return switch (kind) {
            case INPUT -> "-input-tokens";
            case CACHED_INPUT -> "-cache-read-input-token-count";
            case CACHE_WRITE -> "-cache-write-input-token-count";
            case OUTPUT -> "-output-tokens";
        };
    }

    private static String resourceId(String model, String account) {
        if (model.startsWith("arn:")) {
            return model;
        }
        boolean profile = model.matches("^(us|eu|apac|global|jp|au|ca)\\..*");
        return profile ? "arn:aws:bedrock:us-east-1:" + account + ":inference-profile/" + model
                : "arn:aws:bedrock:us-east-1::foundation-model/" + model;
    }

    private static String skuKind(TokenKind kind) {
        return switch (kind) {
            case INPUT -> "input";
            case CACHED_INPUT -> "cached input";
            case CACHE_WRITE -> "cache write";
            case OUTPUT -> "output";
        };
    }

    private static String skuId(String description) {
        return String.format(Locale.ROOT, "%04X-%04X-%04X", (description.hashCode() >>> 16) & 0xFFFF,
                description.hashCode() & 0xFFFF, description.length() & 0xFFFF);
    }

    private static String quoted(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }
}
