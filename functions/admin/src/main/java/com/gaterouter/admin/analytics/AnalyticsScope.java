package com.gaterouter.admin.analytics;

import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Caller;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.Role;
import com.gaterouter.common.accounts.Tenant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Whose spend a caller's analytics cover. Platform admins, tenant admins and finance see the whole
 * tenant (and may narrow it to one department with {@code ?departmentId=}); department admins see
 * only the spend charged to their own department (naming another department is 404, as everywhere
 * else); members see no analytics (403) — their own spend is in their budgets.
 *
 * <p>"Charged to a department" is the usage record's department, which is its key's: an app key
 * belongs to one project and that project's department for life, so key-level roll-ups attribute
 * exactly to departments.
 *
 * @param tenant       the tenant, already checked visible
 * @param departmentId empty: the whole tenant; present: only this department's spend
 * @param today        the current UTC day (the analytics calendar is UTC, like the roll-ups')
 * @param namesOf      the department whose people and things the caller may see by name (a department
 *                     admin's own); empty: the whole tenant's
 */
record AnalyticsScope(Tenant tenant, Optional<String> departmentId, LocalDate today, Optional<String> namesOf) {

    public String tenantId() {
        return tenant.tenantId();
    }

    public boolean confined() {
        return departmentId.isPresent();
    }

    /**
     * The scope of {@code call}, checked in the admin API's order: the tenant (404) → the role (403)
     * → the query (400 for unknown parameters; {@code allowedQuery} lists the route's own) → the
     * department named by {@code ?departmentId=} (404 unless the caller sees it).
     */
    static AnalyticsScope resolve(Visibility visibility, AdminCall call, String... allowedQuery) {
        Caller caller = call.caller();
        Tenant tenant = visibility.tenant(caller, call.tenantId());
        boolean wholeTenant = Access.seesWholeTenant(caller);
        if (!wholeTenant && !Access.hasRole(caller, Role.DEPARTMENT_ADMIN)) {
            throw AdminException.forbidden("Your role may not read analytics; tenant admins, finance and department admins may.");
        }
        call.allowQuery(allowedQuery);
        Optional<String> requested = call.queryId("departmentId");
        Optional<String> department;
        if (requested.isPresent()) {
            // visibility answers 404 for another department of a department admin, exactly as for a missing one
            department = Optional.of(visibility.department(caller, tenant.tenantId(), requested.get(), "departmentId").departmentId());
        } else {
            department = wholeTenant ? Optional.empty() : Access.confinedTo(caller);
        }
        return new AnalyticsScope(tenant, department, LocalDate.ofInstant(call.now(), ZoneOffset.UTC),
                wholeTenant ? Optional.empty() : Access.confinedTo(caller));
    }
}
