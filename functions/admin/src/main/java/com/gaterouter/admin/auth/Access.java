package com.gaterouter.admin.auth;

import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.User;
import java.util.Optional;

/**
 * The admin API's authorization rules in one place (spec "Roles and who may do what"). Two
 * questions, always in this order: may the caller <em>see</em> the thing (no → 404, exactly as if
 * it did not exist), and may they <em>do</em> this to it (no → 403).
 *
 * <ul>
 *   <li>platform admins: everything, every tenant;
 *   <li>tenant admins: everything in their tenant;
 *   <li>finance: sees the whole tenant except keys (403) and the audit log (403); changes nothing;
 *   <li>department admins: their department and what is in it;
 *   <li>members: their department and its projects, themselves, their own keys.
 * </ul>
 * Another tenant is invisible to every tenant user.
 */
public final class Access {

    private Access() {
    }

    /** A tenant user addressing another tenant gets the same 404 as for a tenant that does not exist. */
    public static void requireTenantVisible(Caller caller, String tenantId) {
        if (caller instanceof Caller.TenantUser user && !user.tenantId().equals(tenantId)) {
            throw tenantNotFound(tenantId);
        }
    }

    public static AdminException tenantNotFound(String tenantId) {
        return AdminException.notFound("tenantId", "No tenant '" + tenantId + "'.");
    }

    public static boolean isPlatform(Caller caller) {
        return caller instanceof Caller.PlatformAdmin;
    }

    /** Platform admins and tenant admins: may change anything in the tenant. */
    public static boolean administersTenant(Caller caller) {
        return caller instanceof Caller.PlatformAdmin || role(caller) == Role.TENANT_ADMIN;
    }

    /** Platform, tenant admins and finance see every department, project and user of the tenant. */
    public static boolean seesWholeTenant(Caller caller) {
        return administersTenant(caller) || role(caller) == Role.FINANCE;
    }

    public static boolean hasRole(Caller caller, Role role) {
        return role(caller) == role;
    }

    public static boolean isSelf(Caller caller, String userId) {
        return caller instanceof Caller.TenantUser user && user.userId().equals(userId);
    }

    /** The department a department admin or member is confined to; empty for everyone else. */
    public static Optional<String> confinedTo(Caller caller) {
        if (caller instanceof Caller.TenantUser user && user.role().needsDepartment()) {
            return Optional.of(user.departmentId().orElse("\u0000none"));
        }
        return Optional.empty();
    }

    public static boolean seesDepartment(Caller caller, String departmentId) {
        return confinedTo(caller).map(departmentId::equals).orElse(true);
    }

    public static boolean seesUser(Caller caller, User user) {
        if (seesWholeTenant(caller)) {
            return true;
        }
        if (hasRole(caller, Role.DEPARTMENT_ADMIN)) {
            return user.departmentId().map(d -> seesDepartment(caller, d)).orElse(false);
        }
        return isSelf(caller, user.userId());
    }

    /**
     * Whether the caller may see a key at all (finance may, but is refused its details: 403). A
     * department admin sees keys that spend in their department and keys of their department's users.
     */
    public static boolean seesKey(Caller caller, ManagedKey key, Optional<User> owner) {
        if (seesWholeTenant(caller)) {
            return true;
        }
        if (isSelf(caller, key.userId())) {
            return true;
        }
        if (hasRole(caller, Role.DEPARTMENT_ADMIN)) {
            return key.departmentId().map(d -> seesDepartment(caller, d)).orElse(false)
                    || owner.flatMap(User::departmentId).map(d -> seesDepartment(caller, d)).orElse(false);
        }
        return false;
    }

    /**
     * Whether the caller may set or remove the limits that bind {@code person} — user-scope model
     * policies and budgets, and the model lists and budgets of the person's keys: platform and
     * tenant admins for anyone; department admins for the members and department admins of their
     * department <em>other than themselves</em>. Nobody else, and nobody for themselves: a limit
     * that binds you is not yours to loosen.
     */
    public static boolean maySetLimitsOf(Caller caller, User person) {
        if (administersTenant(caller)) {
            return true;
        }
        return hasRole(caller, Role.DEPARTMENT_ADMIN) && !isSelf(caller, person.userId()) && seesUser(caller, person)
                && departmentAdminMayManage(person.role());
    }

    /**
     * Whether the caller may create a key for {@code owner} in a tenant that does or does not allow
     * self-service keys: platform and tenant admins for anyone; department admins for the members
     * and department admins of their department; members and department admins for themselves
     * only when the tenant allows self-service keys. Finance: never.
     */
    public static boolean mayMintKeysFor(Caller caller, User owner, boolean selfServiceKeys) {
        if (administersTenant(caller)) {
            return true;
        }
        if (hasRole(caller, Role.FINANCE)) {
            return false;
        }
        if (isSelf(caller, owner.userId())) {
            return selfServiceKeys;
        }
        return hasRole(caller, Role.DEPARTMENT_ADMIN) && seesUser(caller, owner) && departmentAdminMayManage(owner.role());
    }

    /** Roles a department admin may hand out and whose users (and keys) they may manage. */
    public static boolean departmentAdminMayManage(Role role) {
        return role == Role.MEMBER || role == Role.DEPARTMENT_ADMIN;
    }

    public static AdminException readOnly(String what) {
        return AdminException.forbidden("Your role may not change " + what + ".");
    }

    private static Role role(Caller caller) {
        return caller instanceof Caller.TenantUser user ? user.role() : null;
    }
}
