package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A project (a group of work) inside one department; app keys belong to a project.
 *
 * @param costCenter the finance cost-centre code its spend is charged to; empty: its department's
 */
public record Project(String tenantId, String projectId, String departmentId, String name, EntityStatus status,
                      Instant createdAt, Instant updatedAt, long version, Optional<String> costCenter)
        implements AccountEntity {

    /** A project without a cost centre of its own. */
    public Project(String tenantId, String projectId, String departmentId, String name, EntityStatus status,
                   Instant createdAt, Instant updatedAt, long version) {
        this(tenantId, projectId, departmentId, name, status, createdAt, updatedAt, version, Optional.empty());
    }

    public Project {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(costCenter, "costCenter");
    }

    /** This project with another name, status and cost centre, changed at {@code now}, one version up. */
    public Project changed(String name, EntityStatus status, Optional<String> costCenter, Instant now) {
        return new Project(tenantId, projectId, departmentId, name, status, createdAt, now, version + 1, costCenter);
    }
}
