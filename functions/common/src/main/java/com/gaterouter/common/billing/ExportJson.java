package com.gaterouter.common.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.LocalDate;
import java.util.function.BiFunction;
import java.util.OptionalLong;

/** Reading the vendors' JSON exports: numbers as exact decimals, every error naming the field it is about. */
final class ExportJson {

    private static final ObjectReader READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private ExportJson() {
    }

    static JsonNode read(byte[] body, String format) {
        if (body == null || body.length == 0) {
            throw new InvoiceFormatException(format + " export is empty");
        }
        try {
            JsonNode node = READER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvoiceFormatException(format + " export is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvoiceFormatException(format + " export is not JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        } catch (IOException e) {
            throw new InvoiceFormatException(format + " export cannot be read", e);
        }
    }

    /** The object's member, required to be an object; {@code path} names it in errors. */
    static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new InvoiceFormatException(path + " must be an object");
        }
        return node;
    }

    /** A page or an array of pages at {@code field}: the pages, in order; absent is no pages. */
    static List<JsonNode> pages(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isObject()) {
            return List.of(node);
        }
        if (!node.isArray()) {
            throw new InvoiceFormatException(field + " must be a page or an array of pages");
        }
        List<JsonNode> pages = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isObject()) {
                throw new InvoiceFormatException(field + "[" + i + "] must be a page object");
            }
            pages.add(node.get(i));
        }
        return pages;
    }

    /** What to do with one result of a daily bucket; {@code path} names the result in errors. */
    interface ResultReader {
        void read(LocalDate day, JsonNode result, String path);
    }

    /**
     * Walks {@code root.field} (a page or an array of pages) as the vendors page their daily reports:
     * {@code data[]} buckets each with {@code results[]}; {@code day} reads a bucket's UTC day.
     */
    static void forEachResult(JsonNode root, String field, BiFunction<JsonNode, String, LocalDate> day, ResultReader reader) {
        List<JsonNode> pages = pages(root, field);
        for (int p = 0; p < pages.size(); p++) {
            String pagePath = field + "[" + p + "]";
            JsonNode data = array(pages.get(p), "data", pagePath + ".data");
            for (int b = 0; b < data.size(); b++) {
                String bucketPath = pagePath + ".data[" + b + "]";
                LocalDate bucketDay = day.apply(data.get(b), bucketPath);
                JsonNode results = array(data.get(b), "results", bucketPath + ".results");
                for (int r = 0; r < results.size(); r++) {
                    reader.read(bucketDay, results.get(r), bucketPath + ".results[" + r + "]");
                }
            }
        }
    }

    /** The array at {@code field}, required. */
    static JsonNode array(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isArray()) {
            throw new InvoiceFormatException(path + " must be an array");
        }
        return node;
    }

    static String text(JsonNode parent, String field, String path) {
        return optionalText(parent, field, path)
                .orElseThrow(() -> new InvoiceFormatException(path + " is missing"));
    }

    static Optional<String> optionalText(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvoiceFormatException(path + " must be a string");
        }
        return Optional.of(node.asText());
    }

    /** A whole, non-negative JSON number. */
    static long count(JsonNode parent, String field, String path) {
        return optionalCount(parent, field, path)
                .orElseThrow(() -> new InvoiceFormatException(path + " is missing"));
    }

    /** A whole, non-negative JSON number, or empty when absent or null. */
    static OptionalLong optionalCount(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return OptionalLong.empty();
        }
        if (!node.isNumber()) {
            throw new InvoiceFormatException(path + " must be a number");
        }
        return OptionalLong.of(wholeCount(node.decimalValue(), path));
    }

    static long wholeCount(BigDecimal value, String path) {
        try {
            long count = value.stripTrailingZeros().longValueExact();
            if (count < 0) {
                throw new InvoiceFormatException(path + " must not be negative: " + value.toPlainString());
            }
            return count;
        } catch (ArithmeticException e) {
            throw new InvoiceFormatException(path + " must be a whole number: " + value.toPlainString(), e);
        }
    }

    /** A JSON number, read exactly. */
    static BigDecimal decimal(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new InvoiceFormatException(path + " is missing");
        }
        if (!node.isNumber()) {
            throw new InvoiceFormatException(path + " must be a number");
        }
        return node.decimalValue();
    }

    /** A decimal written as a JSON string, read exactly. */
    static BigDecimal decimalString(JsonNode parent, String field, String path) {
        String text = text(parent, field, path);
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new InvoiceFormatException(path + " is not a decimal: \"" + text + "\"", e);
        }
    }

    /**
     * The UTC day of a time written as RFC 3339 ({@code 2025-06-01T00:00:00Z}), or as BigQuery and
     * CUR 2.0 write it ({@code 2025-06-01 00:00:00 UTC}, {@code 2025-06-01 00:00:00}: UTC).
     */
    static LocalDate utcDay(String text, String path) {
        String iso = text.trim();
        if (iso.endsWith(" UTC")) {
            iso = iso.substring(0, iso.length() - 4) + "Z";
        }
        iso = iso.replace(' ', 'T');
        if (iso.length() == 19) {
            iso = iso + "Z";
        }
        try {
            return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            throw new InvoiceFormatException(path + " is not a time: \"" + text + "\"", e);
        }
    }

    /** Fails unless {@code currency} is USD (any case). */
    static void requireUsd(String currency, String path) {
        if (!"usd".equalsIgnoreCase(currency.trim())) {
            throw new InvoiceFormatException(path + " is " + currency + ": only USD exports can be reconciled");
        }
    }
}
