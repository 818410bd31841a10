package com.gaterouter.admin.tenants;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.Tenant;

/** A tenant as the admin API shows it. */
public final class TenantJson {

    private TenantJson() {
    }

    public static ObjectNode render(Tenant tenant) {
        ObjectNode node = Views.object();
        node.put("tenantId", tenant.tenantId());
        node.put("name", tenant.name());
        node.put("timeZone", tenant.timeZone().getId());
        // browser origins allowed to call /v1 with the tenant's keys (CORS); [] = none (the default)
        tenant.allowedOrigins().origins().forEach(node.putArray("allowedOrigins")::add);
        // whether members and department admins may create keys for themselves
        node.put("selfServiceKeys", tenant.selfServiceKeys());
        // what the app API does with request fields it does not know or the serving vendor cannot honour
        node.put("extraParameters", tenant.extraParameters().wireName());
        Views.putLifecycle(node, tenant.status(), tenant.createdAt(), tenant.updatedAt(), tenant.version());
        return node;
    }
}
