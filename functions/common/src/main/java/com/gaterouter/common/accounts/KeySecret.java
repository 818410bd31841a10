package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One secret of a key, known only by its SHA-256. The current secret has no {@code validUntil};
 * after a rotation the previous one keeps working until its {@code validUntil} (the grace period).
 */
public record KeySecret(String hash, Optional<Instant> validUntil) {

    public KeySecret {
        Objects.requireNonNull(hash, "hash");
        validUntil = Objects.requireNonNullElse(validUntil, Optional.empty());
    }
}
