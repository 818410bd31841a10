package com.gaterouter.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The validator's rules, each on a hand-made row: a valid row passes, each broken rule is reported. */
class FocusValidatorTest {

    private final FocusValidator validator = FocusValidator.focus12();

    /** A usage row as the export writes it (nulls are absent values). */
    private static Map<String, String> usage() {
        Map<String, String> row = new TreeMap<>();
        row.put("BilledCost", "0.300000");
        row.put("BillingAccountId", "t_1");
        row.put("BillingAccountName", "Acme");
        row.put("BillingAccountType", "Tenant");
        row.put("BillingCurrency", "USD");
        row.put("BillingPeriodEnd", "2031-04-01T00:00:00Z");
        row.put("BillingPeriodStart", "2031-03-01T00:00:00Z");
        row.put("ChargeCategory", "Usage");
        row.put("ChargeClass", null);
        row.put("ChargeDescription", "1500 tokens of openai/gpt-4o-mini in 1 request");
        row.put("ChargeFrequency", "Usage-Based");
        row.put("ChargePeriodEnd", "2031-03-03T00:00:00Z");
        row.put("ChargePeriodStart", "2031-03-02T00:00:00Z");
        row.put("ConsumedQuantity", "1500");
        row.put("ConsumedUnit", "Tokens");
        row.put("ContractedCost", "0.300000");
        row.put("EffectiveCost", "0.300000");
        row.put("InvoiceIssuerName", "GateRouter");
        row.put("ListCost", "0.300000");
        row.put("PricingCategory", "Standard");
        row.put("PricingCurrency", "USD");
        row.put("PricingQuantity", "1500");
        row.put("PricingUnit", "Tokens");
        row.put("ProviderName", "GateRouter");
        row.put("PublisherName", "openai");
        row.put("RegionId", null);
        row.put("RegionName", null);
        row.put("ResourceId", "key_1");
        row.put("ResourceName", "chat bot");
        row.put("ResourceType", "API Key");
        row.put("ServiceCategory", "AI and Machine Learning");
        row.put("ServiceName", "GateRouter LLM Gateway");
        row.put("ServiceSubcategory", "Generative AI");
        row.put("SkuId", "openai/gpt-4o-mini");
        row.put("SubAccountId", "dept_1");
        row.put("SubAccountName", "Research");
        row.put("SubAccountType", "Department");
        row.put("Tags", "{\"department\":\"dept_1\",\"costCenter\":null,\"model\":\"openai/gpt-4o-mini\"}");
        return row;
    }

    /** Prepaid credits drawn: a Credit row, negative, the four costs equal, no pricing or consumption. */
    private static Map<String, String> credit() {
        Map<String, String> row = usage();
        for (String cost : List.of("BilledCost", "EffectiveCost", "ContractedCost", "ListCost")) {
            row.put(cost, "-0.250000");
        }
        row.put("ChargeCategory", "Credit");
        row.put("ChargeFrequency", "Usage-Based");
        row.put("ChargeDescription", "Prepaid credits drawn");
        for (String column : List.of("ConsumedQuantity", "ConsumedUnit", "PricingCategory", "PricingQuantity", "PricingUnit", "SkuId",
                "ResourceId", "ResourceName", "ResourceType")) {
            row.put(column, null);
        }
        return row;
    }

    private static Map<String, String> with(Map<String, String> row, String column, String value) {
        row.put(column, value);
        return row;
    }

    private static String csv(List<Map<String, String>> rows) {
        List<String> header = new ArrayList<>(rows.getFirst().keySet());
        StringBuilder out = new StringBuilder(String.join(",", header)).append("\r\n");
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String column : header) {
                cells.add(field(row.get(column)));
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }

