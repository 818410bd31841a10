package com.gaterouter.common.accounts;

/**
 * Everything the admin API creates and changes. Each carries a {@link #version()} that starts at 1
 * and grows by one with every change: optimistic concurrency ({@code If-Match}) compares it.
 */
public sealed interface AccountEntity permits Tenant, Department, Project, User, ManagedKey, Budget, ScopePolicy,
        TenantPricing, RoutingPolicy {

    String tenantId();

    long version();

    EntityRef ref();
}
