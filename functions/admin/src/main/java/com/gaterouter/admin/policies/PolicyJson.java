package com.gaterouter.admin.policies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.ScopePolicy;

/** A model policy as the admin API shows it. */
public final class PolicyJson {

    private PolicyJson() {
    }

    public static ObjectNode render(ScopePolicy policy) {
        ObjectNode node = Views.object();
        node.put("tenantId", policy.tenantId());
        node.put("scope", policy.scope().wireName());
        node.put("scopeId", policy.scopeId());
        Views.putSorted(node, "allowedModels", policy.models().allow());
        Views.putSorted(node, "deniedModels", policy.models().deny());
        Views.putInstant(node, "createdAt", policy.createdAt());
        Views.putInstant(node, "updatedAt", policy.updatedAt());
        node.put("version", policy.version());
        return node;
    }
}