    /** RFC 4180 quoting, without the export's spreadsheet guard for text (a cost's minus sign is a number's here). */
    private static String field(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private List<String> violations(Map<String, String> row) {
        return validator.validateCsv(csv(List.of(row))).stream().map(FocusValidator.Violation::toString).toList();
    }

    private List<String> violations(Consumer<Map<String, String>> change) {
        Map<String, String> row = usage();
        change.accept(row);
        return violations(row);
    }

    @Test
    void theColumnListIsFocus12() {
        assertThat(validator.focusVersion()).isEqualTo("1.2");
        assertThat(validator.columns()).hasSize(57);
        assertThat(validator.columns().values().stream().filter(c -> c.featureLevel().equals("Mandatory")).map(FocusValidator.Column::name)
                .sorted().toList()).containsExactly("BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
                "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd",
                "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit",
                "ProviderName", "PublisherName", "ServiceCategory", "ServiceName");
    }

    @Test
    void validUsageCreditAndCommitmentRowsPass() {
        assertThat(violations(usage())).isEmpty();
        assertThat(validator.validateCsv(csv(List.of(usage(), credit())))).isEmpty();
        Map<String, String> purchase = commitmentColumns(usage());
        purchase.putAll(Map.of("ChargeCategory", "Purchase", "ChargeFrequency", "Recurring", "ChargeDescription", "Monthly commitment",
                "EffectiveCost", "0", "BilledCost", "1000.000000", "ListCost", "1000.000000", "ContractedCost", "1000.000000",
                "PricingQuantity", "1", "PricingUnit", "Months"));
        purchase.putAll(Map.of("CommitmentDiscountId", "commit_2031_03", "CommitmentDiscountCategory", "Spend",
                "CommitmentDiscountType", "Monthly Commit", "CommitmentDiscountName", "March commitment"));
        purchase.put("ConsumedQuantity", null);
        purchase.put("ConsumedUnit", null);
        Map<String, String> unused = commitmentColumns(usage());
        unused.putAll(Map.of("CommitmentDiscountId", "commit_2031_03", "CommitmentDiscountCategory", "Spend",
                "CommitmentDiscountType", "Monthly Commit", "CommitmentDiscountName", "March commitment", "CommitmentDiscountStatus",
                "Unused", "PricingCategory", "Committed", "BilledCost", "0", "EffectiveCost", "125.500000"));
        unused.put("ConsumedQuantity", null);
        unused.put("ConsumedUnit", null);
        assertThat(validator.validateCsv(csv(List.of(commitmentColumns(usage()), purchase, unused)))).isEmpty();
    }

    private static Map<String, String> commitmentColumns(Map<String, String> row) {
        for (String column : List.of("CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
                "CommitmentDiscountQuantity", "CommitmentDiscountStatus", "CommitmentDiscountType", "CommitmentDiscountUnit")) {
            row.put(column, null);
        }
        return row;
    }

    @Test
    void theJsonFormIsCheckedToo() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode data = body.putArray("data");
        ObjectNode good = data.addObject();
        usage().forEach((column, value) -> good.put(column, value));
        good.put("ConsumedQuantity", 1500);
        good.put("PricingQuantity", 1500);
        assertThat(validator.validateJson(body)).isEmpty();

        ObjectNode bad = data.addObject();
        usage().forEach((column, value) -> bad.put(column, value));
        bad.put("BillingAccountId", 42);
        bad.put("SubAccountName", "");
        bad.putObject("Tags").put("department", 7);
        assertThat(validator.validateJson(body)).map(FocusValidator.Violation::toString).containsExactlyInAnyOrder(
                "row 2 BillingAccountId: is not a String: 42",
                "row 2 SubAccountName: is an empty string (NullHandling: use null)",
                "row 2 Tags: tag 'department' has a value that is not a string, true or null: 7");
    }

