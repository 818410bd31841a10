package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Objects;

/** A project (a group of work) inside one department; app keys belong to a project. */
public record Project(String tenantId, String projectId, String departmentId, String name, EntityStatus status,
                      Instant createdAt, Instant updatedAt, long version) implements AccountEntity {

    public Project {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
