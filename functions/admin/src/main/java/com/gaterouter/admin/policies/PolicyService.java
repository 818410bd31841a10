package com.gaterouter.admin.policies;

import com.gaterouter.admin.auth.PolicyTarget;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.support.ScopedPolicies;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.ScopePolicy;
import java.util.Set;

/**
 * Model policies of the tenant, departments and projects (a key's own lists live on the key).
 * Everyone in a tenant may read the tenant's policy, and department admins and members those of
 * their department and its projects; tenant admins change any, department admins their projects'.
 */
public final class PolicyService {

    private final ScopedPolicies<ScopePolicy, ModelPolicy> policies;

    public PolicyService(AccountStore accounts, Visibility visibility) {
        this.policies = new ScopedPolicies<>(accounts, visibility, PolicyTarget.Kind.MODEL, "policy",
                accounts::findPolicy, accounts::listPolicies, PolicyJson::render, new ScopedPolicies.Shape<>(
                ScopePolicy::new, ScopePolicy::scope, ScopePolicy::scopeId, ScopePolicy::models, ScopePolicy::createdAt));
    }

    public ScopePolicy get(AdminCall call) {
        return policies.get(call);
    }

    /** {@code {allowedModels?, deniedModels?}}: creates (201) or replaces (200). */
    public Versioned.Upserted<ScopePolicy> put(AdminCall call) {
        return policies.put(call, c -> {
            JsonBody body = c.body().only("allowedModels", "deniedModels");
            Set<String> allowed = body.array("allowedModels").map(v -> Check.models(body.param("allowedModels"), v)).orElse(Set.of());
            Set<String> denied = body.array("deniedModels").map(v -> Check.models(body.param("deniedModels"), v)).orElse(Set.of());
            return new ModelPolicy(allowed, denied);
        });
    }

    public ScopePolicy delete(AdminCall call) {
        return policies.delete(call);
    }

    /** {@code ?scope=}: the policies the caller may see. */
    public Page<ScopePolicy> list(AdminCall call) {
        return policies.list(call);
    }
}
