package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Objects;

/** The model policy of a tenant, department or project. For {@link PolicyScope#TENANT} the scope id is the tenant id. */
public record ScopePolicy(String tenantId, PolicyScope scope, String scopeId, ModelPolicy models,
                          Instant createdAt, Instant updatedAt, long version) implements AccountEntity {

    public ScopePolicy {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(scopeId, "scopeId");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
