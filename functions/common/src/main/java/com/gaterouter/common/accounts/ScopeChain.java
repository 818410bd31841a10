package com.gaterouter.common.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the router needs above an app key, read in one batch: the tenant, department and project
 * (is any of them archived or gone?), their model policies and the model policy of the key's user,
 * the budgets of the key's five scopes (tenant, department, project, user, key) that have one, and
 * the tenant's pricing.
 *
 * @param budgets at most one per {@link BudgetScope}, those of the key's own scopes only
 * @param pricing the tenant's discount and price overrides; empty: list prices
 * @param routingPolicies the routing policies of the tenant, department and project that have one, outermost first
 * @param userPolicy the model policy of the key's user (binds every key the user holds), if any
 */
public record ScopeChain(Optional<Tenant> tenant, Optional<Department> department, Optional<Project> project,
                         Optional<ScopePolicy> tenantPolicy, Optional<ScopePolicy> departmentPolicy,
                         Optional<ScopePolicy> projectPolicy, List<Budget> budgets, Optional<TenantPricing> pricing,
                         List<RoutingPolicy> routingPolicies, Optional<ScopePolicy> userPolicy) {

    public ScopeChain {
        budgets = List.copyOf(budgets);
        pricing = java.util.Objects.requireNonNullElse(pricing, Optional.empty());
        routingPolicies = routingPolicies == null ? List.of() : List.copyOf(routingPolicies);
        userPolicy = java.util.Objects.requireNonNullElse(userPolicy, Optional.empty());
    }

    /** A chain without a user-level model policy. */
    public ScopeChain(Optional<Tenant> tenant, Optional<Department> department, Optional<Project> project,
                      Optional<ScopePolicy> tenantPolicy, Optional<ScopePolicy> departmentPolicy,
                      Optional<ScopePolicy> projectPolicy, List<Budget> budgets, Optional<TenantPricing> pricing,
                      List<RoutingPolicy> routingPolicies) {
        this(tenant, department, project, tenantPolicy, departmentPolicy, projectPolicy, budgets, pricing, routingPolicies,
                Optional.empty());
    }

    /** A chain without routing policies. */
    public ScopeChain(Optional<Tenant> tenant, Optional<Department> department, Optional<Project> project,
                      Optional<ScopePolicy> tenantPolicy, Optional<ScopePolicy> departmentPolicy,
                      Optional<ScopePolicy> projectPolicy, List<Budget> budgets, Optional<TenantPricing> pricing) {
        this(tenant, department, project, tenantPolicy, departmentPolicy, projectPolicy, budgets, pricing, List.of());
    }

    /** A chain at list prices (no tenant pricing). */
    public ScopeChain(Optional<Tenant> tenant, Optional<Department> department, Optional<Project> project,
                      Optional<ScopePolicy> tenantPolicy, Optional<ScopePolicy> departmentPolicy,
                      Optional<ScopePolicy> projectPolicy, List<Budget> budgets) {
        this(tenant, department, project, tenantPolicy, departmentPolicy, projectPolicy, budgets, Optional.empty(), List.of());
    }

    /** A chain without budgets. */
    public ScopeChain(Optional<Tenant> tenant, Optional<Department> department, Optional<Project> project,
                      Optional<ScopePolicy> tenantPolicy, Optional<ScopePolicy> departmentPolicy,
                      Optional<ScopePolicy> projectPolicy) {
        this(tenant, department, project, tenantPolicy, departmentPolicy, projectPolicy, List.of(), Optional.empty(), List.of());
    }

    /** The budget of {@code scope} in this chain, if it has one. */
    public Optional<Budget> budget(BudgetScope scope) {
        return budgets.stream().filter(b -> b.scope() == scope).findFirst();
    }

    /** Whether tenant, department and project all exist and are active: keys under an archived scope are dead. */
    public boolean active() {
        return tenant.map(t -> t.status() == EntityStatus.ACTIVE).orElse(false)
                && department.map(d -> d.status() == EntityStatus.ACTIVE).orElse(false)
                && project.map(p -> p.status() == EntityStatus.ACTIVE).orElse(false);
    }

    /** Tenant ∩ department ∩ project ∩ user ∩ key. */
    public ModelAccess accessFor(ApiKeyRecord key) {
        List<ModelPolicy> levels = new ArrayList<>();
        tenantPolicy.ifPresent(p -> levels.add(p.models()));
        departmentPolicy.ifPresent(p -> levels.add(p.models()));
        projectPolicy.ifPresent(p -> levels.add(p.models()));
        userPolicy.ifPresent(p -> levels.add(p.models()));
        levels.add(key.models());
        return new ModelAccess(levels);
    }
}
