package com.gaterouter.admin.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupTotals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET …/chargeback?month=YYYY-MM}: the month's spend per cost centre (see {@link CostCenters}),
 * with the departments and projects each covers. The spend is the key dimension's, read as every
 * analytics report reads it ({@link SpendData}: roll-ups for final days, raw usage after), so the
 * totals are the analytics spend of the same month to the micro-dollar. Rows by code, unassigned
 * last; the same month asked twice answers byte for byte the same while nothing changed.
 *
 * <p>The cost is what the usage records were charged: the tenant's contract cost ({@code cost…};
 * docs/finops.md). List cost, credits and commitments per vendor are in the month close.
 */
record ChargebackService(Questions questions) {

    static final String COST = "cost";

    Report chargeback(AdminCall call) {
        AnalyticsScope scope = questions.wholeTenant(call, "Chargeback", "month");
        Questions.Question question = questions.month(call, scope, RollupDimension.KEY);
        CostCenters costCenters = new CostCenters(question.directory());

        Map<String, RollupTotals> byCostCenter = new TreeMap<>();
        question.spend().byValue().forEach((keyId, totals) -> byCostCenter.merge(costCenters.ofKey(keyId), totals, RollupTotals::plus));
        Map<String, CostCenters.Coverage> coverage = costCenters.coverage();

        TreeSet<String> all = new TreeSet<>(byCostCenter.keySet());
        all.addAll(coverage.keySet());
        List<String> codes = new ArrayList<>(all);
        codes.sort(Comparator.comparing((String code) -> code.equals(CostCenters.UNASSIGNED)).thenComparing(Comparator.naturalOrder()));

        List<String> columns = new ArrayList<>(List.of("costCenter", "departments", "projects"));
        columns.addAll(Report.spendColumns(COST));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String code : codes) {
            CostCenters.Coverage covers = coverage.getOrDefault(code, new CostCenters.Coverage(List.of(), List.of()));
            rows.add(new Report.Cells().put("costCenter", code).put("departments", covers.departments())
                    .put("projects", covers.projects())
                    .spend(byCostCenter.getOrDefault(code, RollupTotals.ZERO), COST).build());
        }
        ObjectNode head = question.head();
        head.put("month", question.range().from().toString().substring(0, 7));
        return new Report("chargeback", question.format(), head, columns, rows,
                new Report.Cells().spend(question.spend().total(), COST).build());
    }
}
