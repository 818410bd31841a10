package com.gaterouter.admin.departments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.Department;

/** A department as the admin API shows it. */
public final class DepartmentJson {

    private DepartmentJson() {
    }

    public static ObjectNode render(Department department) {
        ObjectNode node = Views.object();
        node.put("tenantId", department.tenantId());
        node.put("departmentId", department.departmentId());
        node.put("name", department.name());
        Views.put(node, "costCenter", department.costCenter());
        Views.putLifecycle(node, department.status(), department.createdAt(), department.updatedAt(), department.version());
        return node;
    }
}
