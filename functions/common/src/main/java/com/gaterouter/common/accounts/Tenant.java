package com.gaterouter.common.accounts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * An enterprise account. Its time zone decides where its days and months begin for budgets; its
 * allowed origins which browser apps may read the app API's answers to its keys (CORS); its
 * extra-parameters policy whether the app API refuses or drops request fields it cannot honour.
 *
 * @param selfServiceKeys whether members and department admins may create keys for themselves
 *                        (true, the default); when false only an admin above them mints their keys
 * @param extraParameters what the app API does with request fields it does not know or the serving
 *                        vendor cannot honour ({@link ExtraParameters#REJECT}, the default, or drop them)
 */
public record Tenant(String tenantId, String name, ZoneId timeZone, EntityStatus status,
                     Instant createdAt, Instant updatedAt, long version, AllowedOrigins allowedOrigins,
                     boolean selfServiceKeys, ExtraParameters extraParameters) implements AccountEntity {

    public Tenant {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        allowedOrigins = Objects.requireNonNullElse(allowedOrigins, AllowedOrigins.NONE);
        extraParameters = Objects.requireNonNullElse(extraParameters, ExtraParameters.REJECT);
    }

    /** A tenant that rejects unknown and unsupported request fields (the default). */
    public Tenant(String tenantId, String name, ZoneId timeZone, EntityStatus status, Instant createdAt, Instant updatedAt,
                  long version, AllowedOrigins allowedOrigins, boolean selfServiceKeys) {
        this(tenantId, name, timeZone, status, createdAt, updatedAt, version, allowedOrigins, selfServiceKeys,
                ExtraParameters.REJECT);
    }

    /** A tenant that allows self-service keys and rejects unknown request fields (the defaults). */
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
