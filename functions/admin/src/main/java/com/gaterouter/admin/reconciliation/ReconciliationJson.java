package com.gaterouter.admin.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.gaterouter.admin.reconciliation.ReconciliationReport.CauseTotal;
import com.gaterouter.admin.reconciliation.ReconciliationReport.GatewaySide;
import com.gaterouter.admin.reconciliation.ReconciliationReport.PriceCheck;
import com.gaterouter.admin.reconciliation.ReconciliationReport.Row;
import com.gaterouter.admin.reconciliation.ReconciliationReport.Summary;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.billing.InvoiceLine;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import com.gaterouter.common.money.UsdMicros;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A reconciliation as the API shows it: the head (who reconciled which export for which period),
 * the summary and the rows. The JSON is stored as shown, so a later GET answers exactly what the
 * POST did; the CSV is the rows' flat columns (the price checks stay in the JSON).
 */
public final class ReconciliationJson {

    /** The rows' flat columns, in order: the CSV header. */
    public static final List<String> COLUMNS = List.of("vendor", "model", "day", "cause",
            "gatewayRequests", "invoiceRequests",
            "gatewayInputTokens", "invoiceInputTokens", "gatewayCachedInputTokens", "invoiceCachedInputTokens",
            "gatewayCacheWriteTokens", "invoiceCacheWriteTokens", "gatewayOutputTokens", "invoiceOutputTokens",
            "gatewayCostUsdMicros", "gatewayCostUsd", "invoiceCostUsdMicros", "invoiceCostUsd",
            "differenceUsdMicros", "differenceUsd", "toleranceUsdMicros",
            "bypassTokens", "bypassUsdMicros", "bypassUsd", "detail");

    private ReconciliationJson() {
    }

    /** A token class's wire name: {@code input}, {@code cached_input}, {@code cache_write}, {@code output}, {@code other}. */
    public static String className(TokenClass tokenClass) {
        return tokenClass.name().toLowerCase(Locale.ROOT);
    }

    /** The whole report: the head's fields, {@code summary} and {@code data}. */
    public static ObjectNode render(Reconciliation.Head head, ReconciliationReport report) {
        ObjectNode body = head(head);
        body.set("summary", summary(report.summary()));
        ArrayNode data = body.putArray("data");
        report.rows().forEach(row -> data.add(row(row)));
        return body;
    }

    /** The fields every view of a reconciliation starts with. */
    public static ObjectNode head(Reconciliation.Head head) {
        ObjectNode node = Views.object();
        node.put("object", "reconciliation");
        node.put("id", head.id());
        node.put("tenantId", head.tenantId());
        node.put("vendor", head.vendor());
        node.put("format", head.format());
        node.put("from", head.from().toString());
        node.put("to", head.to().toString());
        Views.put(node, "account", head.account());
        Views.putInstant(node, "createdAt", head.createdAt());
        ObjectNode by = node.putObject("createdBy");
        by.put("kind", head.createdBy().kind().name().toLowerCase(Locale.ROOT));
        by.put("id", head.createdBy().id());
        return node;
    }

    /** A list's entry: the head and the stored summary. */
    public static ObjectNode listed(Reconciliation.Head head, JsonNode summary) {
        ObjectNode node = head(head);
        node.set("summary", summary.deepCopy());
        return node;
    }

    static ObjectNode summary(Summary s) {
        ObjectNode node = Views.object();
        node.put("rows", s.rows());
        node.put("reconciled", s.reconciled());
        ObjectNode lines = node.putObject("lines");
        lines.put("read", s.linesRead());
        lines.put("outsidePeriod", s.linesOutsidePeriod());
        lines.put("otherAccounts", s.linesOtherAccounts());
        lines.put("used", s.linesRead() - s.linesOutsidePeriod() - s.linesOtherAccounts());
        ObjectNode gateway = node.putObject("gateway");
        gateway.put("requests", s.gateway().requests());
        tokens(gateway, "", s.gateway().tokens());
        money(gateway, "cost", s.gateway().costMicros());
        ObjectNode invoice = node.putObject("invoice");
        tokens(invoice, "", s.invoiceTokens());
        money(invoice, "cost", s.invoiceCostMicros());
        money(node, "difference", s.differenceMicros());
        ObjectNode byCause = node.putObject("byCause");
        for (Cause cause : Cause.values()) {
            CauseTotal total = s.byCause().getOrDefault(cause, new CauseTotal(0, 0));
            ObjectNode one = byCause.putObject(cause.wireName());
            one.put("rows", total.rows());
            money(one, "difference", total.differenceMicros());
        }
        money(node, "explained", s.explainedMicros());
        money(node, "unexplained", s.unexplainedMicros());
        node.put("bypassTokens", s.bypassTokens());
        money(node, "bypass", s.bypassMicros());
        decimal(node, "bypassSharePercent", s.bypassSharePercent());
        return node;
    }

