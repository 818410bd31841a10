package com.gaterouter.admin.policies;

import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.ScopePolicy;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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

    public record Target(PolicyScope scope, String scopeId, boolean active, boolean writable) {
    }

    public record Put(ScopePolicy policy, boolean created) {
    }

    public ScopePolicy get(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        Target target = target(call, tenantId);
        return accounts.findPolicy(tenantId, target.scope(), target.scopeId()).orElseThrow(() -> noPolicy(target));
    }

    /** {@code {allowedModels?, deniedModels?}}: creates (201) or replaces (200). */
    public Put put(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        JsonBody body = call.body().only("allowedModels", "deniedModels");
        Set<String> allowed = body.array("allowedModels").map(v -> Check.models(body.param("allowedModels"), v)).orElse(Set.of());
        Set<String> denied = body.array("deniedModels").map(v -> Check.models(body.param("deniedModels"), v)).orElse(Set.of());
        ModelPolicy models = new ModelPolicy(allowed, denied);
        Target target = target(call, tenantId);
        requireWritable(target);
        if (!target.active()) {
            throw AdminException.conflict("parent_archived", "scopeId",
                    "The " + target.scope().wireName() + " '" + target.scopeId() + "' is archived.");
        }
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
        Target target = target(call, tenantId);
        requireWritable(target);
        return Versioned.delete(accounts, () -> accounts.findPolicy(tenantId, target.scope(), target.scopeId()),
                () -> noPolicy(target), current -> { }, call.ifMatch(),
                current -> Audit.entry(call, tenantId, "policy.delete", current.ref(), PolicyJson.render(current), null));
    }

    /** {@code ?scope=}: the policies the caller may see. */
    public Page<ScopePolicy> list(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        call.allowQuery("limit", "nextToken", "scope");
        Optional<PolicyScope> scope = call.query("scope").map(s -> PolicyScope.fromWire(s)
                .orElseThrow(() -> AdminException.invalid("scope", "'scope' must be tenant, department or project.")));
        Predicate<ScopePolicy> visible = visibleFilter(call.caller(), tenantId);
        return accounts.listPolicies(tenantId, call.page(), p -> scope.map(s -> p.scope() == s).orElse(true) && visible.test(p));
    }

    private Predicate<ScopePolicy> visibleFilter(Caller caller, String tenantId) {
        Optional<String> confined = Access.confinedTo(caller);
        if (confined.isEmpty()) {
            return p -> true;
        }
        Set<String> projects = visibility.projectIdsIn(tenantId, confined.get());
        return p -> switch (p.scope()) {
            case TENANT -> true;
            case DEPARTMENT -> p.scopeId().equals(confined.get());
            case PROJECT -> projects.contains(p.scopeId());
        };
    }

    private Target target(AdminCall call, String tenantId) {
        PolicyScope scope = PolicyScope.fromWire(call.raw("scope"))
                .orElseThrow(() -> AdminException.invalid("scope", "'scope' must be tenant, department or project."));
        String scopeId = call.id("scopeId");
        Caller caller = call.caller();
        AdminException hidden = Visibility.notFound("scopeId", scope.wireName(), scopeId);
        boolean active;
        switch (scope) {
            case TENANT -> {
                if (!scopeId.equals(tenantId)) {
                    throw AdminException.invalid("scopeId", "A tenant policy's scopeId is the tenant id, '" + tenantId + "'.");
                }
                active = accounts.findTenant(tenantId).map(t -> t.status() == EntityStatus.ACTIVE).orElse(false);
            }
            case DEPARTMENT -> active = accounts.findDepartment(tenantId, scopeId)
                    .filter(d -> Access.seesDepartment(caller, d.departmentId()))
                    .orElseThrow(() -> hidden).status() == EntityStatus.ACTIVE;
            case PROJECT -> {
                Project project = accounts.findProject(tenantId, scopeId)
                        .filter(p -> Access.seesDepartment(caller, p.departmentId()))
                        .orElseThrow(() -> hidden);
                active = project.status() == EntityStatus.ACTIVE;
            }
            default -> throw new IllegalStateException(scope.name());
        }
        boolean writable = Access.administersTenant(caller)
                || (Access.hasRole(caller, Role.DEPARTMENT_ADMIN) && scope == PolicyScope.PROJECT);
        return new Target(scope, scopeId, active, writable);
    }

    private static void requireWritable(Target target) {
        if (!target.writable()) {
            throw Access.readOnly("this policy");
        }
    }

    private static AdminException noPolicy(Target target) {
        return AdminException.notFound("scopeId", "No policy for " + target.scope().wireName() + " '" + target.scopeId() + "'.");
    }
}
