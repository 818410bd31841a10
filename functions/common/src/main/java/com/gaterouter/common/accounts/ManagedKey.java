package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An API key as the admin API manages it (the Accounts item). The router authenticates against
 * its projection, one {@link ApiKeyRecord} per secret in the ApiKeys table, which the store writes
 * in the same transaction. App keys carry their project and its department; admin keys carry
 * their user's department, if any, and no project.
 *
 * @param secrets the current secret first, then any previous one still inside its grace period
 */
public record ManagedKey(String tenantId, String keyId, String name, KeyType type, String userId,
                         Optional<String> departmentId, Optional<String> projectId, KeyStatus status,
                         ModelPolicy models, List<KeySecret> secrets,
                         Instant createdAt, Optional<Instant> expiresAt, Optional<Instant> rotatedAt,
                         Optional<Instant> revokedAt, Optional<Instant> lastUsedAt,
                         Instant updatedAt, long version) implements AccountEntity {

    public ManagedKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(userId, "userId");
        departmentId = Objects.requireNonNullElse(departmentId, Optional.empty());
        projectId = Objects.requireNonNullElse(projectId, Optional.empty());
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(models, "models");
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(createdAt, "createdAt");
        expiresAt = Objects.requireNonNullElse(expiresAt, Optional.empty());
        rotatedAt = Objects.requireNonNullElse(rotatedAt, Optional.empty());
        revokedAt = Objects.requireNonNullElse(revokedAt, Optional.empty());
        lastUsedAt = Objects.requireNonNullElse(lastUsedAt, Optional.empty());
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a key has at least one secret");
        }
        if (type == KeyType.APP && (projectId.isEmpty() || departmentId.isEmpty())) {
            throw new IllegalArgumentException("an app key belongs to a project and its department");
        }
        if (type == KeyType.ADMIN && projectId.isPresent()) {
            throw new IllegalArgumentException("an admin key belongs to no project");
        }
    }

    /** The projection the router authenticates: one record per secret. */
    public List<ApiKeyRecord> authRecords() {
        return secrets.stream().map(secret -> new ApiKeyRecord(secret.hash(), keyId, name, type, tenantId, userId,
                departmentId, projectId, status, createdAt, expiresAt, secret.validUntil(), models)).toList();
    }
}
