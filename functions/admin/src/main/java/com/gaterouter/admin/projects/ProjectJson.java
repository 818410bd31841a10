package com.gaterouter.admin.projects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.Project;
import java.util.Locale;

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
        node.put("status", project.status().name().toLowerCase(Locale.ROOT));
        Views.putInstant(node, "createdAt", project.createdAt());
        Views.putInstant(node, "updatedAt", project.updatedAt());
        node.put("version", project.version());
        return node;
    }
}
