package com.gaterouter.admin.routing;

import com.gaterouter.admin.auth.PolicyTarget;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.routing.policy.RoutingRules;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Routing policies of the tenant, departments and projects: how {@code model: "auto"} requests under
 * each level are routed (docs/routing.md). Who may read and change them is exactly as for the same
 * level's model policy ({@link PolicyTarget}): everyone in a tenant reads the tenant's, department
 * admins and members those of their department and its projects; tenant admins change any,
 * department admins their projects'.
 */
public final class RoutingPolicyService {

    private static final String WHAT = "this routing policy";

    private final AccountStore accounts;
    private final Visibility visibility;

    public RoutingPolicyService(AccountStore accounts, Visibility visibility) {
        this.accounts = accounts;
        this.visibility = visibility;
    }

    public record Put(RoutingPolicy policy, boolean created) {
    }

    public RoutingPolicy get(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, PolicyTarget.Kind.ROUTING);
        return accounts.findRoutingPolicy(tenantId, target.scope(), target.scopeId()).orElseThrow(() -> noPolicy(target));
    }

    /** {@code {mode?, prefer?, thresholds?, tiers?, pinnedModel?}}, at least one: creates (201) or replaces (200). */
    public Put put(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        RoutingRules rules = RoutingPolicyJson.parse(call.body());
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, PolicyTarget.Kind.ROUTING);
        target.requireWritable(WHAT);
        target.requireActive();
        var put = Versioned.upsert(accounts, call, () -> accounts.findRoutingPolicy(tenantId, target.scope(), target.scopeId()),
                () -> new RoutingPolicy(tenantId, target.scope(), target.scopeId(), rules, call.now(), call.now(), 1),
                current -> current.rules().equals(rules) ? Optional.empty()
                        : Optional.of(new RoutingPolicy(tenantId, target.scope(), target.scopeId(), rules, current.createdAt(),
                                call.now(), current.version() + 1)),
                RoutingPolicyJson::render);
        return new Put(put.entity(), put.created());
    }

    /** Removes the level's routing policy: requests under it inherit every knob from the level above. */
    public RoutingPolicy delete(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        PolicyTarget target = PolicyTarget.resolve(accounts, call, tenantId, PolicyTarget.Kind.ROUTING);
        target.requireWritable(WHAT);
        return Versioned.delete(accounts, () -> accounts.findRoutingPolicy(tenantId, target.scope(), target.scopeId()),
                () -> noPolicy(target), current -> { }, call.ifMatch(),
                current -> Audit.entry(call, tenantId, "routing.delete", current.ref(), RoutingPolicyJson.render(current), null));
    }

    /** {@code ?scope=}: the routing policies the caller may see. */
    public Page<RoutingPolicy> list(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        call.allowQuery("limit", "nextToken", "scope");
        Optional<PolicyScope> scope = PolicyTarget.scopeFilter(call, PolicyTarget.Kind.ROUTING);
        BiPredicate<PolicyScope, String> visible = PolicyTarget.visibleTo(visibility, call.caller(), tenantId);
        return accounts.listRoutingPolicies(tenantId, call.page(),
                p -> scope.map(s -> p.scope() == s).orElse(true) && visible.test(p.scope(), p.scopeId()));
    }

    private static AdminException noPolicy(PolicyTarget target) {
        return AdminException.notFound("scopeId",
                "No routing policy for " + target.scope().wireName() + " '" + target.scopeId() + "'.");
    }
}
