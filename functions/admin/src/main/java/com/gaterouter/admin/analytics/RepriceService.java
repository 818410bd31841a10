package com.gaterouter.admin.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.contracts.PriceTables;
import com.gaterouter.admin.routing.CatalogPrices;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET …/pricing/reprice?month=YYYY-MM[&version=N]} (docs/finops.md): the month's raw usage
 * priced again, request by request, with the tenant's price table as it was at version N (default:
 * as it is now) over the catalog's list prices of each request's day — beside what the records were
 * charged. With the version that priced them it reproduces the records to the micro-dollar; with a
 * later one it shows what terms recorded afterwards (a contract entered late, a corrected price)
 * would have made of the month. Per vendor × model; CSV with {@code format=csv}.
 */
record RepriceService(Questions questions, Supplier<CatalogPrices> catalog) {

    private record Sums(long requests, long tokens, long recordedMicros, long recordedListMicros, long repricedMicros,
                        long repricedListMicros, long unpriced) {
        Sums plus(Sums o) {
            return new Sums(requests + o.requests, tokens + o.tokens, recordedMicros + o.recordedMicros,
                    recordedListMicros + o.recordedListMicros, repricedMicros + o.repricedMicros,
                    repricedListMicros + o.repricedListMicros, unpriced + o.unpriced);
        }
    }

    Report reprice(AdminCall call) {
        AnalyticsScope scope = questions.wholeTenant(call, "Re-pricing", "month", "version");
        Params.Range range = Questions.monthRange(call, scope);
        Params.Format format = Params.format(call);
        Optional<TenantPricing> table = PriceTables.at(questions.accounts(), scope.tenantId(), call.query("version"));
        CatalogPrices prices = catalog.get();
        Map<String, Sums> byModel = new TreeMap<>();
        for (UsageRecord r : questions.rawRecords(scope, range)) {
            if (r.status() == UsageStatus.REFUSED) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(r.occurredAt(), ZoneOffset.UTC);
            Optional<ModelPrice> list = prices.modelPrice(r.servedModel(), day);
            long repriced = r.costMicros();
            long repricedList = r.listCostMicros();
            if (list.isPresent()) {
                repricedList = list.get().costOf(r.tokens());
                repriced = table.map(t -> t.costOf(r.servedModel(), r.vendor(), list.get(), r.tokens(), day).costMicros()).orElse(repricedList);
            }
            byModel.merge(r.servedModel(), new Sums(1, r.tokens().totalTokens(), r.costMicros(), r.listCostMicros(), repriced,
                    repricedList, list.isPresent() ? 0 : 1), Sums::plus);
        }
        List<String> columns = List.of("vendor", "model", "requests", "tokens", "recordedCostUsdMicros", "recordedCostUsd",
                "repricedCostUsdMicros", "repricedCostUsd", "differenceUsdMicros", "differenceUsd", "recordedListCostUsdMicros",
                "repricedListCostUsdMicros", "unpricedRequests");
        List<Map<String, Object>> rows = new ArrayList<>();
        Sums all = new Sums(0, 0, 0, 0, 0, 0, 0);
        for (Map.Entry<String, Sums> e : byModel.entrySet()) {
            rows.add(row(e.getKey(), e.getValue()).build());
            all = all.plus(e.getValue());
        }
        ObjectNode head = Views.object();
        head.put("tenantId", scope.tenantId());
        head.put("month", range.from().toString().substring(0, 7));
        head.put("pricingVersion", table.map(TenantPricing::version).orElse(0L));
        head.put("reproduces", all.recordedMicros() == all.repricedMicros()
                && byModel.values().stream().allMatch(s -> s.recordedMicros() == s.repricedMicros()));
        Map<String, Object> totals = row(null, all).build();
        totals.remove("vendor");
        totals.remove("model");
        return new Report("reprice", format, head, columns, rows, totals);
    }

    private static Report.Cells row(String model, Sums s) {
        return new Report.Cells()
                .put("vendor", model == null ? null : model.substring(0, Math.max(0, model.indexOf('/'))))
                .put("model", model).put("requests", s.requests()).put("tokens", s.tokens())
                .money("recordedCost", s.recordedMicros()).money("repricedCost", s.repricedMicros())
                .money("difference", s.repricedMicros() - s.recordedMicros())
                .put("recordedListCostUsdMicros", s.recordedListMicros()).put("repricedListCostUsdMicros", s.repricedListMicros())
                .put("unpricedRequests", s.unpriced());
    }
}
