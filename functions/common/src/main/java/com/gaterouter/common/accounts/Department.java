package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A department of a tenant: users and projects belong to one.
 *
 * @param costCenter the finance cost-centre code its spend is charged to (its projects may name
 *                   their own); empty: none, so its spend is "unassigned" in chargeback
 */
public record Department(String tenantId, String departmentId, String name, EntityStatus status,
                         Instant createdAt, Instant updatedAt, long version, Optional<String> costCenter)
        implements AccountEntity {

    /** A department without a cost centre. */
    public Department(String tenantId, String departmentId, String name, EntityStatus status,
                      Instant createdAt, Instant updatedAt, long version) {
        this(tenantId, departmentId, name, status, createdAt, updatedAt, version, Optional.empty());
    }

    public Department {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(costCenter, "costCenter");
    }

    /** This department with another name, status and cost centre, changed at {@code now}, one version up. */
    public Department changed(String name, EntityStatus status, Optional<String> costCenter, Instant now) {
        return new Department(tenantId, departmentId, name, status, createdAt, now, version + 1, costCenter);
    }
}
