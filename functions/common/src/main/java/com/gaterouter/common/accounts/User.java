package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A person in a tenant. Members and department admins belong to a department; tenant admins and
 * finance may (it is where their own spend is counted) but need not. Emails are unique per tenant,
 * compared case-insensitively.
 */
public record User(String tenantId, String userId, String email, String name, Optional<String> departmentId, Role role,
                   EntityStatus status, Instant createdAt, Instant updatedAt, long version) implements AccountEntity {

    public User {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        departmentId = Objects.requireNonNullElse(departmentId, Optional.empty());
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (role.needsDepartment() && departmentId.isEmpty()) {
            throw new IllegalArgumentException("a " + role.wireName() + " must belong to a department");
        }
    }

    /** The uniqueness key for {@link #email()}. */
    public String normalisedEmail() {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
