package com.gaterouter.rollup.notifier;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupRow;
import com.gaterouter.common.rollup.RollupStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Top spenders from the roll-up rows of a range of periods: for an alert its period (the month's
 * rows for a monthly budget, the day's for a daily one), for a weekly digest the week's days. Roll-up periods are UTC calendar periods while budgets follow the
 * tenant's zone, so at the edges of a period the lists may be a few hours off; they explain the
 * spend, the alert's own figures come from the spend counters.
 *
 * <p>Rows are per dimension only, so lists are narrowed to the scope through the accounts (a user's
 * department, a key's department, project and owner), walking down the rows by cost and looking up
 * at most {@value #MAX_LOOKUPS} entities per list. Models cannot be narrowed: that list is the tenant's.
 */
final class RollupSpendBreakdown implements SpendBreakdownSource {

    static final int MAX_LOOKUPS = 50;

    private final RollupStore rollups;
    private final AccountStore accounts;

    public RollupSpendBreakdown(RollupStore rollups, AccountStore accounts) {
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    @Override
    public SpendBreakdown breakdown(String tenant, BudgetScope scope, String scopeId, Granularity granularity, String from,
                                    String to, int limit) {
        Range range = new Range(tenant, granularity, from, to);

        // users: a department's are known through the user; a project's or a key's are not (users are not in projects)
        boolean usersTenantWide = switch (scope) {
            case PROJECT, KEY -> true;
            case TENANT, DEPARTMENT, USER -> false;
        };
        List<RollupRow> userRows = rows(range, RollupDimension.USER);
        List<TopSpender> users = switch (scope) {
            case USER -> top(only(userRows, scopeId), limit, id -> Optional.of(userLabel(tenant, id)));
            case DEPARTMENT -> top(userRows, limit, id -> accounts.findUser(tenant, id)
                    .filter(u -> u.departmentId().filter(scopeId::equals).isPresent()).map(RollupSpendBreakdown::label));
            case TENANT, PROJECT, KEY -> top(userRows, limit, id -> Optional.of(userLabel(tenant, id)));
        };

        List<RollupRow> keyRows = rows(range, RollupDimension.KEY);
        Predicate<ManagedKey> keyInScope = switch (scope) {
            case TENANT, KEY -> k -> true;
            case DEPARTMENT -> k -> k.departmentId().filter(scopeId::equals).isPresent();
            case PROJECT -> k -> k.projectId().filter(scopeId::equals).isPresent();
            case USER -> k -> k.userId().equals(scopeId);
        };
        boolean everyKeyInScope = switch (scope) {
            case TENANT, KEY -> true;
            case DEPARTMENT, PROJECT, USER -> false;
        };
        List<TopSpender> keys = top(scope == BudgetScope.KEY ? only(keyRows, scopeId) : keyRows, limit, id -> {
            Optional<ManagedKey> key = accounts.findKey(tenant, id);
            if (key.isEmpty()) {
                return everyKeyInScope ? Optional.of(id) : Optional.empty();
            }
            return key.filter(keyInScope).map(k -> k.name() + " (" + k.keyId() + ")");
        });

        List<TopSpender> models = top(rows(range, RollupDimension.MODEL), limit, Optional::of);
        return new SpendBreakdown(users, usersTenantWide, models, scope != BudgetScope.TENANT, keys, false, Optional.empty());
    }

    private static List<RollupRow> only(List<RollupRow> rows, String value) {
        return rows.stream().filter(r -> r.value().equals(value)).toList();
    }

    private record Range(String tenantId, Granularity granularity, String from, String to) {
    }

    /** The range's rows of {@code dimension}, one per value: several periods' totals added up. */
    private List<RollupRow> rows(Range range, RollupDimension dimension) {
        List<RollupRow> rows = rollups.query(range.tenantId(), dimension, range.granularity(), range.from(), range.to());
        if (range.from().equals(range.to())) {
            return rows;
        }
        Map<String, RollupRow> byValue = new LinkedHashMap<>();
        for (RollupRow row : rows) {
            byValue.merge(row.value(), row, (a, b) -> new RollupRow(a.tenantId(), a.dimension(), a.granularity(),
                    range.from() + ".." + range.to(), a.value(), a.totals().plus(b.totals())));
        }
        return new ArrayList<>(byValue.values());
    }

    /** Rows by cost (highest first, then by value for a stable order), labelled, those out of scope dropped. */
    private static List<TopSpender> top(List<RollupRow> rows, int limit, Function<String, Optional<String>> label) {
        List<RollupRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong((RollupRow r) -> r.totals().costMicros()).reversed().thenComparing(RollupRow::value));
        List<TopSpender> top = new ArrayList<>();
        int lookups = 0;
        for (RollupRow row : sorted) {
            if (top.size() >= limit || row.totals().costMicros() <= 0) {
                break;
            }
            if (lookups++ >= Math.max(MAX_LOOKUPS, limit)) {
                break;
            }
            label.apply(row.value()).ifPresent(l -> top.add(new TopSpender(l, row.totals().costMicros(), row.totals().requests())));
        }
        return top;
    }

    private String userLabel(String tenantId, String userId) {
        return accounts.findUser(tenantId, userId).map(RollupSpendBreakdown::label).orElse(userId);
    }

    private static String label(User user) {
        return user.name() + " <" + user.email() + ">";
    }
}