    @Test
    void theHeaderNeedsEveryMandatoryColumnAndXPrefixedCustomColumnsLast() {
        Map<String, String> row = usage();
        row.remove("EffectiveCost");
        assertThat(violations(row)).containsExactly("header EffectiveCost: Mandatory column missing");
        assertThat(violations(r -> r.put("Department", "x"))).contains("header Department: is not a FOCUS 1.2 column and has no x_ prefix");
        Map<String, String> custom = new LinkedHashMap<>(usage());
        custom.put("x_Tier", "none");
        assertThat(violations(custom)).isEmpty();
        Map<String, String> first = new LinkedHashMap<>();
        first.put("x_Tier", "none");
        first.putAll(usage());
        assertThat(violations(first)).containsExactly("header x_Tier: custom column before FOCUS column Tags");
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("Tags", "{}");
        unsorted.putAll(usage());
        assertThat(violations(unsorted)).containsExactly("header -: FOCUS columns are not in alphabetical order");
        assertThat(violations(r -> r.put("CommitmentDiscountId", null))).containsExactly(
                "header CommitmentDiscountCategory/CommitmentDiscountName/CommitmentDiscountQuantity/CommitmentDiscountStatus/"
                        + "CommitmentDiscountType/CommitmentDiscountUnit: missing although [CommitmentDiscountId] is present (same Conditional feature)");
    }

    @Test
    void valuesHaveTheirTypeAndFormat() {
        assertThat(violations(r -> r.put("BilledCost", null))).containsExactly("row 1 BilledCost: MUST NOT be null");
        assertThat(violations(r -> r.put("BilledCost", "1e3"))).containsExactly("row 1 BilledCost: is not in NumericFormat: '1e3'");
        assertThat(violations(r -> r.put("ListCost", "+0.3"))).containsExactly("row 1 ListCost: is not in NumericFormat: '+0.3'");
        assertThat(violations(r -> r.put("ConsumedQuantity", "1,500"))).containsExactly(
                "row 1 ConsumedQuantity: is not in NumericFormat: '1,500'");
        assertThat(violations(r -> r.put("ChargePeriodEnd", "2031-03-03T00:00:00.000Z"))).containsExactly(
                "row 1 ChargePeriodEnd: is not YYYY-MM-DDTHH:mm:ssZ: '2031-03-03T00:00:00.000Z'");
        assertThat(violations(r -> r.put("BillingPeriodStart", "2031-03-01"))).containsExactly(
                "row 1 BillingPeriodStart: is not YYYY-MM-DDTHH:mm:ssZ: '2031-03-01'");
        assertThat(violations(r -> r.put("Tags", "[\"a\"]"))).containsExactly("row 1 Tags: is not a JSON object: '[\"a\"]'");
        assertThat(violations(r -> r.put("Tags", "department=x"))).containsExactly("row 1 Tags: is not JSON: 'department=x'");
        assertThat(violations(r -> r.put("Tags", "{\"valueless\":true,\"off\":false}"))).containsExactly(
                "row 1 Tags: tag 'off' has a value that is not a string, true or null: false");
        assertThat(violations(r -> r.put("ChargeCategory", "Refund"))).singleElement().asString()
                .startsWith("row 1 ChargeCategory: 'Refund' is not one of");
        assertThat(violations(r -> r.put("ChargeClass", "Refund"))).singleElement().asString().startsWith("row 1 ChargeClass: 'Refund'");
        assertThat(violations(r -> r.put("ServiceCategory", "LLM"))).contains("row 1 ServiceSubcategory: 'Generative AI' is not a subcategory of 'LLM'");
        assertThat(violations(r -> r.put("BillingCurrency", "XYZ"))).containsExactly(
                "row 1 BillingCurrency: 'XYZ' is not an ISO 4217 currency code");
        assertThat(violations(r -> r.put("PricingCurrency", "usd"))).containsExactly(
                "row 1 PricingCurrency: 'usd' is not an ISO 4217 currency code");
    }

