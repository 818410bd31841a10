package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Objects;

/** A department of a tenant: users and projects belong to one. */
public record Department(String tenantId, String departmentId, String name, EntityStatus status,
                         Instant createdAt, Instant updatedAt, long version) implements AccountEntity {

    public Department {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
