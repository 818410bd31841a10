package com.gaterouter.admin.projects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.Project;

/** A project as the admin API shows it. */
public final class ProjectJson {

    private ProjectJson() {
    }

    public static ObjectNode render(Project project) {
        ObjectNode node = Views.object();
        node.put("tenantId", project.tenantId());
        node.put("projectId", project.projectId());
        node.put("departmentId", project.departmentId());
        node.put("name", project.name());
        Views.put(node, "costCenter", project.costCenter());
        Views.putLifecycle(node, project.status(), project.createdAt(), project.updatedAt(), project.version());
        return node;
    }
}