    @Test
    void periodsAreOrderedAndTheChargePeriodIsInsideTheBillingPeriod() {
        assertThat(violations(r -> r.put("ChargePeriodEnd", "2031-03-02T00:00:00Z"))).containsExactly(
                "row 1 ChargePeriodStart: is not before ChargePeriodEnd");
        assertThat(violations(r -> r.put("BillingPeriodEnd", "2031-03-01T00:00:00Z"))).contains(
                "row 1 BillingPeriodStart: is not before BillingPeriodEnd");
        assertThat(violations(r -> r.put("ChargePeriodEnd", "2031-04-01T00:00:01Z"))).containsExactly(
                "row 1 ChargePeriodStart: the charge period is not inside the billing period");
        assertThat(violations(r -> {
            r.put("ChargePeriodEnd", "2031-04-01T00:00:01Z");
            r.put("ChargeClass", "Correction");
        })).as("a correction may concern another period").isEmpty();
    }

    @Test
    void chargeCategoryDecidesWhichColumnsAreNull() {
        assertThat(violations(r -> r.put("ChargeCategory", "Purchase"))).contains(
                "row 1 ChargeFrequency: MUST NOT be Usage-Based when ChargeCategory is Purchase",
                "row 1 ConsumedQuantity: MUST be null when ChargeCategory is Purchase");
        assertThat(violations(r -> r.put("ChargeCategory", "Tax"))).contains(
                "row 1 PricingQuantity: MUST be null when ChargeCategory is Tax",
                "row 1 SkuId: MUST be null when ChargeCategory is Tax",
                "row 1 PricingCategory: MUST be null when ChargeCategory is Tax");
        assertThat(violations(r -> r.put("PricingQuantity", null))).containsExactly(
                "row 1 PricingQuantity: MUST NOT be null when ChargeCategory is Usage and ChargeClass is not Correction",
                "row 1 PricingUnit: MUST be null exactly when PricingQuantity is null");
        assertThat(violations(r -> {
            r.put("ConsumedQuantity", null);
            r.put("ConsumedUnit", null);
        })).containsExactly(
                "row 1 ConsumedQuantity: MUST NOT be null on a Usage row (ChargeClass not Correction, commitment not Unused)",
                "row 1 ConsumedUnit: MUST NOT be null on a Usage row (ChargeClass not Correction, commitment not Unused)");
        assertThat(violations(with(credit(), "ConsumedQuantity", "5"))).containsExactly(
                "row 1 ConsumedQuantity: MUST be null when ChargeCategory is Credit");
    }

    @Test
    void creditRowsCostWhatTheyBill() {
        assertThat(violations(with(credit(), "EffectiveCost", "0"))).containsExactly(
                "row 1 EffectiveCost: MUST equal BilledCost on a Credit row (0 vs -0.250000)");
        assertThat(violations(with(credit(), "ListCost", "0"))).containsExactly(
                "row 1 ListCost: MUST equal BilledCost on a Credit row without ListUnitPrice (0 vs -0.250000)");
        assertThat(violations(with(credit(), "ContractedCost", "0.250000"))).containsExactly(
                "row 1 ContractedCost: MUST equal BilledCost on a Credit row without ContractedUnitPrice (0.250000 vs -0.250000)");
    }

    @Test
    void unitPricesTimesQuantityMakeTheCost() {
        assertThat(violations(r -> r.put("x_Unused", null))).isEmpty();
        Map<String, String> priced = usage();
        priced.put("ListUnitPrice", "0.0002");
        priced.put("ContractedUnitPrice", "0.0002");
        assertThat(violations(priced)).isEmpty();
        priced.put("ContractedUnitPrice", "0.0001");
        assertThat(violations(priced)).containsExactly(
                "row 1 ContractedCost: ContractedUnitPrice x PricingQuantity = 0.1500, not 0.300000");
    }

