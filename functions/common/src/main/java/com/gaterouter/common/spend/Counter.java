package com.gaterouter.common.spend;

import com.gaterouter.common.accounts.BudgetScope;
import java.util.Objects;

/** One counter: a scope of a tenant (the tenant itself, a department, project, user or key) in a window. */
public record Counter(String tenantId, BudgetScope scope, String scopeId, Window window) {

    public Counter {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(scopeId, "scopeId");
        Objects.requireNonNull(window, "window");
    }
}
