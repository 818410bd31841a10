package com.gaterouter.admin.analytics;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET …/analytics/top-users?limit=&from=&to=}: who uses AI most — the {@code limit} users
 * with the highest spend over the range (ties: more requests first), with name, email, department
 * and their share of the scope's spend. For a department, a user's spend is what they spent
 * through that department's keys.
 */
record TopUsersService(Questions questions) {

    static final List<String> COLUMNS = List.of("rank", "userId", "name", "email", "departmentId", "departmentName",
            "requests", "refusals", "errors", "promptTokens", "completionTokens", "tokens", "costUsdMicros", "costUsd", "costPercent");

    public Report topUsers(AdminCall call) {
        AnalyticsScope scope = questions.scope(call, "limit");
        int limit = Params.top(call);
        Questions.Question question = questions.monthly(call, scope, RollupDimension.USER);
        Directory directory = question.directory();
        SpendData.Spend spend = question.spend();
        RollupTotals total = spend.total();

        List<Map.Entry<String, RollupTotals>> users = spend.byCost();
        List<Map<String, Object>> rows = new ArrayList<>();
        long rank = 0;
        for (Map.Entry<String, RollupTotals> entry : users.subList(0, Math.min(limit, users.size()))) {
            Optional<User> user = Optional.ofNullable(directory.users().get(entry.getKey()));
            Optional<String> departmentId = user.flatMap(User::departmentId);
            Report.Cells cells = new Report.Cells()
                    .put("rank", ++rank)
                    .put("userId", entry.getKey())
                    .put("name", user.map(User::name))
                    .put("email", user.map(User::email))
                    .put("departmentId", departmentId)
                    .put("departmentName", departmentId.map(directory.departments()::get).map(Department::name));
            rows.add(cells.spend(entry.getValue()).put("costPercent", Report.percent(entry.getValue().costMicros(), total.costMicros()))
                    .build());
        }
        var head = question.head();
        head.put("limit", limit);
        return new Report("top-users", question.format(), head, COLUMNS, rows,
                new Report.Cells().put("users", (long) users.size()).spend(total).build());
    }
}