    static ObjectNode row(Row row) {
        ObjectNode node = Views.object();
        node.put("vendor", row.vendor());
        node.put("model", row.model());
        node.put("day", row.day().toString());
        node.put("cause", row.cause().wireName());
        GatewaySide g = row.gateway();
        node.put("gatewayRequests", g.requests());
        if (row.invoice().requests().isPresent()) {
            node.put("invoiceRequests", row.invoice().requests().getAsLong());
        } else {
            node.putNull("invoiceRequests");
        }
        for (TokenClass tokenClass : Tokens.CLASSES) {
            String name = tokenField(tokenClass);
            node.put("gateway" + name, g.tokens().of(tokenClass));
            if (row.invoice().tokens().isPresent()) {
                node.put("invoice" + name, row.invoice().tokens().get().of(tokenClass));
            } else {
                node.putNull("invoice" + name);
            }
        }
        money(node, "gatewayCost", g.costMicros());
        money(node, "invoiceCost", row.invoice().costMicros());
        money(node, "difference", row.differenceMicros());
        decimal(node, "toleranceUsdMicros", Optional.of(row.toleranceMicros()));
        node.put("bypassTokens", row.bypassTokens());
        money(node, "bypass", row.bypassMicros());
        node.put("detail", row.detail());
        ArrayNode prices = node.putArray("prices");
        for (PriceCheck check : row.prices()) {
            ObjectNode price = prices.addObject();
            price.put("tokenClass", className(check.tokenClass()));
            price.put("tokens", check.tokens());
            money(price, "invoiceCost", check.invoiceCostMicros());
            decimal(price, "invoiceUsdMicrosPer1M", check.invoicePer1M());
            decimal(price, "priceBookUsdMicrosPer1M", check.bookPer1M());
        }
        return node;
    }

    /** {@code InputTokens}, {@code CachedInputTokens}, {@code CacheWriteTokens}, {@code OutputTokens}. */
    private static String tokenField(TokenClass tokenClass) {
        return switch (tokenClass) {
            case INPUT -> "InputTokens";
            case CACHED_INPUT -> "CachedInputTokens";
            case CACHE_WRITE -> "CacheWriteTokens";
            case OUTPUT -> "OutputTokens";
            case OTHER -> "OtherTokens";
        };
    }

    private static void tokens(ObjectNode node, String prefix, Tokens tokens) {
        for (TokenClass tokenClass : Tokens.CLASSES) {
            String field = tokenField(tokenClass);
            node.put(prefix.isEmpty() ? Character.toLowerCase(field.charAt(0)) + field.substring(1) : prefix + field, tokens.of(tokenClass));
        }
    }

    /** {@code <prefix>UsdMicros} and {@code <prefix>Usd} (six places, as everywhere). */
    private static void money(ObjectNode node, String prefix, long micros) {
        node.put(prefix + "UsdMicros", micros);
        node.put(prefix + "Usd", UsdMicros.toDecimalString(micros));
    }

    /** A decimal written as is ({@code 12.5}, never {@code 1.25E+1}); null when absent. */
    private static void decimal(ObjectNode node, String field, Optional<BigDecimal> value) {
        if (value.isPresent()) {
            node.putRawValue(field, new RawValue(value.get().toPlainString()));
        } else {
            node.putNull(field);
        }
    }

    /** The invoice lines as normalized, for the stored reconciliation and {@code GET …/{id}}. */
    public static ArrayNode lines(List<InvoiceLine> lines) {
        ArrayNode array = Views.object().arrayNode();
        for (InvoiceLine line : lines) {
            ObjectNode node = array.addObject();
            node.put("vendor", line.vendor());
            node.put("vendorModel", line.vendorModel());
            node.put("day", line.day().toString());
            node.put("tokenClass", className(line.tokenClass()));
            if (line.tokens().isPresent()) {
                node.put("tokens", line.tokens().getAsLong());
            } else {
                node.putNull("tokens");
            }
            if (line.requests().isPresent()) {
                node.put("requests", line.requests().getAsLong());
            } else {
                node.putNull("requests");
            }
            money(node, "cost", line.costMicros());
            Views.put(node, "account", line.account());
        }
        return array;
    }

    /** The lines {@link #lines} wrote, read back. */
    public static List<InvoiceLine> linesFrom(JsonNode array) {
        List<InvoiceLine> lines = new java.util.ArrayList<>();
        for (JsonNode node : array) {
            lines.add(new InvoiceLine(node.path("vendor").asText(), node.path("vendorModel").asText(),
                    java.time.LocalDate.parse(node.path("day").asText()),
                    TokenClass.valueOf(node.path("tokenClass").asText().toUpperCase(Locale.ROOT)),
                    optionalLong(node.path("tokens")), optionalLong(node.path("requests")), node.path("costUsdMicros").asLong(),
                    node.path("account").isTextual() ? Optional.of(node.path("account").asText()) : Optional.empty()));
        }
        return lines;
    }

    private static java.util.OptionalLong optionalLong(JsonNode node) {
        return node.isNumber() ? java.util.OptionalLong.of(node.asLong()) : java.util.OptionalLong.empty();
    }

    /** The rows of a stored report as CSV (RFC 4180, CRLF): {@link #COLUMNS}, then a line per row. */
    public static String csv(JsonNode report) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
        for (JsonNode row : report.path("data")) {
            for (int c = 0; c < COLUMNS.size(); c++) {
                out.append(c == 0 ? "" : ",").append(csvField(row.path(COLUMNS.get(c))));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    /** Numbers as written; text quoted when it must be, with a leading apostrophe where a spreadsheet would see a formula. */
    private static String csvField(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isNumber()) {
            return value.asText();
        }
        String text = value.asText();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !text.matches("-[0-9.]+")) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
