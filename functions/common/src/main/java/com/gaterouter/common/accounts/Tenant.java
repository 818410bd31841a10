package com.gaterouter.common.accounts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * An enterprise account. Its time zone decides where its days and months begin for budgets; its
 * allowed origins which browser apps may read the app API's answers to its keys (CORS).
 *
 * @param selfServiceKeys whether members and department admins may create keys for themselves
 *                        (true, the default); when false only an admin above them mints their keys
 */
public record Tenant(String tenantId, String name, ZoneId timeZone, EntityStatus status,
                     Instant createdAt, Instant updatedAt, long version, AllowedOrigins allowedOrigins,
                     boolean selfServiceKeys) implements AccountEntity {

    public Tenant {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        allowedOrigins = Objects.requireNonNullElse(allowedOrigins, AllowedOrigins.NONE);
    }

    /** A tenant that allows self-service keys (the default). */
    public Tenant(String tenantId, String name, ZoneId timeZone, EntityStatus status, Instant createdAt, Instant updatedAt,
                  long version, AllowedOrigins allowedOrigins) {
        this(tenantId, name, timeZone, status, createdAt, updatedAt, version, allowedOrigins, true);
    }

    /** A tenant that allows no browser origin and self-service keys (the defaults). */
    public Tenant(String tenantId, String name, ZoneId timeZone, EntityStatus status, Instant createdAt, Instant updatedAt,
                  long version) {
        this(tenantId, name, timeZone, status, createdAt, updatedAt, version, AllowedOrigins.NONE, true);
    }
}
