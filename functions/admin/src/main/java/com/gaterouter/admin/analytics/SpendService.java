package com.gaterouter.admin.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET …/analytics/spend?groupBy=&granularity=&from=&to=}: requests, tokens and cost per
 * period and value of one dimension (departments, projects, users and keys with their names), and
 * the totals. Rows are by period, then by cost (highest first).
 */
record SpendService(Questions questions) {

    public Report spend(AdminCall call) {
        AnalyticsScope scope = questions.scope(call, "groupBy", "granularity");
        RollupDimension dimension = Params.groupBy(call);
        Granularity granularity = Params.granularity(call);
        Questions.Question question = questions.ask(call, scope, dimension, granularity,
                granularity == Granularity.DAY ? Params.MAX_DAYS_BY_DAY : Params.MAX_DAYS);
        Directory directory = question.directory();
        SpendData.Spend spend = question.spend();

        List<String> columns = new ArrayList<>(List.of("period", dimension.wireName()));
        if (Directory.named(dimension)) {
            columns.add("name");
        }
        columns.addAll(Report.SPEND_COLUMNS);
        List<RollupRow> sorted = new ArrayList<>(spend.rows());
        sorted.sort(Comparator.comparing(RollupRow::period)
                .thenComparing(r -> r.totals().costMicros(), Comparator.reverseOrder())
                .thenComparing(RollupRow::value));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RollupRow row : sorted) {
            Report.Cells cells = new Report.Cells().put("period", row.period()).put(dimension.wireName(), row.value());
            if (Directory.named(dimension)) {
                cells.put("name", directory.name(dimension, row.value()));
            }
            rows.add(cells.spend(row.totals()).build());
        }
        ObjectNode head = question.head();
        head.put("groupBy", dimension.wireName());
        head.put("granularity", granularity.wireName());
        return new Report("spend", question.format(), head, columns, rows, new Report.Cells().spend(spend.total()).build());
    }
}
