package com.gaterouter.admin.analytics;

import com.gaterouter.common.money.UsdMicros;
import java.time.YearMonth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupTotals;
import com.gaterouter.common.usage.UsageRecord;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET …/exports/focus?month=YYYY-MM}: the month's spend as FinOps FOCUS 1.2 cost-and-usage
 * rows, CSV by default ({@code format=json} too), for finance tools to ingest. One row per UTC day
 * × key × model × routing tier, from the month's raw usage (no roll-up has that grain), ordered by
 * day, key, model and tier, so the same month gives the same bytes while nothing changed. Refusals
 * (no tokens, no cost) make no rows.
 *
 * <p>Costs are decimal USD with six places. A usage row's ListCost is the records' list cost, its
 * ContractedCost, EffectiveCost and BilledCost their contract cost (docs/finops.md). After the usage
 * rows, per vendor, what the month close adds ({@link ContractStatement}): a Credit row for the
 * prepaid credits drawn (all four costs negative) and an Adjustment row for an unused monthly
 * commitment, so BilledCost adds up to what the month close bills. Column meanings are in
 * docs/finops.md.
 */
record FocusExportService(Questions questions) {

    /**
     * The FOCUS 1.2 columns this export writes, alphabetical as the spec's ColumnHandling asks: all
     * Mandatory columns, the Recommended ChargeFrequency and ServiceSubcategory, and the Conditional
     * columns whose feature GateRouter has (validated against the spec's column list by
     * FocusValidator in the tests).
     */
    static final List<String> COLUMNS = List.of(
            "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency",
            "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency",
            "ChargePeriodEnd", "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "EffectiveCost",
            "InvoiceIssuerName", "ListCost", "PricingCategory", "PricingCurrency", "PricingQuantity", "PricingUnit",
            "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
            "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SubAccountId", "SubAccountName", "SubAccountType", "Tags");

    static final String PROVIDER = "GateRouter";
    static final String SERVICE = "GateRouter LLM Gateway";

    private record Grain(LocalDate day, String keyId, String model, String tier) {
    }

    private record Cell(UsageRecord sample, RollupTotals totals, long listMicros) {
    }

    /**
     * A row's four FOCUS cost columns, each decided here and written once: usage is billed at its
     * contract cost beside its list cost; a credit (ChargeCategory Credit) or an adjustment has one
     * amount in all four, as the spec asks of a charge without a unit price.
     */
    record Costs(Report.Usd billed, Report.Usd effective, Report.Usd contracted, Report.Usd list) {

        static Costs usage(long listMicros, long contractMicros) {
            Report.Usd contract = new Report.Usd(contractMicros);
            return new Costs(contract, contract, contract, new Report.Usd(listMicros));
        }

        static Costs flat(long micros) {
            Report.Usd amount = new Report.Usd(micros);
            return new Costs(amount, amount, amount, amount);
        }
    }