    @Test
    void commitmentColumnsFollowCommitmentDiscountId() {
        Map<String, String> row = commitmentColumns(usage());
        row.put("CommitmentDiscountStatus", "Used");
        row.put("PricingCategory", "Committed");
        assertThat(violations(row)).containsExactly("row 1 CommitmentDiscountStatus: MUST be null when CommitmentDiscountId is null",
                "row 1 PricingCategory: is Committed without a CommitmentDiscountId");
        Map<String, String> id = commitmentColumns(usage());
        id.put("CommitmentDiscountId", "commit_1");
        assertThat(violations(id)).containsExactly(
                "row 1 CommitmentDiscountCategory: MUST NOT be null when CommitmentDiscountId is not null",
                "row 1 CommitmentDiscountType: MUST NOT be null when CommitmentDiscountId is not null",
                "row 1 CommitmentDiscountStatus: MUST NOT be null when CommitmentDiscountId is not null and ChargeCategory is Usage");
        Map<String, String> unusedWithTokens = commitmentColumns(usage());
        unusedWithTokens.putAll(Map.of("CommitmentDiscountId", "commit_1", "CommitmentDiscountCategory", "Spend",
                "CommitmentDiscountType", "Monthly Commit", "CommitmentDiscountStatus", "Unused"));
        assertThat(violations(unusedWithTokens)).containsExactly(
                "row 1 ConsumedQuantity: MUST be null when CommitmentDiscountStatus is Unused",
                "row 1 ConsumedUnit: MUST be null when CommitmentDiscountStatus is Unused");
    }

    @Test
    void idsGoWithTheirNamesAndTypes() {
        assertThat(violations(r -> r.put("SubAccountId", null))).containsExactly(
                "row 1 SubAccountName: MUST be null when SubAccountId is null",
                "row 1 SubAccountType: MUST be null when SubAccountId is null");
        assertThat(violations(r -> r.put("SubAccountType", null))).containsExactly(
                "row 1 SubAccountType: MUST NOT be null when SubAccountId is not null");
        assertThat(violations(r -> r.put("BillingAccountType", null))).containsExactly(
                "row 1 BillingAccountType: MUST NOT be null when BillingAccountId is not null");
        assertThat(violations(r -> r.put("RegionName", "Frankfurt"))).containsExactly(
                "row 1 RegionName: MUST be null when RegionId is null");
        assertThat(violations(r -> r.put("ResourceId", null))).containsExactly(
                "row 1 ResourceName: MUST be null when ResourceId is null",
                "row 1 ResourceType: MUST be null when ResourceId is null");
    }

    @Test
    void csvFieldsMayBeQuoted() {
        List<List<String>> records = FocusValidator.parseCsv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n,\r\n");
        assertThat(records).containsExactly(List.of("a", "b"), List.of("x, y", "say \"hi\""), List.of("", ""));
        JsonNode ignored = Json.MAPPER.createObjectNode();
        assertThat(validator.validateJson(ignored)).containsExactly(
                new FocusValidator.Violation(0, "BilledCost", "Mandatory column missing"),
                new FocusValidator.Violation(0, "BillingAccountId", "Mandatory column missing"),
                new FocusValidator.Violation(0, "BillingAccountName", "Mandatory column missing"),
                new FocusValidator.Violation(0, "BillingCurrency", "Mandatory column missing"),
                new FocusValidator.Violation(0, "BillingPeriodEnd", "Mandatory column missing"),
                new FocusValidator.Violation(0, "BillingPeriodStart", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ChargeCategory", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ChargeClass", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ChargeDescription", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ChargePeriodEnd", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ChargePeriodStart", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ContractedCost", "Mandatory column missing"),
                new FocusValidator.Violation(0, "EffectiveCost", "Mandatory column missing"),
                new FocusValidator.Violation(0, "InvoiceIssuerName", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ListCost", "Mandatory column missing"),
                new FocusValidator.Violation(0, "PricingQuantity", "Mandatory column missing"),
                new FocusValidator.Violation(0, "PricingUnit", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ProviderName", "Mandatory column missing"),
                new FocusValidator.Violation(0, "PublisherName", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ServiceCategory", "Mandatory column missing"),
                new FocusValidator.Violation(0, "ServiceName", "Mandatory column missing"));
    }
}
