package com.gaterouter.admin.projects;

import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.keys.KeyService;
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
import com.gaterouter.common.accounts.Project;
import com.gaterouter.common.accounts.Role;
import java.util.Optional;
import java.util.function.Predicate;

/** Projects: managed by tenant admins anywhere and by department admins in their department. */
public final class ProjectService {

    private final AccountStore accounts;
    private final Visibility visibility;
    private final KeyService keys;
    private final EntityEdits<Project> edits;

    public ProjectService(AccountStore accounts, Visibility visibility, KeyService keys) {
        this.accounts = accounts;
        this.visibility = visibility;
        this.keys = keys;
        this.edits = new EntityEdits<>(accounts, EntityKind.PROJECT, accounts::findProject, ProjectJson::render,
                Project::status, (p, status, now) -> p.changed(p.name(), status, p.costCenter(), now));
    }

    /** {@code {name, departmentId, costCenter?}}. */
    public Project create(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        JsonBody body = call.body().only("name", "departmentId", "costCenter");
        String name = Check.name(body.param("name"), body.requiredString("name"));
        Optional<String> costCenter = EntityEdits.costCenter(body);
        String departmentId = Check.id(body.param("departmentId"), body.requiredString("departmentId"));
        Department department = visibility.department(call.caller(), tenantId, departmentId, "departmentId");
        if (!mayManage(call, department.departmentId())) {
            throw AdminException.forbidden("Your role may not create projects.");
        }
        if (department.status() != EntityStatus.ACTIVE) {
            throw AdminException.conflict("parent_archived", "departmentId", "Department '" + departmentId + "' is archived.");
        }
        Project project = new Project(tenantId, Ids.project(), departmentId, name, EntityStatus.ACTIVE, call.now(), call.now(), 1,
                costCenter);
        accounts.insert(project, Audit.entry(call, tenantId, "project.create", project.ref(), null, ProjectJson.render(project)));
        return project;
    }

    /** {@code ?departmentId= &status=}. */
    public Page<Project> list(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        call.allowQuery("limit", "nextToken", "departmentId", "status");
        Optional<String> departmentId = call.queryId("departmentId");
        departmentId.ifPresent(d -> visibility.department(call.caller(), tenantId, d, "departmentId"));
        Optional<EntityStatus> status = Lists.entityStatus(call);
        Predicate<Project> filter = p -> Access.seesDepartment(call.caller(), p.departmentId())
                && departmentId.map(p.departmentId()::equals).orElse(true)
                && status.map(s -> p.status() == s).orElse(true);
        return accounts.listProjects(tenantId, call.page(), filter);
    }

    public Project get(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        return visibility.project(call.caller(), tenantId, call.id("projectId"), "projectId");
    }

    /** {@code {name?, costCenter?}} ({@code costCenter: null} removes it: the department's applies). */
    public Project update(AdminCall call) {
        return edits.relabel(call, visibility.tenantId(call), current -> guardChange(call, current), Project::name,
                Project::costCenter, (p, name, costCenter, now) -> p.changed(name, p.status(), costCenter, now));
    }

    /** Archives the project and revokes its keys (again, if it was archived already: the cascade is re-runnable). */
    public Project archive(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        String projectId = call.id("projectId");
        Project archived = edits.archive(call, tenantId, projectId, current -> guardChange(call, current));
        keys.revokeAll(call, tenantId, k -> k.projectId().map(projectId::equals).orElse(false),
                Audit.system("cascade:project/" + projectId));
        return archived;
    }

    /** Archives every active project matching {@code filter}, each its own audited write by {@code actor}. */
    public void archiveAll(AdminCall call, String tenantId, Predicate<Project> filter, Actor actor) {
        Predicate<Project> active = p -> p.status() == EntityStatus.ACTIVE && filter.test(p);
        for (String projectId : Visibility.allIds(page -> accounts.listProjects(tenantId, page, active), Project::projectId)) {
            edits.archive(call, actor, tenantId, projectId, current -> { }, Optional.empty());
        }
    }

    private static boolean mayManage(AdminCall call, String departmentId) {
        return Access.administersTenant(call.caller())
                || (Access.hasRole(call.caller(), Role.DEPARTMENT_ADMIN)
                && Access.seesDepartment(call.caller(), departmentId));
    }

    private static void guardChange(AdminCall call, Project current) {
        if (!Access.seesDepartment(call.caller(), current.departmentId())) {
            throw Visibility.notFound("projectId", "project", current.projectId());
        }
        if (!mayManage(call, current.departmentId())) {
            throw Access.readOnly("projects");
        }
    }
}
