package com.gaterouter.admin.auth;

import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Loads what a request names and answers 404 unless the caller may see it ({@link Access}): a
 * missing thing and a hidden thing give the same answer, so ids cannot be probed.
 */
public final class Visibility {

    private final AccountStore accounts;

    public Visibility(AccountStore accounts) {
        this.accounts = accounts;
    }

    /** The tenant, if the caller may address it: always first, so another tenant never gets past here. */
    /** The account store it reads (for a service that acts without a caller: the scheduled fetch). */
    public AccountStore accounts() {
        return accounts;
    }

    public Tenant tenant(Caller caller, String tenantId) {
        Access.requireTenantVisible(caller, tenantId);
        return accounts.findTenant(tenantId).orElseThrow(() -> Access.tenantNotFound(tenantId));
    }

    /** The id of the tenant {@code call} addresses, if its caller may address it ({@link #tenant}). */
    public String tenantId(AdminCall call) {
        return tenant(call.caller(), call.tenantId()).tenantId();
    }

    public Department department(Caller caller, String tenantId, String departmentId, String param) {
        return accounts.findDepartment(tenantId, departmentId)
                .filter(d -> Access.seesDepartment(caller, d.departmentId()))
                .orElseThrow(() -> notFound(param, "department", departmentId));
    }

    public Project project(Caller caller, String tenantId, String projectId, String param) {
        return accounts.findProject(tenantId, projectId)
                .filter(p -> Access.seesDepartment(caller, p.departmentId()))
                .orElseThrow(() -> notFound(param, "project", projectId));
    }

    public User user(Caller caller, String tenantId, String userId, String param) {
        return accounts.findUser(tenantId, userId)
                .filter(u -> Access.seesUser(caller, u))
                .orElseThrow(() -> notFound(param, "user", userId));
    }

    /** A key and its owner (needed for the department admin's rules), if the caller may see the key. */
    public OwnedKey key(Caller caller, String tenantId, String keyId, String param) {
        ManagedKey key = accounts.findKey(tenantId, keyId).orElseThrow(() -> notFound(param, "key", keyId));
        Optional<User> owner = accounts.findUser(tenantId, key.userId());
        if (!Access.seesKey(caller, key, owner)) {
            throw notFound(param, "key", keyId);
        }
        return new OwnedKey(key, owner);
    }

    public record OwnedKey(ManagedKey key, Optional<User> owner) {
    }

    public static AdminException notFound(String param, String kind, String id) {
        return AdminException.notFound(param, "No " + kind + " '" + id + "'.");
    }

    /** Every id of a list's matches (all pages): for visibility sets such as "the projects of my department". */
    public static <T> Set<String> allIds(Function<PageRequest, Page<T>> list, Function<T, String> id) {
        Set<String> ids = new HashSet<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<T> result = list.apply(page);
            result.items().forEach(item -> ids.add(id.apply(item)));
            if (result.nextToken().isEmpty()) {
                return ids;
            }
            page = new PageRequest(PageRequest.MAX_LIMIT, result.nextToken());
        }
    }

    public Set<String> userIdsIn(String tenantId, String departmentId) {
        Predicate<User> inDepartment = u -> u.departmentId().map(departmentId::equals).orElse(false);
        return allIds(page -> accounts.listUsers(tenantId, page, inDepartment), User::userId);
    }

    public Set<String> projectIdsIn(String tenantId, String departmentId) {
        return allIds(page -> accounts.listProjects(tenantId, page, p -> p.departmentId().equals(departmentId)), Project::projectId);
    }

    /**
     * A predicate for lists of keys: what the caller may see. Department admins need their
     * department's users (keys of their users spend elsewhere too), read once per list.
     */
    public Predicate<ManagedKey> keyFilter(Caller caller, String tenantId) {
        if (Access.seesWholeTenant(caller)) {
            return k -> true;
        }
        if (Access.hasRole(caller, Role.DEPARTMENT_ADMIN)) {
            String department = Access.confinedTo(caller).orElseThrow();
            Set<String> users = userIdsIn(tenantId, department);
            return k -> k.departmentId().map(department::equals).orElse(false) || users.contains(k.userId())
                    || Access.isSelf(caller, k.userId());
        }
        return k -> Access.isSelf(caller, k.userId());
    }
}
