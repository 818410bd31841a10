package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An API key as stored: everything but the secret, which exists only as its SHA-256
 * ({@link #keyHash()}). {@code allowedModels} empty means "no key-level restriction".
 */
public record ApiKeyRecord(
        String keyHash,
        String keyId,
        String name,
        Principal owner,
        KeyStatus status,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Set<String> allowedModels) {

    public ApiKeyRecord {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        expiresAt = Objects.requireNonNullElse(expiresAt, Optional.empty());
        allowedModels = Set.copyOf(allowedModels);
        if (!owner.keyId().equals(keyId)) {
            throw new IllegalArgumentException("owner.keyId must equal keyId");
        }
    }

    /** Whether the key may be used at {@code now}: active and not expired. */
    public boolean usableAt(Instant now) {
        return status == KeyStatus.ACTIVE && expiresAt.map(now::isBefore).orElse(true);
    }
}
