package com.gaterouter.admin.me;

import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Department;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.User;
import java.util.Optional;

/**
 * {@code GET /admin/v1/me}: who the authenticated caller is, so a client (the console) can decide
 * what to show without trying routes. Every authenticated caller may ask; the answer is only ever
 * about the caller. A tenant user's profile is read afresh, as the authenticator read it.
 */
public record MeService(AccountStore accounts) {

    public Me who(AdminCall call) {
        call.allowQuery();
        return switch (call.caller()) {
            case Caller.PlatformAdmin admin -> new Me.Platform(admin.principal());
            case Caller.TenantUser caller -> {
                // the authenticator has just read both; gone since then is a race, answered like a revoked key
                Tenant tenant = accounts.findTenant(caller.tenantId()).orElseThrow(MeService::gone);
                User user = accounts.findUser(caller.tenantId(), caller.userId()).orElseThrow(MeService::gone);
                Optional<String> departmentName = caller.departmentId()
                        .flatMap(d -> accounts.findDepartment(caller.tenantId(), d))
                        .map(Department::name);
                yield new Me.TenantUser(tenant.tenantId(), tenant.name(), user.userId(), user.name(), user.email(), caller.role(),
                        caller.departmentId(), departmentName, caller.keyId());
            }
        };
    }

    private static AdminException gone() {
        return AdminException.unauthorized("Missing, invalid or revoked admin key.");
    }
}
