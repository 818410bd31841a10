package com.gaterouter.admin.analytics;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupTotals;
import com.gaterouter.routing.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET …/analytics/routing?from=&to=}: how {@code model: "auto"} traffic was routed and what
 * it saved. Per tier ({@code light}, {@code standard}, {@code heavy}, and {@code none} for requests
 * that named their model): requests and cost; of those the router routed, their cost and what the
 * same tokens would have cost on the always-strong reference model, so {@code saved = reference −
 * routed} (negative if routing cost more) and {@code savedPercent = saved / reference}; and of
 * those classified in shadow mode (recorded, not acted on), their actual cost and what routing
 * would have cost — the saving switching shadow mode to route mode would have brought.
 */
record RoutingSavingsService(Questions questions) {

    static final List<String> COLUMNS = List.of("tier", "requests", "refusals", "costUsdMicros", "costUsd",
            "routedRequests", "routedCostUsdMicros", "routedCostUsd", "referenceCostUsdMicros", "referenceCostUsd",
            "savedUsdMicros", "savedUsd", "savedPercent",
            "shadowRequests", "shadowCostUsdMicros", "shadowCostUsd", "shadowRoutedCostUsdMicros", "shadowRoutedCostUsd",
            "shadowSavingsUsdMicros", "shadowSavingsUsd");

    public Report routing(AdminCall call) {
        Questions.Question question = questions.monthly(call, RollupDimension.TIER);
        SpendData.Spend spend = question.spend();
        List<Map.Entry<String, RollupTotals>> tiers = new ArrayList<>(spend.byValue().entrySet());
        tiers.sort(Comparator.comparing((Map.Entry<String, RollupTotals> e) -> tierOrder(e.getKey())).thenComparing(Map.Entry::getKey));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, RollupTotals> tier : tiers) {
            rows.add(savings(new Report.Cells().put("tier", tier.getKey()), tier.getValue()).build());
        }
        return new Report("routing", question.format(), question.head(), COLUMNS, rows,
                savings(new Report.Cells(), spend.total()).build());
    }

    private static Report.Cells savings(Report.Cells cells, RollupTotals t) {
        return cells
                .put("requests", t.requests())
                .put("refusals", t.refusals())
                .money("cost", t.costMicros())
                .put("routedRequests", t.routedRequests())
                .money("routedCost", t.routedCostMicros())
                .money("referenceCost", t.referenceCostMicros())
                .money("saved", t.routingSavingsMicros())
                .put("savedPercent", Report.percent(t.routingSavingsMicros(), t.referenceCostMicros()))
                .put("shadowRequests", t.shadowRequests())
                .money("shadowCost", t.shadowCostMicros())
                .money("shadowRoutedCost", t.shadowRoutedCostMicros())
                .money("shadowSavings", t.shadowCostMicros() - t.shadowRoutedCostMicros());
    }

    /** light, standard, heavy (the router's order), then "none", then anything unknown. */
    private static int tierOrder(String tier) {
        for (Tier known : Tier.values()) {
            if (known.wireName().equals(tier)) {
                return known.ordinal();
            }
        }
        return tier.equals(RollupDimension.NOT_ROUTED) ? Tier.values().length : Tier.values().length + 1;
    }
}
