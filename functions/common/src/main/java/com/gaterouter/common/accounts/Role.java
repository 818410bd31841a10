package com.gaterouter.common.accounts;

import com.gaterouter.routing.WireNamed;
import java.util.Optional;

/**
 * A tenant user's role. The platform admin is not a tenant role: it is a credential outside any
 * tenant (IAM in AWS, the bootstrap admin key locally). The JSON spelling: {@code tenant_admin},
 * {@code department_admin}, {@code finance}, {@code member}.
 */
public enum Role implements WireNamed {
    /** Everything inside the tenant. */
    TENANT_ADMIN,
    /** Everything inside their own department; reads (not changes) the department's own budget and policy. */
    DEPARTMENT_ADMIN,
    /** Reads spend, budgets and analytics across the tenant; changes nothing. */
    FINANCE,
    /** Their own keys and their own usage. */
    MEMBER;

    public static Optional<Role> fromWire(String value) {
        return WireNamed.fromWire(Role.class, value);
    }

    /** Whether users with this role must belong to a department (tenant-wide roles need not). */
    public boolean needsDepartment() {
        return this == DEPARTMENT_ADMIN || this == MEMBER;
    }
}
