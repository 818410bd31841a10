package com.gaterouter.admin.audit;

import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Page;

/** The tenant's audit log, newest first: tenant admins and platform admins only. */
public record AuditService(AccountStore accounts, Visibility visibility) {

    public Page<AuditEntry> list(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        call.allowQuery("limit", "nextToken");
        if (!Access.administersTenant(call.caller())) {
            throw AdminException.forbidden("Only tenant admins read the audit log.");
        }
        return accounts.audit(tenantId, call.page());
    }
}
