package com.gaterouter.common.billing;

import com.gaterouter.common.billing.InvoiceLine.TokenClass;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The AWS Cost and Usage Report (CSV) lines for Amazon Bedrock. Column names are the legacy CUR's
 * ({@code lineItem/UsageType}) or CUR 2.0's ({@code line_item_usage_type}); either is matched by
 * its letters alone, ignoring case, {@code /} and {@code _}.
 *
 * <p>Only lines with {@code lineItem/ProductCode} {@code AmazonBedrock} and
 * {@code lineItem/LineItemType} {@code Usage} count: tax, credits, refunds, fees, discounts and
 * other services' lines are skipped. The token class is read from the usage type, which AWS
 * documents as {@code <REGION>-<model>-input-tokens}, {@code …-output-tokens} (or
 * {@code …-mantle-input-tokens-…} / {@code …-mantle-output-tokens-…}),
 * {@code …-cache-read-input-token-count} and {@code …-cache-write-input-token-count}
 * (e.g. {@code USE1-Claude3Haiku-input-tokens}); any other usage type is OTHER. The model is the
 * last segment of {@code lineItem/ResourceId} when that is a Bedrock model or inference-profile ARN
 * (e.g. {@code anthropic.claude-3-haiku-20240307-v1:0}), else the usage type without its region
 * prefix and token suffix (e.g. {@code Claude3Haiku}). {@code lineItem/UsageAmount} counts tokens;
 * when {@code pricing/unit} says {@code 1K tokens} or {@code 1M tokens} it is in those units and is
 * scaled (rounded half up to a whole token). The account is {@code lineItem/UsageAccountId}; the
 * cost {@code lineItem/UnblendedCost}, exact. A {@code lineItem/CurrencyCode} column, when present,
 * must say USD.
 */
public final class AwsCurExport implements VendorExport {

    private static final String START = "lineitemusagestartdate";
    private static final String PRODUCT = "lineitemproductcode";
    private static final String TYPE = "lineitemlineitemtype";
    private static final String USAGE_TYPE = "lineitemusagetype";
    private static final String RESOURCE = "lineitemresourceid";
    private static final String AMOUNT = "lineitemusageamount";
    private static final String COST = "lineitemunblendedcost";
    private static final String ACCOUNT = "lineitemusageaccountid";
    private static final String CURRENCY = "lineitemcurrencycode";
    private static final String UNIT = "pricingunit";
    private static final List<String> REQUIRED = List.of(START, PRODUCT, TYPE, USAGE_TYPE, AMOUNT, COST);

    @Override
    public String name() {
        return "aws-cur";
    }

    @Override
    public String vendor() {
        return "bedrock";
    }

    @Override
    public List<InvoiceLine> parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvoiceFormatException("aws-cur export is empty");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = Csv.parse(text);
        if (records.isEmpty()) {
            throw new InvoiceFormatException("aws-cur export is empty");
        }
        Map<String, Integer> columns = columns(records.get(0));
        LineSums sums = new LineSums(vendor());
        for (int r = 1; r < records.size(); r++) {
            Row row = new Row(records.get(r), columns, r + 1);
            if ("AmazonBedrock".equals(row.get(PRODUCT)) && "Usage".equals(row.get(TYPE))) {
                add(sums, row);
            }
        }
        return sums.lines();
    }

    private static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).toLowerCase(Locale.ROOT).replaceAll("[/_\\s]", ""), i);
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new InvoiceFormatException("aws-cur export has no column " + required
                        + " (lineItem/… or line_item_… name): is this a Cost and Usage Report?");
            }
        }
        return columns;
    }

    private record Row(List<String> fields, Map<String, Integer> columns, int line) {
        String get(String column) {
            Integer index = columns.get(column);
            return index == null || index >= fields.size() ? "" : fields.get(index).trim();
        }

        BigDecimal decimal(String column) {
            String value = get(column);
            try {
                return new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new InvoiceFormatException("aws-cur line " + line + ": " + column + " is not a decimal: \"" + value + "\"", e);
            }
        }
    }

    private static void add(LineSums sums, Row row) {
        String currency = row.get(CURRENCY);
        if (!currency.isEmpty()) {
            ExportJson.requireUsd(currency, "aws-cur line " + row.line() + ": " + CURRENCY);
        }
        String usageType = row.get(USAGE_TYPE);
        TokenClass tokenClass = tokenClass(usageType);
        String model = model(row.get(RESOURCE), usageType);
        if (model.isEmpty()) {
            throw new InvoiceFormatException("aws-cur line " + row.line() + ": no model in resource id or usage type \"" + usageType + "\"");
        }
        OptionalLong tokens = tokenClass == TokenClass.OTHER ? OptionalLong.empty()
                : OptionalLong.of(tokens(row.decimal(AMOUNT), row.get(UNIT), row.line()));
        String account = row.get(ACCOUNT);
        sums.add(model, ExportJson.utcDay(row.get(START), "aws-cur line " + row.line() + ": " + START), tokenClass, account.isEmpty() ? Optional.empty() : Optional.of(account),
                tokens, OptionalLong.empty(), row.decimal(COST));
    }

    static TokenClass tokenClass(String usageType) {
        String type = usageType.toLowerCase(Locale.ROOT);
        if (type.endsWith("-cache-read-input-token-count")) {
            return TokenClass.CACHED_INPUT;
        }
        if (type.endsWith("-cache-write-input-token-count")) {
            return TokenClass.CACHE_WRITE;
        }
        if (type.endsWith("-output-tokens") || type.contains("-mantle-output-tokens")) {
            return TokenClass.OUTPUT;
        }
        if (type.endsWith("-input-tokens") || type.contains("-mantle-input-tokens")) {
            return TokenClass.INPUT;
        }
        return TokenClass.OTHER;
    }

    private static String model(String resourceId, String usageType) {
        for (String marker : List.of("foundation-model/", "inference-profile/", "application-inference-profile/")) {
            int at = resourceId.indexOf(marker);
            if (at >= 0) {
                return resourceId.substring(at + marker.length());
            }
        }
        String model = usageType.replaceFirst("^[A-Z]{2,4}\\d?-", "");
        return model.replaceFirst("(?i)-(mantle-)?(cache-read-|cache-write-)?(input|output)-tokens?(-count)?(-.*)?$", "");
    }

    private static long tokens(BigDecimal amount, String unit, int line) {
        String u = unit.toLowerCase(Locale.ROOT).replace(" ", "");
        BigDecimal scaled = u.startsWith("1ktoken") ? amount.movePointRight(3)
                : u.startsWith("1mtoken") ? amount.movePointRight(6) : amount;
        long tokens = scaled.setScale(0, RoundingMode.HALF_UP).longValueExact();
        if (tokens < 0) {
            throw new InvoiceFormatException("aws-cur line " + line + ": " + AMOUNT + " is negative: " + amount.toPlainString());
        }
        return tokens;
    }
}
