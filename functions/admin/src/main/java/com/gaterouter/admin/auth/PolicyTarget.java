package com.gaterouter.admin.auth;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.User;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The level a per-level policy is addressed to ({@code …/{scope}/{scopeId}} of model policies and
 * routing policies alike, which share these rules): the tenant (scopeId = the tenant id), a
 * department or a project — and, for model policies only, a user (a policy binding every key the
 * person holds). Everyone in the tenant sees the tenant's level, department admins and members
 * their department and its projects; tenant admins change every level, department admins their
 * projects'. A user's level is seen by whoever sees the user, and changed by tenant admins and by
 * department admins for the other users of their department — never by the user themselves, so
 * nobody loosens a limit that binds them.
 *
 * @param active   whether the department or project (or tenant) is active: only then may a policy be set
 * @param writable whether the caller may set or remove the level's policies
 */
public record PolicyTarget(PolicyScope scope, String scopeId, boolean active, boolean writable) {

    /** Which policies a route addresses: model policies (user scope too) or routing policies (no user scope). */
    public enum Kind {
        MODEL("tenant, department, project or user"),
        ROUTING("tenant, department or project");

        private final String scopes;

        Kind(String scopes) {
            this.scopes = scopes;
        }

        boolean takes(PolicyScope scope) {
            return this == MODEL || scope.takesRoutingPolicies();
        }

        /** The level a {@code scope} value names: 400 ({@code param: "scope"}) for anything this kind of policy is not set on. */
        public PolicyScope scope(String wire) {
            return PolicyScope.fromWire(wire).filter(this::takes)
                    .orElseThrow(() -> AdminException.invalid("scope", "'scope' must be " + scopes + "."));
        }
    }

    /**
     * The target of {@code call}'s {@code scope} and {@code scopeId} path parameters in {@code tenantId}
     * (already checked visible): 400 for a bad scope or a tenant scopeId other than the tenant's id,
     * 404 for a department, project or user that does not exist or the caller cannot see.
     */
    public static PolicyTarget resolve(AccountStore accounts, AdminCall call, String tenantId, Kind kind) {
        PolicyScope scope = kind.scope(call.raw("scope"));
        return resolve(accounts, call.caller(), tenantId, scope, call.id("scopeId"));
    }

    /**
     * The target {@code scope} and {@code scopeId} name for {@code caller} in {@code tenantId} (already
     * checked visible), when they come from elsewhere than the path (a request body's fields, of the
     * same names): the same answers as {@link #resolve(AccountStore, AdminCall, String, Kind)}.
     */
    public static PolicyTarget resolve(AccountStore accounts, Caller caller, String tenantId, PolicyScope scope, String scopeId) {
        AdminException hidden = Visibility.notFound("scopeId", scope.wireName(), scopeId);
        boolean active;
        User person = null;
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
            case USER -> {
                person = accounts.findUser(tenantId, scopeId)
                        .filter(u -> Access.seesUser(caller, u))
                        .orElseThrow(() -> hidden);
                active = person.status() == EntityStatus.ACTIVE;
            }
            default -> throw new IllegalStateException(scope.name());
        }
        boolean writable = scope == PolicyScope.USER ? Access.maySetLimitsOf(caller, person)
                : Access.administersTenant(caller) || (Access.hasRole(caller, Role.DEPARTMENT_ADMIN) && scope == PolicyScope.PROJECT);
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
    public static Optional<PolicyScope> scopeFilter(AdminCall call, Kind kind) {
        return call.query("scope").map(kind::scope);
    }

    /**
     * Which levels' policies the caller may see in a list: all, or the tenant's, their department's
     * and its projects', and the user levels of the users they see (department admins: their
     * department's; members: their own).
     */
    public static BiPredicate<PolicyScope, String> visibleTo(Visibility visibility, Caller caller, String tenantId) {
        Optional<String> confined = Access.confinedTo(caller);
        if (confined.isEmpty()) {
            return (scope, scopeId) -> true;
        }
        Set<String> projects = visibility.projectIdsIn(tenantId, confined.get());
        Set<String> users = Access.hasRole(caller, Role.DEPARTMENT_ADMIN) ? visibility.userIdsIn(tenantId, confined.get()) : Set.of();
        return (scope, scopeId) -> switch (scope) {
            case TENANT -> true;
            case DEPARTMENT -> scopeId.equals(confined.get());
            case PROJECT -> projects.contains(scopeId);
            case USER -> Access.isSelf(caller, scopeId) || users.contains(scopeId);
        };
    }
}
