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
import java.util.Optional;

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
        if (!budget.alertRecipients().isEmpty()) {
            return budget.alertRecipients();
        }
        if (!budget.scope().takesAlertRecipients()) {
            Optional<Budget> departmentBudget = describe(budget.scope(), budget.scopeId()).departmentId()
                    .map(d -> budgets.get(ref(BudgetScope.DEPARTMENT, d)));
            if (departmentBudget.isPresent() && !departmentBudget.get().alertRecipients().isEmpty()) {
                return departmentBudget.get().alertRecipients();
            }
        }
        Budget tenantBudget = budgets.get(ref(BudgetScope.TENANT, tenant.tenantId()));
        return tenantBudget == null ? List.of() : tenantBudget.alertRecipients();
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
