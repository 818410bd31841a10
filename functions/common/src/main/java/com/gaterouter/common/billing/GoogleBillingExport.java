package com.gaterouter.common.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Cloud Billing export to BigQuery (standard usage cost), as newline-delimited JSON (what
 * {@code bq extract --destination_format NEWLINE_DELIMITED_JSON} writes) or a JSON array of rows.
 *
 * <p>Rows of {@code service.description} {@code Gemini API}, {@code Generative Language API} or
 * {@code Vertex AI} count; other services are skipped. The SKU description names the model and the
 * token kind, e.g. {@code Generate content input token count gemini 2.5 flash short input text}
 * (Gemini API), {@code Gemini 2.5 Flash Input Text Tokens} or {@code Gemini 2.0 Flash Text Output -
 * Predictions} (Vertex AI): the model is {@code gemini-<version>[-<variant words>]} lower-cased
 * ({@code gemini-2.5-flash}, {@code gemini-2.0-flash-lite}); the class CACHED_INPUT when the
 * description says cached, cache read or context caching, OTHER for context-cache storage, else
 * whichever of "input" / "output" comes first. A SKU without a Gemini model or token
 * kind is an OTHER line named by its description. Tokens are {@code usage.amount} when
 * {@code usage.unit} is a count of tokens ({@code count}, {@code token}, {@code tokens}). The cost
 * is {@code cost} plus the (negative) {@code credits[].amount}, exact; the account {@code project.id};
 * the day the UTC day of {@code usage_start_time} (hourly rows add up).
 */
public final class GoogleBillingExport implements VendorExport {

    private static final Set<String> SERVICES = Set.of("gemini api", "generative language api", "vertex ai");
    private static final Pattern MODEL = Pattern.compile("gemini[ -](\\d+(?:\\.\\d+)?)((?:[ -][a-z0-9]+)*)");
    private static final Set<String> NOT_MODEL_WORDS = Set.of("input", "output", "text", "image", "audio", "video",
            "short", "long", "cached", "cache", "token", "tokens", "count", "predictions", "characters", "batch",
            "context", "caching", "storage", "thinking", "grounding", "for", "with", "and", "multimodal");

    @Override
    public String name() {
        return "google-billing";
    }

    @Override
    public String vendor() {
        return "gemini";
    }

    @Override
    public List<InvoiceLine> parse(byte[] body) {
        LineSums sums = new LineSums(vendor());
        List<JsonNode> rows = rows(body);
        for (int i = 0; i < rows.size(); i++) {
            add(sums, rows.get(i), "row " + (i + 1));
        }
        return sums.lines();
    }

    private static List<JsonNode> rows(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvoiceFormatException("google-billing export is empty");
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        List<JsonNode> rows = new ArrayList<>();
        if (text.startsWith("[")) {
            JsonNode array = ExportJson.read(body, "google-billing");
            array.forEach(rows::add);
        } else {
            String[] lines = text.split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    try {
                        rows.add(ExportJson.read(lines[i].getBytes(StandardCharsets.UTF_8), "google-billing"));
                    } catch (InvoiceFormatException e) {
                        throw new InvoiceFormatException("google-billing line " + (i + 1) + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isObject()) {
                throw new InvoiceFormatException("google-billing row " + (i + 1) + " must be an object");
            }
        }
        return rows;
    }

    private static void add(LineSums sums, JsonNode row, String path) {
        JsonNode service = ExportJson.object(row, "service", path + ": service");
        String serviceName = ExportJson.text(service, "description", path + ": service.description");
        if (!SERVICES.contains(serviceName.toLowerCase(Locale.ROOT))) {
            return;
        }
        ExportJson.requireUsd(ExportJson.text(row, "currency", path + ": currency"), path + ": currency");
        String sku = ExportJson.text(ExportJson.object(row, "sku", path + ": sku"), "description", path + ": sku.description");
        LocalDate day = ExportJson.utcDay(ExportJson.text(row, "usage_start_time", path + ": usage_start_time"), path + ": usage_start_time");
        BigDecimal usd = ExportJson.decimal(row, "cost", path + ": cost").add(credits(row, path));
        Optional<String> model = model(sku);
        TokenClass tokenClass = model.isEmpty() ? TokenClass.OTHER : tokenClass(sku);
        OptionalLong tokens = OptionalLong.empty();
        JsonNode usage = row.get("usage");
        if (tokenClass != TokenClass.OTHER && usage != null && !usage.isNull()) {
            usage = ExportJson.object(row, "usage", path + ": usage");
            String unit = ExportJson.optionalText(usage, "unit", path + ": usage.unit").orElse("").toLowerCase(Locale.ROOT);
            if (Set.of("count", "token", "tokens").contains(unit)) {
                tokens = OptionalLong.of(ExportJson.wholeCount(ExportJson.decimal(usage, "amount", path + ": usage.amount"),
                        path + ": usage.amount"));
            }
        }
        Optional<String> account = Optional.ofNullable(row.get("project")).filter(JsonNode::isObject)
                .flatMap(project -> ExportJson.optionalText(project, "id", path + ": project.id"));
        sums.add(tokenClass == TokenClass.OTHER ? sku : model.get(), day, tokenClass, account, tokens, OptionalLong.empty(), usd);
    }

    private static BigDecimal credits(JsonNode row, String path) {
        JsonNode credits = row.get("credits");
        if (credits == null || credits.isNull()) {
            return BigDecimal.ZERO;
        }
        if (!credits.isArray()) {
            throw new InvoiceFormatException(path + ": credits must be an array");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < credits.size(); i++) {
            sum = sum.add(ExportJson.decimal(credits.get(i), "amount", path + ": credits[" + i + "].amount"));
        }
        return sum;
    }

    /** {@code "Gemini 2.5 Flash Lite Input Text Tokens"} → {@code gemini-2.5-flash-lite}. */
    static Optional<String> model(String sku) {
        Matcher m = MODEL.matcher(sku.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return Optional.empty();
        }
        StringBuilder model = new StringBuilder("gemini-").append(m.group(1));
        for (String word : m.group(2).trim().split("[ -]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (NOT_MODEL_WORDS.contains(word)) {
                break;
            }
            model.append('-').append(word);
        }
        return Optional.of(model.toString());
    }

    static TokenClass tokenClass(String sku) {
        String s = sku.toLowerCase(Locale.ROOT);
        if (s.contains("storage")) {
            return TokenClass.OTHER;
        }
        if (s.contains("cached") || s.contains("cache read") || s.contains("context caching")) {
            return TokenClass.CACHED_INPUT;
        }
        int input = s.indexOf("input");
        int output = s.indexOf("output");
        if (output >= 0 && (input < 0 || output < input)) {
            return TokenClass.OUTPUT;
        }
        return input >= 0 ? TokenClass.INPUT : TokenClass.OTHER;
    }
}
