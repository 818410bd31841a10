package com.gaterouter.admin.analytics;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET …/analytics/keys?from=&to=}: which app keys are active — every active app key (idle
 * ones too, so an unused key stands out) and every revoked one that still spent in the range, with
 * its owner, project, {@code lastUsedAt} (from the key: the router records it at most once a minute,
 * so it is approximate), requests, errors, error rate and spend. Busiest spenders first. Admin keys
 * are left out: they never call {@code /v1}, so they never spend.
 */
record KeyActivityService(Questions questions) {

    static final List<String> COLUMNS = List.of("keyId", "name", "status", "userId", "userName", "projectId", "projectName",
            "departmentId", "departmentName", "createdAt", "lastUsedAt", "requests", "refusals", "errors", "errorRate", "tokens",
            "costUsdMicros", "costUsd");

    public Report keys(AdminCall call) {
        Questions.Question question = questions.monthly(call, RollupDimension.KEY);
        AnalyticsScope scope = question.scope();
        Directory directory = question.directory();
        SpendData.Spend spend = question.spend();
        Map<String, RollupTotals> byKey = spend.byValue();

        Map<String, ManagedKey> inScope = scope.departmentId()
                .map(department -> SpendData.departmentKeys(directory, department))
                .orElseGet(() -> new TreeMap<>(directory.keys()));
        inScope.values().removeIf(k -> k.type() != KeyType.APP);
        List<Activity> activity = new ArrayList<>();
        inScope.values().forEach(key -> {
            RollupTotals totals = byKey.getOrDefault(key.keyId(), RollupTotals.ZERO);
            if (key.status() == KeyStatus.ACTIVE || totals.requests() > 0 || totals.refusals() > 0) {
                activity.add(new Activity(key.keyId(), Optional.of(key), totals));
            }
        });
        // spend of a key the directory does not know (only possible tenant-wide: department spend is read through known keys)
        byKey.forEach((keyId, totals) -> {
            if (!inScope.containsKey(keyId) && !scope.confined()) {
                activity.add(new Activity(keyId, Optional.empty(), totals));
            }
        });
        activity.sort(Comparator.<Activity>comparingLong(a -> a.totals().costMicros()).reversed()
                .thenComparing(a -> a.totals().requests(), Comparator.reverseOrder())
                .thenComparing(a -> a.key().flatMap(ManagedKey::lastUsedAt).orElse(Instant.EPOCH), Comparator.reverseOrder())
                .thenComparing(Activity::keyId));

        List<Map<String, Object>> rows = new ArrayList<>();
        for (Activity a : activity) {
            Optional<ManagedKey> key = a.key();
            Optional<String> userId = key.map(ManagedKey::userId);
            Optional<String> projectId = key.flatMap(ManagedKey::projectId);
            Optional<String> departmentId = key.flatMap(ManagedKey::departmentId);
            RollupTotals t = a.totals();
            rows.add(new Report.Cells()
                    .put("keyId", a.keyId())
                    .put("name", key.map(ManagedKey::name))
                    .put("status", key.map(k -> k.status().name().toLowerCase(java.util.Locale.ROOT)))
                    .put("userId", userId)
                    .put("userName", userId.map(directory.users()::get).map(User::name))
                    .put("projectId", projectId)
                    .put("projectName", projectId.map(directory.projects()::get).map(Project::name))
                    .put("departmentId", departmentId)
                    .put("departmentName", departmentId.map(directory.departments()::get).map(Department::name))
                    .put("createdAt", key.map(ManagedKey::createdAt))
                    .put("lastUsedAt", key.flatMap(ManagedKey::lastUsedAt))
                    .put("requests", t.requests())
                    .put("refusals", t.refusals())
                    .put("errors", t.errors())
                    .put("errorRate", Report.ratio(t.errors(), t.requests()))
                    .put("tokens", t.tokens())
                    .money("cost", t.costMicros())
                    .build());
        }
        RollupTotals total = spend.total();
        return new Report("keys", question.format(), question.head(), COLUMNS, rows,
                new Report.Cells().put("keys", (long) rows.size()).spend(total)
                        .put("errorRate", Report.ratio(total.errors(), total.requests())).build());
    }

    private record Activity(String keyId, Optional<ManagedKey> key, RollupTotals totals) {
    }
}
