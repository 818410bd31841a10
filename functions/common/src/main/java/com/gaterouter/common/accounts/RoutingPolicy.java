package com.gaterouter.common.accounts;

import com.gaterouter.routing.policy.RoutingRules;
import java.time.Instant;
import java.util.Objects;

/**
 * The routing policy of a tenant, department or project: how {@code model: "auto"} requests under
 * it are routed (docs/routing.md). For {@link PolicyScope#TENANT} the scope id is the tenant id.
 */
public record RoutingPolicy(String tenantId, PolicyScope scope, String scopeId, RoutingRules rules,
                            Instant createdAt, Instant updatedAt, long version) implements AccountEntity {

    public RoutingPolicy {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scope, "scope");
        if (!scope.takesRoutingPolicies()) {
            throw new IllegalArgumentException("no routing policy at " + scope.wireName() + " scope");
        }
        Objects.requireNonNull(scopeId, "scopeId");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
