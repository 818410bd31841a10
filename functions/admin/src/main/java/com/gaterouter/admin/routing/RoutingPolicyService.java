package com.gaterouter.admin.routing;

import com.gaterouter.admin.auth.PolicyTarget;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.support.ScopedPolicies;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.routing.policy.RoutingRules;

/**
 * Routing policies of the tenant, departments and projects: how {@code model: "auto"} requests under
 * each level are routed (docs/routing.md). Who may read and change them is exactly as for the same
 * level's model policy ({@link PolicyTarget}): everyone in a tenant reads the tenant's, department
 * admins and members those of their department and its projects; tenant admins change any,
 * department admins their projects'.
 */
public final class RoutingPolicyService {

    private final ScopedPolicies<RoutingPolicy, RoutingRules> policies;

    public RoutingPolicyService(AccountStore accounts, Visibility visibility) {
        this.policies = new ScopedPolicies<>(accounts, visibility, PolicyTarget.Kind.ROUTING, "routing policy",
                accounts::findRoutingPolicy, accounts::listRoutingPolicies, RoutingPolicyJson::render, new ScopedPolicies.Shape<>(
                RoutingPolicy::new, RoutingPolicy::scope, RoutingPolicy::scopeId, RoutingPolicy::rules, RoutingPolicy::createdAt));
    }

    public RoutingPolicy get(AdminCall call) {
        return policies.get(call);
    }

    /** {@code {mode?, prefer?, thresholds?, tiers?, pinnedModel?}}, at least one: creates (201) or replaces (200). */
    public Versioned.Upserted<RoutingPolicy> put(AdminCall call) {
        return policies.put(call, c -> RoutingPolicyJson.parse(c.body()));
    }

    /** Removes the level's routing policy: requests under it inherit every knob from the level above. */
    public RoutingPolicy delete(AdminCall call) {
        return policies.delete(call);
    }

    /** {@code ?scope=}: the routing policies the caller may see. */
    public Page<RoutingPolicy> list(AdminCall call) {
        return policies.list(call);
    }
}
