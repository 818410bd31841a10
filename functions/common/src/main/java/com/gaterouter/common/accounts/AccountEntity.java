package com.gaterouter.common.accounts;

/**
 * Everything the admin API creates and changes. Each carries a {@link #version()} that starts at 1
 * and grows by one with every change: optimistic concurrency ({@code If-Match}) compares it.
 */
public sealed interface AccountEntity permits Tenant, Department, Project, User, ManagedKey, Budget, ScopePolicy,
        TenantPricing, RoutingPolicy {

    String tenantId();

    long version();

    /** The entity's kind and its id within the tenant (a scoped entity's id is {@code scope/scopeId}). */
    default EntityRef ref() {
        return switch (this) {
            case Tenant t -> new EntityRef(EntityKind.TENANT, t.tenantId());
            case Department d -> new EntityRef(EntityKind.DEPARTMENT, d.departmentId());
            case Project p -> new EntityRef(EntityKind.PROJECT, p.projectId());
            case User u -> new EntityRef(EntityKind.USER, u.userId());
            case ManagedKey k -> new EntityRef(EntityKind.KEY, k.keyId());
            case Budget b -> new EntityRef(EntityKind.BUDGET, b.scope().wireName() + "/" + b.scopeId());
            case ScopePolicy p -> new EntityRef(EntityKind.POLICY, p.scope().wireName() + "/" + p.scopeId());
            case RoutingPolicy r -> new EntityRef(EntityKind.ROUTING, r.scope().wireName() + "/" + r.scopeId());
            case TenantPricing p -> new EntityRef(EntityKind.PRICING, p.tenantId());
        };
    }
}
