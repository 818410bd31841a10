package com.gaterouter.common.accounts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/** An enterprise account. Its time zone decides where its days and months begin for budgets. */
public record Tenant(String tenantId, String name, ZoneId timeZone, EntityStatus status,
                     Instant createdAt, Instant updatedAt, long version) implements AccountEntity {

    public Tenant {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    @Override
    public EntityRef ref() {
        return new EntityRef(EntityKind.TENANT, tenantId);
    }
}
