package com.gaterouter.admin.auth;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The level a per-level policy is addressed to ({@code …/{scope}/{scopeId}} of model policies and
 * routing policies alike, which share these rules): the tenant (scopeId = the tenant id), a
 * department or a project. Everyone in the tenant sees the tenant's level, department admins and
 * members their department and its projects; tenant admins change every level, department admins
 * their projects'.
 *
 * @param active   whether the department or project (or tenant) is active: only then may a policy be set
 * @param writable whether the caller may set or remove the level's policies
 */
public record PolicyTarget(PolicyScope scope, String scopeId, boolean active, boolean writable) {

    /**
     * The target of {@code call}'s {@code scope} and {@code scopeId} path parameters in {@code tenantId}
     * (already checked visible): 400 for a bad scope or a tenant scopeId other than the tenant's id,
     * 404 for a department or project that does not exist or the caller cannot see.
     */
    public static PolicyTarget resolve(AccountStore accounts, AdminCall call, String tenantId) {
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
        return new PolicyTarget(scope, scopeId, active, writable);
    }

    /** 403 unless the caller may change this level's policies; {@code what} names them ("this policy"). */
    public void requireWritable(String what) {
        if (!writable) {
            throw Access.readOnly(what);
        }
    }

    /** 409 {@code parent_archived} when the department or project is archived: no new policy is set on it. */
    public void requireActive() {
        if (!active) {
            throw AdminException.conflict("parent_archived", "scopeId",
                    "The " + scope.wireName() + " '" + scopeId + "' is archived.");
        }
    }

    /** {@code ?scope=} of a policy list. */
    public static Optional<PolicyScope> scopeFilter(AdminCall call) {
        return call.query("scope").map(s -> PolicyScope.fromWire(s)
                .orElseThrow(() -> AdminException.invalid("scope", "'scope' must be tenant, department or project.")));
    }

    /** Which levels' policies the caller may see in a list: all, or the tenant's, their department's and its projects'. */
    public static BiPredicate<PolicyScope, String> visibleTo(Visibility visibility, Caller caller, String tenantId) {
        Optional<String> confined = Access.confinedTo(caller);
        if (confined.isEmpty()) {
            return (scope, scopeId) -> true;
        }
        Set<String> projects = visibility.projectIdsIn(tenantId, confined.get());
        return (scope, scopeId) -> switch (scope) {
            case TENANT -> true;
            case DEPARTMENT -> scopeId.equals(confined.get());
            case PROJECT -> projects.contains(scopeId);
        };
    }
}
