package com.gaterouter.admin.policies;

import com.gaterouter.admin.auth.PolicyTarget;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.ScopePolicy;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Model policies of the tenant, departments and projects (a key's own lists live on the key).
 * Everyone in a tenant may read the tenant's policy, and department admins and members those of
 * their department and its projects; tenant admins change any, department admins their projects'.
 */
public final class PolicyService {

    private final AccountStore accounts;
    private final Visibility visibility;

    public PolicyService(AccountStore accounts, Visibility visibility) {
        this.accounts = accounts;
        this.visibility = visibility;
    }

    public record Put(ScopePolicy policy, boolean created) {
    }

    public ScopePolicy get(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, PolicyTarget.Kind.MODEL);
        return accounts.findPolicy(tenantId, target.scope(), target.scopeId()).orElseThrow(() -> noPolicy(target));
    }

    /** {@code {allowedModels?, deniedModels?}}: creates (201) or replaces (200). */
    public Put put(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        JsonBody body = call.body().only("allowedModels", "deniedModels");
        Set<String> allowed = body.array("allowedModels").map(v -> Check.models(body.param("allowedModels"), v)).orElse(Set.of());
        Set<String> denied = body.array("deniedModels").map(v -> Check.models(body.param("deniedModels"), v)).orElse(Set.of());
        ModelPolicy models = new ModelPolicy(allowed, denied);
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, PolicyTarget.Kind.MODEL);
        target.requireWritable("this policy");
        target.requireActive();
        var put = Versioned.upsert(accounts, call, () -> accounts.findPolicy(tenantId, target.scope(), target.scopeId()),
                () -> new ScopePolicy(tenantId, target.scope(), target.scopeId(), models, call.now(), call.now(), 1),
                current -> current.models().equals(models) ? Optional.empty()
                        : Optional.of(new ScopePolicy(tenantId, target.scope(), target.scopeId(), models, current.createdAt(),
                                call.now(), current.version() + 1)),
                PolicyJson::render);
        return new Put(put.entity(), put.created());
    }

    public ScopePolicy delete(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, PolicyTarget.Kind.MODEL);
        target.requireWritable("this policy");
        return Versioned.delete(accounts, () -> accounts.findPolicy(tenantId, target.scope(), target.scopeId()),
                () -> noPolicy(target), current -> { }, call.ifMatch(),
                current -> Audit.entry(call, tenantId, "policy.delete", current.ref(), PolicyJson.render(current), null));
    }

    /** {@code ?scope=}: the policies the caller may see. */
    public Page<ScopePolicy> list(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        call.allowQuery("limit", "nextToken", "scope");
        Optional<PolicyScope> scope = PolicyTarget.scopeFilter(call, PolicyTarget.Kind.MODEL);
        BiPredicate<PolicyScope, String> visible = PolicyTarget.visibleTo(visibility, call.caller(), tenantId);
        return accounts.listPolicies(tenantId, call.page(),
                p -> scope.map(s -> p.scope() == s).orElse(true) && visible.test(p.scope(), p.scopeId()));
    }

    private static AdminException noPolicy(PolicyTarget target) {
        return AdminException.notFound("scopeId", "No policy for " + target.scope().wireName() + " '" + target.scopeId() + "'.");
    }
}
