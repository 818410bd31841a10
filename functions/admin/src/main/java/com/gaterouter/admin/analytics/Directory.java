package com.gaterouter.admin.analytics;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.ManagedKey;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.User;
import com.gaterouter.common.rollup.RollupDimension;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One request's view of a tenant's departments, projects, users and keys, each kind read once (all
 * pages) and only when a report needs it: roll-ups carry ids, people want names. A department
 * admin's directory holds only their department's: a user who spent through the department's keys
 * but has since moved to another department shows by id, not by name (as the users API would hide them).
 */
final class Directory {

    private final AccountStore accounts;
    private final String tenantId;
    private final Optional<String> confinedTo;
    private Map<String, Department> departments;
    private Map<String, Project> projects;
    private Map<String, User> users;
    private Map<String, ManagedKey> keys;

    Directory(AccountStore accounts, AnalyticsScope scope) {
        this.accounts = accounts;
        this.tenantId = scope.tenantId();
        this.confinedTo = scope.namesOf();
    }

    private boolean in(Optional<String> departmentId) {
        return confinedTo.isEmpty() || confinedTo.equals(departmentId);
    }

    Map<String, Department> departments() {
        if (departments == null) {
            departments = all(page -> accounts.listDepartments(tenantId, page, d -> in(Optional.of(d.departmentId()))), Department::departmentId);
        }
        return departments;
    }

    Map<String, Project> projects() {
        if (projects == null) {
            projects = all(page -> accounts.listProjects(tenantId, page, p -> in(Optional.of(p.departmentId()))), Project::projectId);
        }
        return projects;
    }

    Map<String, User> users() {
        if (users == null) {
            users = all(page -> accounts.listUsers(tenantId, page, u -> in(u.departmentId())), User::userId);
        }
        return users;
    }

    Map<String, ManagedKey> keys() {
        if (keys == null) {
            keys = all(page -> accounts.listKeys(tenantId, page, k -> in(k.departmentId())), ManagedKey::keyId);
        }
        return keys;
    }

    /** The readable name of a department, project, user or key id; empty for other dimensions and unknown ids. */
    Optional<String> name(RollupDimension dimension, String value) {
        return switch (dimension) {
            case DEPARTMENT -> Optional.ofNullable(departments().get(value)).map(Department::name);
            case PROJECT -> Optional.ofNullable(projects().get(value)).map(Project::name);
            case USER -> Optional.ofNullable(users().get(value)).map(User::name);
            case KEY -> Optional.ofNullable(keys().get(value)).map(ManagedKey::name);
            default -> Optional.empty();
        };
    }

    /** Whether rows of this dimension carry a {@code name}. */
    static boolean named(RollupDimension dimension) {
        return switch (dimension) {
            case DEPARTMENT, PROJECT, USER, KEY -> true;
            default -> false;
        };
    }

    private static <T> Map<String, T> all(Function<PageRequest, Page<T>> list, Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (true) {
            Page<T> result = list.apply(page);
            result.items().forEach(item -> byId.put(id.apply(item), item));
            if (result.nextToken().isEmpty()) {
                return Collections.unmodifiableMap(byId);
            }
            page = new PageRequest(PageRequest.MAX_LIMIT, result.nextToken());
        }
    }
}
