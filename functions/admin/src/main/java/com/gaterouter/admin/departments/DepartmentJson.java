package com.gaterouter.admin.departments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.Department;
import java.util.Locale;

/** A department as the admin API shows it. */
public final class DepartmentJson {

    private DepartmentJson() {
    }

    public static ObjectNode render(Department department) {
        ObjectNode node = Views.object();
        node.put("tenantId", department.tenantId());
        node.put("departmentId", department.departmentId());
        node.put("name", department.name());
        node.put("status", department.status().name().toLowerCase(Locale.ROOT));
        Views.putInstant(node, "createdAt", department.createdAt());
        Views.putInstant(node, "updatedAt", department.updatedAt());
        node.put("version", department.version());
        return node;
    }
}
