package com.gaterouter.admin.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.User;

/** A user as the admin API shows it. */
public final class UserJson {

    private UserJson() {
    }

    public static ObjectNode render(User user) {
        ObjectNode node = Views.object();
        node.put("tenantId", user.tenantId());
        node.put("userId", user.userId());
        node.put("email", user.email());
        node.put("name", user.name());
        Views.put(node, "departmentId", user.departmentId());
        node.put("role", user.role().wireName());
        Views.putLifecycle(node, user.status(), user.createdAt(), user.updatedAt(), user.version());
        return node;
    }
}
