package com.gaterouter.rollup.alerts;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Names and finance recipients of one tenant's budget scopes, looked up only for alerts that
 * actually fire and cached for the tenant's pass (a quiet tenant costs no account reads).
 */
final class ScopeDirectory {

    private record Described(String name, Optional<String> departmentId) {
    }

    private final AccountStore accounts;
    private final Tenant tenant;
    private final Map<String, Budget> budgets;
    private final Map<String, Described> cache = new HashMap<>();

    ScopeDirectory(AccountStore accounts, Tenant tenant, List<Budget> budgets) {
        this.accounts = accounts;
        this.tenant = tenant;
        this.budgets = new HashMap<>();
        budgets.forEach(b -> this.budgets.put(ref(b.scope(), b.scopeId()), b));
    }

    String name(BudgetScope scope, String scopeId) {
        return describe(scope, scopeId).name();
    }

    /**
     * Who is told: the budget's own recipients; else those of the scope's department budget (a
     * project, user or key in a department); else those of the tenant budget; else nobody beyond
     * the platform's finance subscription.
     */
    List<String> recipients(Budget budget) {
        return resolve(budget, Budget::alertRecipients);
    }

    /**
     * Who is told of an exhausted budget: {@link #recipients} and, in addition, the escalation
     * recipients found the same way (the budget's own, else its department budget's, else the
     * tenant budget's), each address once.
     */
    List<String> exhaustedRecipients(Budget budget) {
        Set<String> all = new LinkedHashSet<>(recipients(budget));
        all.addAll(resolve(budget, Budget::escalationRecipients));
        return List.copyOf(all);
    }

    private List<String> resolve(Budget budget, Function<Budget, List<String>> field) {
        if (!field.apply(budget).isEmpty()) {
            return field.apply(budget);
        }
        if (!budget.scope().takesAlertRecipients()) {
            Optional<Budget> departmentBudget = describe(budget.scope(), budget.scopeId()).departmentId()
                    .map(d -> budgets.get(ref(BudgetScope.DEPARTMENT, d)));
            if (departmentBudget.isPresent() && !field.apply(departmentBudget.get()).isEmpty()) {
                return field.apply(departmentBudget.get());
            }
        }
        Budget tenantBudget = budgets.get(ref(BudgetScope.TENANT, tenant.tenantId()));
        return tenantBudget == null ? List.of() : field.apply(tenantBudget);
    }

    private Described describe(BudgetScope scope, String scopeId) {
        return cache.computeIfAbsent(ref(scope, scopeId), k -> lookUp(scope, scopeId));
    }

    private Described lookUp(BudgetScope scope, String scopeId) {
        String t = tenant.tenantId();
        Optional<Described> found = switch (scope) {
            case TENANT -> Optional.of(new Described(tenant.name(), Optional.empty()));
            case DEPARTMENT -> accounts.findDepartment(t, scopeId).map(Department::name)
                    .map(name -> new Described(name, Optional.of(scopeId)));
            case PROJECT -> accounts.findProject(t, scopeId)
                    .map((Project p) -> new Described(p.name(), Optional.of(p.departmentId())));
            case USER -> accounts.findUser(t, scopeId).map((User u) -> new Described(u.name(), u.departmentId()));
            case KEY -> accounts.findKey(t, scopeId).map((ManagedKey k) -> new Described(k.name(), k.departmentId()));
        };
        // a scope deleted since its budget was set still gets its alert, under its id
        return found.orElse(new Described(scopeId, Optional.empty()));
    }

    private static String ref(BudgetScope scope, String scopeId) {
        return scope.wireName() + "/" + scopeId;
    }
}
