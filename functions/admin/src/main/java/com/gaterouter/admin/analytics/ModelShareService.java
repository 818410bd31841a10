package com.gaterouter.admin.analytics;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET …/analytics/models?from=&to=}: which models serve the requests and which cost the
 * money — per model over the range, its requests and cost and their share of the whole (percent),
 * most expensive first.
 */
record ModelShareService(Questions questions) {

    static final List<String> COLUMNS = List.of("model", "vendor", "requests", "requestsPercent", "refusals", "errors", "promptTokens",
            "completionTokens", "tokens", "costUsdMicros", "costUsd", "costPercent");

    public Report models(AdminCall call) {
        Questions.Question question = questions.monthly(call, RollupDimension.MODEL);
        SpendData.Spend spend = question.spend();
        RollupTotals total = spend.total();
        List<Map.Entry<String, RollupTotals>> models = spend.byCost();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, RollupTotals> model : models) {
            RollupTotals t = model.getValue();
            rows.add(new Report.Cells()
                    .put("model", model.getKey())
                    .put("vendor", vendorOf(model.getKey()))
                    .put("requests", t.requests())
                    .put("requestsPercent", Report.percent(t.requests(), total.requests()))
                    .put("refusals", t.refusals())
                    .put("errors", t.errors())
                    .put("promptTokens", t.promptTokens())
                    .put("completionTokens", t.completionTokens())
                    .put("tokens", t.tokens())
                    .money("cost", t.costMicros())
                    .put("costPercent", Report.percent(t.costMicros(), total.costMicros()))
                    .build());
        }
        return new Report("models", question.format(), question.head(), COLUMNS, rows,
                new Report.Cells().spend(total).build());
    }

    /** Catalog ids are {@code vendor/model}. */
    static String vendorOf(String model) {
        int slash = model.indexOf('/');
        return slash > 0 ? model.substring(0, slash) : null;
    }
}
