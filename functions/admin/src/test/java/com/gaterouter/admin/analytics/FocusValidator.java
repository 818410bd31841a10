package com.gaterouter.admin.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a FOCUS export (the CSV, or the JSON form's {@code data} rows) against the FOCUS 1.2 column
 * list in {@code src/test/resources/focus/focus-1.2-columns.json} and returns every violation it finds,
 * so a test can show them all. It checks:
 * <ul>
 *   <li>the header: every Mandatory column present, no duplicate, no column outside the spec unless it
 *       carries the {@code x_} prefix (ColumnHandling), FOCUS columns alphabetical and before custom
 *       ones (a SHOULD, checked because the export promises it), and conditional columns that come as
 *       a group (the commitment discount columns, RegionId/RegionName, SubAccountId/SubAccountName,
 *       ResourceId/ResourceName, CapacityReservationId/Status, ConsumedQuantity/ConsumedUnit: one
 *       present means the provider has the feature, so the others must be present too);</li>
 *   <li>each value: not null where the spec says so, no empty strings (NullHandling), its type and
 *       format — Decimal (NumericFormat), Date/Time ({@code YYYY-MM-DDTHH:mm:ssZ}), JSON object
 *       (Tags values: string, {@code true} or null), String (in the JSON form a JSON string),
 *       allowed values, ISO 4217 currency codes;</li>
 *   <li>the cross-column rules listed in {@link #rowRules}.</li>
 * </ul>
 * A CSV empty cell and a JSON null are both null.
 */
public final class FocusValidator {

    /** One broken rule: the data row (1 = first row after the header; 0 = the header), the column, what is wrong. */
    public record Violation(int row, String column, String message) {
        @Override
        public String toString() {
            return (row == 0 ? "header" : "row " + row) + " " + column + ": " + message;
        }
    }

    /** One FOCUS column as the resource lists it. */
    record Column(String name, String featureLevel, String dataType, boolean nullable, Set<String> allowedValues) {
    }

    /** A cell: its text (null for null) and, in the JSON form, the JSON node it came from (null for CSV). */
    private record Cell(String text, JsonNode json) {
        boolean isNull() {
            return text == null;
        }
    }

    private static final Pattern NUMERIC = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern DATE_TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final Set<String> ISO_4217 = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());
    private static final BigDecimal UNIT_PRICE_TOLERANCE = new BigDecimal("0.000001");
    private static final List<List<String>> GROUPS = List.of(
            List.of("CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountQuantity",
                    "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit"),
            List.of("RegionId", "RegionName"), List.of("SubAccountId", "SubAccountName"), List.of("ResourceId", "ResourceName"),
            List.of("CapacityReservationId", "CapacityReservationStatus"), List.of("ConsumedQuantity", "ConsumedUnit"));

    private final String focusVersion;
    private final Map<String, Column> columns;
    private final Map<String, Set<String>> subcategories;

    private FocusValidator(String focusVersion, Map<String, Column> columns, Map<String, Set<String>> subcategories) {
        this.focusVersion = focusVersion;
        this.columns = columns;
        this.subcategories = subcategories;
    }

    /** The validator for the FOCUS 1.2 column list in the test resources. */
    public static FocusValidator focus12() {
        try (InputStream in = FocusValidator.class.getResourceAsStream("/focus/focus-1.2-columns.json")) {
            JsonNode spec = Json.MAPPER.readTree(Objects.requireNonNull(in, "focus/focus-1.2-columns.json"));
            Map<String, Column> columns = new LinkedHashMap<>();
            Map<String, Set<String>> subcategories = new LinkedHashMap<>();
            for (JsonNode column : spec.path("columns")) {
                Set<String> allowed = new HashSet<>();
                column.path("allowedValues").forEach(value -> allowed.add(value.asText()));
                String name = column.path("name").asText();
                columns.put(name, new Column(name, column.path("featureLevel").asText(), column.path("dataType").asText(),
                        column.path("nullable").asBoolean(), Set.copyOf(allowed)));
                column.path("allowedValuesByServiceCategory").fields().forEachRemaining(entry -> {
                    Set<String> values = new HashSet<>();
                    entry.getValue().forEach(value -> values.add(value.asText()));
                    subcategories.put(entry.getKey(), Set.copyOf(values));
                });
            }
            return new FocusValidator(spec.path("focusVersion").asText(), Collections.unmodifiableMap(columns), Map.copyOf(subcategories));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String focusVersion() {
        return focusVersion;
    }

    /** The spec's columns in the resource's (alphabetical) order. */
    Map<String, Column> columns() {
        return columns;
    }

    /** Validates an RFC 4180 CSV export (a header line, then the rows). */
    public List<Violation> validateCsv(String csv) {
        List<List<String>> records = parseCsv(csv);
        if (records.isEmpty()) {
            return List.of(new Violation(0, "-", "no header"));
        }
        List<String> header = records.getFirst();
        List<Map<String, Cell>> rows = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.size() != header.size()) {
                violations.add(new Violation(i, "-", record.size() + " fields where the header has " + header.size()));
                continue;
            }
            Map<String, Cell> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                String text = record.get(c);
                row.put(header.get(c), new Cell(text.isEmpty() ? null : text, null));
            }
            rows.add(row);
        }
        violations.addAll(validate(header, rows));
        return violations;
    }

    /** Validates the JSON form: the {@code data} array of row objects (the header is the first row's fields). */
    public List<Violation> validateJson(JsonNode body) {
        JsonNode data = body.path("data");
        List<String> header = new ArrayList<>();
        if (data.size() > 0) {
            data.get(0).fieldNames().forEachRemaining(header::add);
        }
        List<Violation> violations = new ArrayList<>();
        List<Map<String, Cell>> rows = new ArrayList<>();
        int index = 0;
        for (JsonNode node : data) {
            index++;
            List<String> fields = new ArrayList<>();
            node.fieldNames().forEachRemaining(fields::add);
            if (!fields.equals(header)) {
                violations.add(new Violation(index, "-", "fields " + fields + " differ from the first row's " + header));
            }
            Map<String, Cell> row = new LinkedHashMap<>();
            for (String field : fields) {
                JsonNode value = node.get(field);
                String text = value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
                row.put(field, new Cell(text, value));
            }
            rows.add(row);
        }
        violations.addAll(validate(header, rows));
        return violations;
    }

    private List<Violation> validate(List<String> header, List<Map<String, Cell>> rows) {
        List<Violation> violations = new ArrayList<>(header(header));
        int index = 0;
        for (Map<String, Cell> row : rows) {
            index++;
            for (Map.Entry<String, Cell> cell : row.entrySet()) {
                Column column = columns.get(cell.getKey());
                if (column != null) {
                    value(index, column, cell.getValue(), violations);
                }
            }
            rowRules(index, row, violations);
        }
        return violations;
    }

    private List<Violation> header(List<String> header) {
        List<Violation> violations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (!seen.add(name)) {
                violations.add(new Violation(0, name, "appears twice"));
            }
            if (!columns.containsKey(name) && !name.startsWith("x_")) {
                violations.add(new Violation(0, name, "is not a FOCUS " + focusVersion + " column and has no x_ prefix"));
            }
        }
        for (Column column : columns.values()) {
            if (column.featureLevel().equals("Mandatory") && !seen.contains(column.name())) {
                violations.add(new Violation(0, column.name(), "Mandatory column missing"));
            }
        }
        for (List<String> group : GROUPS) {
            List<String> present = group.stream().filter(seen::contains).toList();
            if (!present.isEmpty() && present.size() < group.size()) {
                violations.add(new Violation(0, String.join("/", group.stream().filter(c -> !seen.contains(c)).toList()),
                        "missing although " + present + " is present (same Conditional feature)"));
            }
        }
        List<String> focus = header.stream().filter(columns::containsKey).toList();
        int lastFocus = -1;
        int firstCustom = header.size();
        for (int i = 0; i < header.size(); i++) {
            if (columns.containsKey(header.get(i))) {
                lastFocus = i;
            } else if (header.get(i).startsWith("x_")) {
                firstCustom = Math.min(firstCustom, i);
            }
        }
        if (lastFocus > firstCustom) {
            violations.add(new Violation(0, header.get(firstCustom), "custom column before FOCUS column " + header.get(lastFocus)));
        }
        if (!focus.equals(focus.stream().sorted().toList())) {
            violations.add(new Violation(0, "-", "FOCUS columns are not in alphabetical order"));
        }
        return violations;
    }

    private void value(int row, Column column, Cell cell, List<Violation> violations) {
        if (cell.isNull()) {
            if (!column.nullable()) {
                violations.add(new Violation(row, column.name(), "MUST NOT be null"));
            }
            return;
        }
        String text = cell.text();
        JsonNode json = cell.json();
        switch (column.dataType()) {
            case "Decimal" -> {
                if (json != null && !json.isNumber() && !json.isTextual()) {
                    violations.add(new Violation(row, column.name(), "is not a Decimal: " + json));
                } else if (!NUMERIC.matcher(text).matches()) {
                    violations.add(new Violation(row, column.name(), "is not in NumericFormat: '" + text + "'"));
                }
            }
            case "DateTime" -> {
                if (!DATE_TIME.matcher(text).matches() || !parses(text)) {
                    violations.add(new Violation(row, column.name(), "is not YYYY-MM-DDTHH:mm:ssZ: '" + text + "'"));
                }
            }
            case "JSON" -> jsonObject(row, column.name(), cell, violations);
            default -> {
                if (json != null && !json.isTextual()) {
                    violations.add(new Violation(row, column.name(), "is not a String: " + json));
                } else if (text.isEmpty()) {
                    violations.add(new Violation(row, column.name(), "is an empty string (NullHandling: use null)"));
                }
            }
        }
        if (!column.allowedValues().isEmpty() && !column.allowedValues().contains(text)) {
            violations.add(new Violation(row, column.name(), "'" + text + "' is not one of " + column.allowedValues()));
        }
        if ((column.name().equals("BillingCurrency") || column.name().equals("PricingCurrency")) && !ISO_4217.contains(text)) {
            violations.add(new Violation(row, column.name(), "'" + text + "' is not an ISO 4217 currency code"));
        }
    }

    private static boolean parses(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void jsonObject(int row, String column, Cell cell, List<Violation> violations) {
        JsonNode object = cell.json() != null && cell.json().isObject() ? cell.json() : null;
        if (object == null) {
            try {
                object = Json.MAPPER.readTree(cell.text());
            } catch (IOException e) {
                violations.add(new Violation(row, column, "is not JSON: '" + cell.text() + "'"));
                return;
            }
        }
        if (object == null || !object.isObject()) {
            violations.add(new Violation(row, column, "is not a JSON object: '" + cell.text() + "'"));
            return;
        }
        if (column.equals("Tags")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tag = it.next();
                JsonNode value = tag.getValue();
                if (!value.isTextual() && !value.isNull() && !(value.isBoolean() && value.asBoolean())) {
                    violations.add(new Violation(row, column, "tag '" + tag.getKey() + "' has a value that is not a string, true or null: " + value));
                }
            }
        }
    }

    /**
     * The cross-column rules of FOCUS 1.2 this validator checks (a row marked ChargeClass Correction is
     * exempt from the ones the spec relaxes for corrections):
     * <ul>
     *   <li>ChargePeriodStart &lt; ChargePeriodEnd, BillingPeriodStart &lt; BillingPeriodEnd, the charge
     *       period inside the billing period;</li>
     *   <li>ChargeFrequency is not Usage-Based when ChargeCategory is Purchase;</li>
     *   <li>Tax: PricingCategory, PricingQuantity, PricingUnit, SkuId, SkuPriceId, ListUnitPrice,
     *       ContractedUnitPrice null; Usage or Purchase: those not null (when present);</li>
     *   <li>PricingUnit null exactly when PricingQuantity is null;</li>
     *   <li>ConsumedQuantity/ConsumedUnit not null on Usage rows unless the commitment is Unused, null
     *       on other rows;</li>
     *   <li>commitment discounts: Category, Name, Status, Type, Quantity, Unit null when
     *       CommitmentDiscountId is null; Category and Type not null when it is not, Status not null on
     *       Usage rows; PricingCategory Committed only with a CommitmentDiscountId and never on a
     *       Purchase;</li>
     *   <li>Credit rows (unrelated to other charges): EffectiveCost = BilledCost, and ListCost /
     *       ContractedCost = BilledCost when ListUnitPrice / ContractedUnitPrice is null or absent;</li>
     *   <li>ListUnitPrice × PricingQuantity = ListCost and ContractedUnitPrice × PricingQuantity =
     *       ContractedCost (to a micro-unit) when both are not null;</li>
     *   <li>the Id/Name/Type pairs: BillingAccountType, SubAccountName, SubAccountType, RegionName not
     *       null exactly when their Id is not null; ResourceName, ResourceType, SkuMeter,
     *       SkuPriceDetails, CapacityReservationStatus null when their Id is null;</li>
     *   <li>ServiceSubcategory is a subcategory of the row's ServiceCategory.</li>
     * </ul>
     */
    private void rowRules(int row, Map<String, Cell> cells, List<Violation> violations) {
        Row r = new Row(row, cells, violations);
        boolean correction = "Correction".equals(r.text("ChargeClass"));
        String category = r.text("ChargeCategory");
        Instant chargeStart = r.instant("ChargePeriodStart");
        Instant chargeEnd = r.instant("ChargePeriodEnd");
        Instant billingStart = r.instant("BillingPeriodStart");
        Instant billingEnd = r.instant("BillingPeriodEnd");
        if (chargeStart != null && chargeEnd != null && !chargeStart.isBefore(chargeEnd)) {
            r.violation("ChargePeriodStart", "is not before ChargePeriodEnd");
        }
        if (billingStart != null && billingEnd != null && !billingStart.isBefore(billingEnd)) {
            r.violation("BillingPeriodStart", "is not before BillingPeriodEnd");
        }
        if (!correction && chargeStart != null && chargeEnd != null && billingStart != null && billingEnd != null
                && (chargeStart.isBefore(billingStart) || chargeEnd.isAfter(billingEnd))) {
            r.violation("ChargePeriodStart", "the charge period is not inside the billing period");
        }
        if ("Purchase".equals(category) && "Usage-Based".equals(r.text("ChargeFrequency"))) {
            r.violation("ChargeFrequency", "MUST NOT be Usage-Based when ChargeCategory is Purchase");
        }
        for (String column : List.of("PricingCategory", "PricingQuantity", "PricingUnit", "SkuId", "SkuPriceId", "ListUnitPrice",
                "ContractedUnitPrice")) {
            if ("Tax".equals(category)) {
                r.mustBeNull(column, "when ChargeCategory is Tax");
            } else if (!correction && ("Usage".equals(category) || "Purchase".equals(category))) {
                r.mustNotBeNull(column, "when ChargeCategory is " + category + " and ChargeClass is not Correction");
            }
        }
        if (r.has("PricingQuantity") && r.has("PricingUnit") && r.isNull("PricingQuantity") != r.isNull("PricingUnit")) {
            r.violation("PricingUnit", "MUST be null exactly when PricingQuantity is null");
        }
        consumed(r, category, correction);
        commitments(r, category);
        if ("Credit".equals(category) && !correction) {
            r.sameAmount("EffectiveCost", "BilledCost", "a Credit row");
            if (r.isNull("ListUnitPrice")) {
                r.sameAmount("ListCost", "BilledCost", "a Credit row without ListUnitPrice");
            }
            if (r.isNull("ContractedUnitPrice")) {
                r.sameAmount("ContractedCost", "BilledCost", "a Credit row without ContractedUnitPrice");
            }
        }
        if (!correction) {
            r.unitPrice("ListUnitPrice", "ListCost");
            r.unitPrice("ContractedUnitPrice", "ContractedCost");
        }
        r.pair("BillingAccountId", "BillingAccountType", true);
        r.pair("SubAccountId", "SubAccountName", true);
        r.pair("SubAccountId", "SubAccountType", true);
        r.pair("RegionId", "RegionName", true);
        r.pair("ResourceId", "ResourceName", false);
        r.pair("ResourceId", "ResourceType", false);
        r.pair("SkuId", "SkuMeter", false);
        r.pair("SkuPriceId", "SkuPriceDetails", false);
        r.pair("CapacityReservationId", "CapacityReservationStatus", false);
        if ("Usage".equals(category) && !r.isNull("CapacityReservationId")) {
            r.mustNotBeNull("CapacityReservationStatus", "when CapacityReservationId is not null and ChargeCategory is Usage");
        }
        String subcategory = r.text("ServiceSubcategory");
        String service = r.text("ServiceCategory");
        if (subcategory != null && service != null && !subcategory.equals("Other (" + service + ")")
                && !subcategories.getOrDefault(service, Set.of()).contains(subcategory)) {
            r.violation("ServiceSubcategory", "'" + subcategory + "' is not a subcategory of '" + service + "'");
        }
    }

    private static void consumed(Row r, String category, boolean correction) {
        if (correction) {
            return;
        }
        boolean unused = "Unused".equals(r.text("CommitmentDiscountStatus"));
        for (String column : List.of("ConsumedQuantity", "ConsumedUnit")) {
            if ("Usage".equals(category) && !unused) {
                r.mustNotBeNull(column, "on a Usage row (ChargeClass not Correction, commitment not Unused)");
            } else if ("Usage".equals(category)) {
                r.mustBeNull(column, "when CommitmentDiscountStatus is Unused");
            } else if (List.of("Purchase", "Tax", "Credit", "Adjustment").contains(category)) {
                r.mustBeNull(column, "when ChargeCategory is " + category);
            }
        }
        BigDecimal quantity = r.decimal("ConsumedQuantity");
        if ("Usage".equals(category) && quantity != null && quantity.signum() < 0) {
            r.violation("ConsumedQuantity", "is negative on a Usage row that is not a Correction");
        }
    }

    private static void commitments(Row r, String category) {
        if (r.isNull("CommitmentDiscountId")) {
            for (String column : List.of("CommitmentDiscountCategory", "CommitmentDiscountName", "CommitmentDiscountQuantity",
                    "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit")) {
                r.mustBeNull(column, "when CommitmentDiscountId is null");
            }
            if ("Committed".equals(r.text("PricingCategory"))) {
                r.violation("PricingCategory", "is Committed without a CommitmentDiscountId");
            }
        } else {
            r.mustNotBeNull("CommitmentDiscountCategory", "when CommitmentDiscountId is not null");
            r.mustNotBeNull("CommitmentDiscountType", "when CommitmentDiscountId is not null");
            if ("Usage".equals(category)) {
                r.mustNotBeNull("CommitmentDiscountStatus", "when CommitmentDiscountId is not null and ChargeCategory is Usage");
            }
        }
        if ("Purchase".equals(category) && "Committed".equals(r.text("PricingCategory"))) {
            r.violation("PricingCategory", "MUST NOT be Committed on the purchase of a commitment discount");
        }
    }

    /** One row's cells, read leniently (a value of the wrong type is already a violation; rules skip it). */
    private record Row(int index, Map<String, Cell> cells, List<Violation> violations) {

        boolean has(String column) {
            return cells.containsKey(column);
        }

        boolean isNull(String column) {
            Cell cell = cells.get(column);
            return cell == null || cell.isNull();
        }

        String text(String column) {
            return isNull(column) ? null : cells.get(column).text();
        }

        Instant instant(String column) {
            String text = text(column);
            return text != null && parses(text) ? Instant.parse(text) : null;
        }

        BigDecimal decimal(String column) {
            String text = text(column);
            return text != null && NUMERIC.matcher(text).matches() ? new BigDecimal(text) : null;
        }

        void violation(String column, String message) {
            violations.add(new Violation(index, column, message));
        }

        void mustBeNull(String column, String when) {
            if (!isNull(column)) {
                violation(column, "MUST be null " + when);
            }
        }

        /** Only for a column the dataset has: a Conditional column left out is the provider's call. */
        void mustNotBeNull(String column, String when) {
            if (has(column) && isNull(column)) {
                violation(column, "MUST NOT be null " + when);
            }
        }

        void sameAmount(String column, String other, String what) {
            BigDecimal a = decimal(column);
            BigDecimal b = decimal(other);
            if (a != null && b != null && a.compareTo(b) != 0) {
                violation(column, "MUST equal " + other + " on " + what + " (" + a + " vs " + b + ")");
            }
        }

        void unitPrice(String priceColumn, String costColumn) {
            BigDecimal price = decimal(priceColumn);
            BigDecimal quantity = decimal("PricingQuantity");
            BigDecimal cost = decimal(costColumn);
            if (price != null && quantity != null && cost != null
                    && price.multiply(quantity).subtract(cost).abs().compareTo(UNIT_PRICE_TOLERANCE) > 0) {
                violation(costColumn, priceColumn + " x PricingQuantity = " + price.multiply(quantity).toPlainString()
                        + ", not " + cost.toPlainString());
            }
        }

        /** {@code dependent} null when {@code id} is null; with {@code both}, also not null when it is not. */
        void pair(String id, String dependent, boolean both) {
            if (!has(dependent)) {
                return;
            }
            if (isNull(id)) {
                mustBeNull(dependent, "when " + id + " is null");
            } else if (both) {
                mustNotBeNull(dependent, "when " + id + " is not null");
            }
        }
    }

    /** RFC 4180 records: fields split on commas, quoted fields may hold commas, quotes ("") and line breaks. */
    static List<List<String>> parseCsv(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
            i++;
        }
        if (!field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
