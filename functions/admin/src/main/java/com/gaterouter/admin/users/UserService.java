package com.gaterouter.admin.users;

import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.keys.KeyService;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Ids;
import com.gaterouter.admin.support.EntityEdits;
import com.gaterouter.admin.support.Lists;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityKind;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.accounts.WriteRejectedException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Users. Tenant admins manage everyone; department admins manage members and department admins
 * of their own department (and may not hand out tenant_admin or finance); members see themselves.
 */
public final class UserService {

    private final AccountStore accounts;
    private final Visibility visibility;
    private final KeyService keys;
    private final EntityEdits<User> edits;

    public UserService(AccountStore accounts, Visibility visibility, KeyService keys) {
        this.accounts = accounts;
        this.visibility = visibility;
        this.keys = keys;
        this.edits = new EntityEdits<>(accounts, EntityKind.USER, accounts::findUser, UserJson::render, User::status,
                (u, status, now) -> new User(u.tenantId(), u.userId(), u.email(), u.name(), u.departmentId(), u.role(), status,
                        u.createdAt(), now, u.version() + 1));
    }

    /** {@code {email, name, departmentId?, role}}. */
    public User create(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        JsonBody body = call.body().only("email", "name", "departmentId", "role");
        String email = Check.email(body.param("email"), body.requiredString("email"));
        String name = Check.name(body.param("name"), body.requiredString("name"));
        Role role = role(body, body.requiredString("role"));
        Optional<String> departmentId = body.string("departmentId").map(d -> Check.id(body.param("departmentId"), d));
        if (role.needsDepartment() && departmentId.isEmpty()) {
            throw AdminException.invalid("departmentId", "A " + role.wireName() + " belongs to a department: 'departmentId' is required.");
        }
        Optional<Department> department = departmentId.map(d -> visibility.department(call.caller(), tenantId, d, "departmentId"));
        Caller caller = call.caller();
        if (!Access.administersTenant(caller)) {
            if (!Access.hasRole(caller, Role.DEPARTMENT_ADMIN)) {
                throw AdminException.forbidden("Your role may not create users.");
            }
            if (!Access.departmentAdminMayManage(role)) {
                throw AdminException.forbidden("role", "Department admins may create members and department admins only.");
            }
            if (department.isEmpty()) {
                throw AdminException.forbidden("departmentId", "Department admins create users in their own department.");
            }
        }
        if (department.isPresent() && department.get().status() != EntityStatus.ACTIVE) {
            throw AdminException.conflict("parent_archived", "departmentId", "Department '" + departmentId.get() + "' is archived.");
        }
        return insert(call, tenantId, email, name, departmentId, role);
    }

    /** Creates a user (already authorized and validated). */
    private User insert(AdminCall call, String tenantId, String email, String name, Optional<String> departmentId, Role role) {
        User user = newUser(call, tenantId, email, name, departmentId, role);
        try {
            accounts.insert(user, Audit.entry(call, tenantId, "user.create", user.ref(), null, UserJson.render(user)));
        } catch (WriteRejectedException e) {
            if (e.reason() == WriteRejectedException.Reason.ALREADY_EXISTS) {
                throw emailTaken(email);
            }
            throw e;
        }
        return user;
    }

    /** A new active user, not yet stored (a new tenant's first admin is stored with its tenant). */
    public static User newUser(AdminCall call, String tenantId, String email, String name, Optional<String> departmentId, Role role) {
        return new User(tenantId, Ids.user(), email, name, departmentId, role, EntityStatus.ACTIVE, call.now(), call.now(), 1);
    }

    /** Storing {@code user} with its audit entry. */
    public static AccountStore.Insertion insertion(AdminCall call, User user) {
        return new AccountStore.Insertion(user, Audit.entry(call, user.tenantId(), "user.create", user.ref(), null, UserJson.render(user)));
    }

    /** {@code ?departmentId= &status= &role=}; department admins see their department's users, members themselves. */
    public Page<User> list(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        call.allowQuery("limit", "nextToken", "departmentId", "status", "role");
        Optional<String> departmentId = call.queryId("departmentId");
        departmentId.ifPresent(d -> visibility.department(call.caller(), tenantId, d, "departmentId"));
        Optional<EntityStatus> status = Lists.entityStatus(call);
        Optional<Role> role = call.query("role").map(r -> Role.fromWire(r)
                .orElseThrow(() -> AdminException.invalid("role", "'role' must be tenant_admin, department_admin, finance or member.")));
        Predicate<User> filter = u -> Access.seesUser(call.caller(), u)
                && departmentId.map(d -> u.departmentId().map(d::equals).orElse(false)).orElse(true)
                && status.map(s -> u.status() == s).orElse(true)
                && role.map(r -> u.role() == r).orElse(true);
        return accounts.listUsers(tenantId, call.page(), filter);
    }

