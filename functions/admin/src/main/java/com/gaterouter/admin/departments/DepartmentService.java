package com.gaterouter.admin.departments;

import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.keys.KeyService;
import com.gaterouter.admin.projects.ProjectService;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Ids;
import com.gaterouter.admin.support.Lists;
import com.gaterouter.admin.support.EntityEdits;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.EntityKind;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.Page;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Departments: created, renamed and archived by tenant admins; seen by whoever belongs to them. */
public final class DepartmentService {

    private final AccountStore accounts;
    private final Visibility visibility;
    private final ProjectService projects;
    private final KeyService keys;
    private final EntityEdits<Department> edits;

    public DepartmentService(AccountStore accounts, Visibility visibility, ProjectService projects, KeyService keys) {
        this.accounts = accounts;
        this.visibility = visibility;
        this.projects = projects;
        this.keys = keys;
        this.edits = new EntityEdits<>(accounts, EntityKind.DEPARTMENT, accounts::findDepartment, DepartmentJson::render,
                Department::status, (d, status, now) -> d.changed(d.name(), status, d.costCenter(), now));
    }

    /** {@code {name, costCenter?}}. */
    public Department create(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        JsonBody body = call.body().only("name", "costCenter");
        String name = Check.name(body.param("name"), body.requiredString("name"));
        Optional<String> costCenter = EntityEdits.costCenter(body);
        if (!Access.administersTenant(call.caller())) {
            throw AdminException.forbidden("Only tenant admins create departments.");
        }
        Department department = new Department(tenantId, Ids.department(), name, EntityStatus.ACTIVE, call.now(), call.now(), 1,
                costCenter);
        accounts.insert(department, Audit.entry(call, tenantId, "department.create", department.ref(), null,
                DepartmentJson.render(department)));
        return department;
    }

    /** {@code ?status=}; department admins and members see their own department only. */
    public Page<Department> list(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        call.allowQuery("limit", "nextToken", "status");
        Optional<EntityStatus> status = Lists.entityStatus(call);
        Predicate<Department> filter = d -> Access.seesDepartment(call.caller(), d.departmentId())
                && status.map(s -> d.status() == s).orElse(true);
        return accounts.listDepartments(tenantId, call.page(), filter);
    }

    public Department get(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        return visibility.department(call.caller(), tenantId, call.id("departmentId"), "departmentId");
    }

    /** {@code {name?, costCenter?}} ({@code costCenter: null} removes it). */
    public Department update(AdminCall call) {
        return edits.relabel(call, visibility.tenantId(call), current -> guardChange(call, current), Department::name,
                Department::costCenter, (d, name, costCenter, now) -> d.changed(name, d.status(), costCenter, now));
    }

    /**
     * Archives the department, then archives its projects and revokes every key of its projects
     * and of its users, each an audited write of its own (actor: the gateway, same request id).
     * Archiving an archived department runs the cascade again, so an interrupted one completes.
     */
    public Department archive(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        String departmentId = call.id("departmentId");
        Department archived = edits.archive(call, tenantId, departmentId, current -> guardChange(call, current));
        Actor system = Audit.system("cascade:department/" + departmentId);
        Set<String> users = visibility.userIdsIn(tenantId, departmentId);
        keys.revokeAll(call, tenantId, k -> k.departmentId().map(departmentId::equals).orElse(false) || users.contains(k.userId()), system);
        projects.archiveAll(call, tenantId, p -> p.departmentId().equals(departmentId), system);
        return archived;
    }

    private static void guardChange(AdminCall call, Department current) {
        if (!Access.seesDepartment(call.caller(), current.departmentId())) {
            throw Visibility.notFound("departmentId", "department", current.departmentId());
        }
        if (!Access.administersTenant(call.caller())) {
            throw Access.readOnly("departments");
        }
    }
}
