package com.gaterouter.admin.analytics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.rollup.RollupTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One analytics answer as a table: a head (what was asked, and where the numbers came from), rows
 * with fixed columns, and totals. The same table renders as JSON ({@code {…head, data, totals}}) or
 * as CSV (a header row and the rows; totals are the JSON's — a spreadsheet sums a column itself).
 *
 * <p>Cell values: {@code null}, {@link String}, {@link Long}, {@link BigDecimal} (ratios and
 * percentages, JSON numbers), {@link Usd} (money: an exact decimal string in JSON, a plain decimal
 * in CSV), {@link Instant}, {@link LocalDate} and lists of ids ({@link List} of {@link String}: a JSON
 * array, in CSV the ids joined by {@code ;}).
 */
record Report(String name, Params.Format format, ObjectNode head, List<String> columns, List<Map<String, Object>> rows,
              Map<String, Object> totals) {

    Report {
        for (Map<String, Object> row : rows) {
            if (!row.keySet().equals(new java.util.LinkedHashSet<>(columns))) {
                throw new IllegalStateException(name + ": row columns " + row.keySet() + " differ from " + columns);
            }
        }
    }

    /** Money in micro-USD, shown as an exact decimal ({@code "1.250000"}). */
    record Usd(long micros) {
        String decimal() {
            return UsdMicros.toDecimalString(micros);
        }
    }

    /** An ordered row under construction. */
    static final class Cells {
        private final Map<String, Object> values = new LinkedHashMap<>();

        Cells put(String column, Object value) {
            values.put(column, value);
            return this;
        }

        /** {@code <prefix>UsdMicros} and {@code <prefix>Usd}. */
        Cells money(String prefix, long micros) {
            values.put(prefix + "UsdMicros", micros);
            values.put(prefix + "Usd", new Usd(micros));
            return this;
        }

        /**
         * The counts every spend row shows: requests, refusals (requests the gateway refused before any
         * vendor call: budgets, quotas, rate limits, model permissions — never part of the other counts),
         * errors, prompt, completion and total tokens, cost.
         */
        Cells spend(RollupTotals totals) {
            return spend(totals, "cost");
        }

        /** As {@link #spend(RollupTotals)}, the cost as {@code <costPrefix>UsdMicros} and {@code <costPrefix>Usd}. */
        Cells spend(RollupTotals totals, String costPrefix) {
            put("requests", totals.requests());
            put("refusals", totals.refusals());
            put("errors", totals.errors());
            put("promptTokens", totals.promptTokens());
            put("completionTokens", totals.completionTokens());
            put("tokens", totals.tokens());
            return money(costPrefix, totals.costMicros());
        }

        Map<String, Object> build() {
            return values;
        }
    }

    /** The columns {@link Cells#spend} writes, in its order. */
    static final List<String> SPEND_COLUMNS = spendColumns("cost");

    /** The columns {@link Cells#spend(RollupTotals, String)} writes, in its order. */
    static List<String> spendColumns(String costPrefix) {
        return List.of("requests", "refusals", "errors", "promptTokens", "completionTokens", "tokens",
                costPrefix + "UsdMicros", costPrefix + "Usd");
    }

    /** {@code part / whole × 100}, two decimals (half up); null when the whole is zero. */
    static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    /** {@code part / whole}, four decimals (half up); null when the whole is zero. */
    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    /** The head every report starts with: tenant, range, department scope and the data's provenance. */
    static ObjectNode head(AnalyticsScope scope, Params.Range range, SpendData.Spend spend) {
        ObjectNode head = Views.object();
        head.put("tenantId", scope.tenantId());
        Views.put(head, "departmentId", scope.departmentId());
        head.put("from", range.from().toString());
        head.put("to", range.to().toString());
        Views.put(head, "rolledUpThrough", spend.rolledUpThrough().map(LocalDate::toString));
        Views.put(head, "rawUsageFrom", spend.rawUsageFrom().map(LocalDate::toString));
        return head;
    }

    ApiResponse respond(AdminCall call) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", call.requestId());
        headers.put("cache-control", "no-store");
        if (format == Params.Format.CSV) {
            headers.put("content-type", "text/csv; charset=utf-8");
            headers.put("content-disposition", "attachment; filename=\"" + fileName() + "\"");
            return new ApiResponse.Buffered(200, headers, csv().getBytes(StandardCharsets.UTF_8));
        }
        return ApiResponse.json(200, headers, json().toString());
    }

    /** {@code <report>-<tenant>-<from>-<to>.csv}: ids and days only, so nothing needs quoting in the header. */
    private String fileName() {
        return name + "-" + head.path("tenantId").asText() + "-" + head.path("from").asText() + "-" + head.path("to").asText() + ".csv";
    }

    ObjectNode json() {
        ObjectNode body = head.deepCopy();
        ArrayNode data = body.putArray("data");
        for (Map<String, Object> row : rows) {
            ObjectNode node = data.addObject();
            row.forEach((column, value) -> putJson(node, column, value));
        }
        if (totals != null) {
            ObjectNode node = body.putObject("totals");
            totals.forEach((column, value) -> putJson(node, column, value));
        }
        return body;
    }

    private static void putJson(ObjectNode node, String field, Object value) {
        switch (value) {
            case null -> node.putNull(field);
            case String s -> node.put(field, s);
            case Long l -> node.put(field, l);
            case Integer i -> node.put(field, i);
            // written as is ("50.00", never "5E+1"): ratios keep their stated number of decimals
            case BigDecimal d -> node.putRawValue(field, new RawValue(d.toPlainString()));
            case Usd usd -> node.put(field, usd.decimal());
            case Instant instant -> node.put(field, instant.toString());
            case LocalDate day -> node.put(field, day.toString());
            case Optional<?> optional -> putJson(node, field, optional.orElse(null));
            case List<?> list -> {
                ArrayNode array = node.putArray(field);
                list.forEach(item -> array.add((String) item));
            }
            default -> throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    /** RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break. */
    String csv() {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", columns)).append("\r\n");
        for (Map<String, Object> row : rows) {
            boolean first = true;
            for (String column : columns) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(csvField(row.get(column)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    static String csvField(Object value) {
        if (value instanceof Optional<?> optional) {
            return csvField(optional.orElse(null));
        }
        String text = switch (value) {
            case null -> "";
            case Usd usd -> usd.decimal();
            case BigDecimal d -> d.toPlainString();
            case String s -> guardFormula(s);
            case List<?> list -> guardFormula(String.join(";", list.stream().map(String.class::cast).toList()));
            default -> Objects.toString(value);
        };
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /**
     * Names are typed by tenant users and the export is opened in spreadsheets: a text cell starting
     * with {@code = + - @}, a tab or a carriage return would run as a formula (CSV injection), so it
     * gets a leading apostrophe, which spreadsheets show as text. Numbers are not strings here and
     * keep their sign.
     */
    private static String guardFormula(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