    public User get(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        return visibility.user(call.caller(), tenantId, call.id("userId"), "userId");
    }

    /** {@code {name?, email?, role?, departmentId?}} ({@code departmentId: null} takes a tenant-wide user out of departments). */
    public User update(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        String userId = call.id("userId");
        JsonBody body = call.body().only("name", "email", "role", "departmentId");
        Optional<String> name = body.patched("name", Check::name);
        Optional<String> email = body.patched("email", Check::email);
        Optional<Role> role = body.has("role") ? Optional.of(role(body, body.string("role").orElse(""))) : Optional.empty();
        boolean departmentGiven = body.has("departmentId");
        Optional<String> departmentId = body.string("departmentId").map(d -> Check.id(body.param("departmentId"), d));
        Caller caller = call.caller();
        Optional<Department> department = departmentId.map(d -> visibility.department(caller, tenantId, d, "departmentId"));

        Versioned.Result<User> result;
        try {
            result = edits.edit(call, tenantId, userId,
                    current -> {
                        guardChange(call, current);
                        if (!Access.administersTenant(caller) && role.isPresent() && !Access.departmentAdminMayManage(role.get())) {
                            throw AdminException.forbidden("role", "Department admins may give the roles member and department_admin only.");
                        }
                    },
                    "update",
                    current -> {
                        Optional<String> newDepartment = departmentGiven ? departmentId : current.departmentId();
                        Role newRole = role.orElse(current.role());
                        if (newRole.needsDepartment() && newDepartment.isEmpty()) {
                            throw AdminException.invalid("departmentId", "A " + newRole.wireName() + " belongs to a department.");
                        }
                        if (!newDepartment.equals(current.departmentId()) && department.isPresent()
                                && department.get().status() != EntityStatus.ACTIVE) {
                            throw AdminException.conflict("parent_archived", "departmentId", "Department '" + newDepartment.get() + "' is archived.");
                        }
                        User updated = new User(tenantId, userId, email.orElse(current.email()), name.orElse(current.name()),
                                newDepartment, newRole, current.status(), current.createdAt(), call.now(), current.version() + 1);
                        return sameContent(current, updated) ? Optional.empty() : Optional.of(updated);
                    });
        } catch (WriteRejectedException e) {
            if (e.reason() == WriteRejectedException.Reason.ALREADY_EXISTS) {
                throw emailTaken(email.orElse(""));
            }
            throw e;
        }
        if (result.changed()) {
            // admin keys carry their user's department (app keys their project's): follow the move
            keys.followUserDepartment(call, result.entity(), Audit.system("cascade:user/" + userId));
        }
        return result.entity();
    }

    /** Archives the user and revokes their keys (again, if archived already). */
    public User archive(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        String userId = call.id("userId");
        User archived = edits.archive(call, tenantId, userId, current -> guardChange(call, current));
        keys.revokeAll(call, tenantId, k -> k.userId().equals(userId), Audit.system("cascade:user/" + userId));
        return archived;
    }

    private static void guardChange(AdminCall call, User current) {
        Caller caller = call.caller();
        if (!Access.seesUser(caller, current)) {
            throw Visibility.notFound("userId", "user", current.userId());
        }
        if (Access.administersTenant(caller)) {
            return;
        }
        if (!Access.hasRole(caller, Role.DEPARTMENT_ADMIN)) {
            throw Access.readOnly("users");
        }
        if (!Access.departmentAdminMayManage(current.role())) {
            throw AdminException.forbidden("Department admins manage members and department admins only.");
        }
    }

    private static boolean sameContent(User a, User b) {
        return a.email().equals(b.email()) && a.name().equals(b.name()) && a.departmentId().equals(b.departmentId())
                && a.role() == b.role();
    }

    private static Role role(JsonBody body, String value) {
        return Role.fromWire(value.toLowerCase(Locale.ROOT).equals(value) ? value : "")
                .orElseThrow(() -> AdminException.invalid(body.param("role"), "'role' must be tenant_admin, department_admin, finance or member."));
    }

    private static AdminException emailTaken(String email) {
        return AdminException.conflict("email_taken", "email", "A user with email '" + email + "' exists already in this tenant.");
    }
}