    Report focus(AdminCall call) {
        AnalyticsScope scope = questions.wholeTenant(call, "The FOCUS export", "month");
        Params.Range range = Questions.monthRange(call, scope);
        Params.Format format = format(call);
        Directory directory = questions.directory(scope);
        CostCenters costCenters = new CostCenters(directory);

        Map<Grain, Cell> cells = new TreeMap<>(Comparator.comparing(Grain::day).thenComparing(Grain::keyId)
                .thenComparing(Grain::model).thenComparing(Grain::tier));
        List<UsageRecord> records = questions.rawRecords(scope, range);
        for (UsageRecord record : records) {
            RollupTotals one = RollupTotals.of(record);
            if (one.requests() == 0) {
                continue;
            }
            Grain grain = new Grain(LocalDate.ofInstant(record.occurredAt(), ZoneOffset.UTC), record.principal().keyId(),
                    RollupDimension.MODEL.valueOf(record), RollupDimension.TIER.valueOf(record));
            cells.merge(grain, new Cell(record, one, record.listCostMicros()),
                    (a, b) -> new Cell(a.sample(), a.totals().plus(b.totals()), a.listMicros() + b.listMicros()));
        }

        String billingStart = range.from().atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String billingEnd = range.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        long billedMicros = 0;
        long listMicros = 0;
        long totalTokens = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<Grain, Cell> entry : cells.entrySet()) {
            Grain grain = entry.getKey();
            UsageRecord sample = entry.getValue().sample();
            RollupTotals totals = entry.getValue().totals();
            String departmentId = sample.principal().departmentId();
            Optional<ManagedKey> key = Optional.ofNullable(directory.keys().get(grain.keyId()));
            Costs costs = Costs.usage(entry.getValue().listMicros(), totals.costMicros());
            billedMicros += totals.costMicros();
            listMicros += entry.getValue().listMicros();
            totalTokens += totals.tokens();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("BilledCost", costs.billed());
            billingAccount(row, scope, billingStart, billingEnd);
            row.put("ChargeCategory", "Usage");
            row.put("ChargeClass", null);
            row.put("ChargeDescription", totals.tokens() + " tokens of " + grain.model() + " in " + totals.requests()
                    + (totals.requests() == 1 ? " request" : " requests"));
            row.put("ChargeFrequency", "Usage-Based");
            row.put("ChargePeriodEnd", grain.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            row.put("ChargePeriodStart", grain.day().atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            row.put("ConsumedQuantity", totals.tokens());
            row.put("ConsumedUnit", "Tokens");
            row.put("ContractedCost", costs.contracted());
            row.put("EffectiveCost", costs.effective());
            row.put("InvoiceIssuerName", PROVIDER);
            row.put("ListCost", costs.list());
            row.put("PricingCategory", "Standard");
            row.put("PricingCurrency", "USD");
            row.put("PricingQuantity", totals.tokens());
            row.put("PricingUnit", "Tokens");
            row.put("ProviderName", PROVIDER);
            row.put("PublisherName", sample.vendor());
            row.put("RegionId", null);
            row.put("RegionName", null);
            row.put("ResourceId", grain.keyId());
            row.put("ResourceName", key.map(ManagedKey::name).orElse(null));
            row.put("ResourceType", "API Key");
            row.put("ServiceCategory", "AI and Machine Learning");
            row.put("ServiceName", SERVICE);
            row.put("ServiceSubcategory", "Generative AI");
            row.put("SkuId", grain.model());
            row.put("SubAccountId", departmentId);
            row.put("SubAccountName", Optional.ofNullable(departmentId).map(directory.departments()::get).map(Department::name).orElse(null));
            row.put("SubAccountType", departmentId == null ? null : "Department");
            row.put("Tags", tags(costCenters.ofKey(grain.keyId()), sample, grain));
            rows.add(row);
        }

        // what the contracts add to the month: credits drawn, an unused commitment (as the month close)
        YearMonth month = YearMonth.from(range.from());
        ContractStatement statement = ContractStatement.forMonth(questions, scope, directory, month, records);
        // a commitment is owed once its month is over: not for the month still running
        boolean over = month.isBefore(YearMonth.from(scope.today()));
        for (ContractStatement.Line line : statement.vendors()) {
            if (line.creditsDrawnMicros() > 0) {
                rows.add(contractRow(scope, range, line.vendor(), "Credit", Costs.flat(-line.creditsDrawnMicros()),
                        "Prepaid " + line.vendor() + " credits drawn: " + UsdMicros.toDisplay(line.creditsDrawnMicros())));
                billedMicros -= line.creditsDrawnMicros();
                listMicros -= line.creditsDrawnMicros();
            }
            if (over && line.shortfallMicros() > 0) {
                rows.add(contractRow(scope, range, line.vendor(), "Adjustment", Costs.flat(line.shortfallMicros()),
                        "Unused " + line.vendor() + " monthly commitment: " + UsdMicros.toDisplay(line.commitMicros()) + " committed, "
                                + UsdMicros.toDisplay(line.costMicros()) + " used"));
                billedMicros += line.shortfallMicros();
                listMicros += line.shortfallMicros();
            }
        }

        ObjectNode head = Views.object();
        head.put("tenantId", scope.tenantId());
        head.put("month", range.from().toString().substring(0, 7));
        head.put("from", range.from().toString());
        head.put("to", range.to().toString());
        head.put("focusVersion", "1.2");
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("rows", (long) rows.size());
        totals.put("ConsumedQuantity", totalTokens);
        totals.put("BilledCost", new Report.Usd(billedMicros));
        totals.put("EffectiveCost", new Report.Usd(billedMicros));
        totals.put("ListCost", new Report.Usd(listMicros));
        totals.put("BilledCostUsdMicros", billedMicros);
        return new Report("focus", format, head, COLUMNS, rows, totals);
    }

    /**
     * A month-level row of a vendor contract (a Credit, an Adjustment): the whole month as its charge
     * period, no consumption, no price, no resource; the four costs equal (FOCUS: no unit price).
     */
    private static Map<String, Object> contractRow(AnalyticsScope scope, Params.Range range, String vendor, String category, Costs costs,
                                                   String description) {
        String start = range.from().atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String end = range.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            row.put(column, null);
        }
        row.put("BilledCost", costs.billed());
        billingAccount(row, scope, start, end);
        row.put("ChargeCategory", category);
        row.put("ChargeDescription", description);
        row.put("ChargeFrequency", "Recurring");
        row.put("ChargePeriodEnd", end);
        row.put("ChargePeriodStart", start);
        row.put("ContractedCost", costs.contracted());
        row.put("EffectiveCost", costs.effective());
        row.put("InvoiceIssuerName", PROVIDER);
        row.put("ListCost", costs.list());
        row.put("PricingCurrency", "USD");
        row.put("ProviderName", PROVIDER);
        row.put("PublisherName", vendor);
        row.put("ServiceCategory", "AI and Machine Learning");
        row.put("ServiceName", SERVICE);
        row.put("ServiceSubcategory", "Generative AI");
        row.put("Tags", "{\"contract\":\"" + vendor + "\"}");
        return row;
    }

    /** The columns of the billing account and period, the same on every row of the export (in column order). */
    private static void billingAccount(Map<String, Object> row, AnalyticsScope scope, String periodStart, String periodEnd) {
        row.put("BillingAccountId", scope.tenantId());
        row.put("BillingAccountName", scope.tenant().name());
        row.put("BillingAccountType", "Tenant");
        row.put("BillingCurrency", "USD");
        row.put("BillingPeriodEnd", periodEnd);
        row.put("BillingPeriodStart", periodStart);
    }

    /** The FOCUS Tags column: a JSON object of the charge's department, project, user, key, model, tier and cost centre. */
    private static String tags(String costCenter, UsageRecord sample, Grain grain) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("costCenter", costCenter);
        tags.put("department", sample.principal().departmentId());
        tags.put("project", sample.principal().projectId());
        tags.put("user", sample.principal().userId());
        tags.put("key", grain.keyId());
        tags.put("model", grain.model());
        tags.put("tier", grain.tier());
        try {
            return Json.MAPPER.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CSV unless {@code ?format=json} (an export is a file first). */
    private static Params.Format format(AdminCall call) {
        return call.query("format").map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "json" -> Params.Format.JSON;
            case "csv" -> Params.Format.CSV;
            default -> throw AdminException.invalid("format", "'format' must be csv or json.");
        }).orElse(Params.Format.CSV);
    }
}
