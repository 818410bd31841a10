package com.gaterouter.admin.me;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;

/** {@link Me} as the admin API shows it: {@code kind} {@code platform} or {@code user}, optional fields as {@code null}. */
public final class MeJson {

    private MeJson() {
    }

    public static ObjectNode render(Me me) {
        ObjectNode node = Views.object();
        switch (me) {
            case Me.Platform platform -> {
                node.put("kind", "platform");
                node.put("principal", platform.principal());
            }
            case Me.TenantUser user -> {
                node.put("kind", "user");
                node.put("tenantId", user.tenantId());
                node.put("tenantName", user.tenantName());
                node.put("userId", user.userId());
                node.put("name", user.name());
                node.put("email", user.email());
                node.put("role", user.role().wireName());
                Views.put(node, "departmentId", user.departmentId());
                Views.put(node, "departmentName", user.departmentName());
                node.put("keyId", user.keyId());
            }
        }
        return node;
    }
}
