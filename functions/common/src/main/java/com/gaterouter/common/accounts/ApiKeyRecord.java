package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One secret of an API key as the router sees it (the ApiKeys item): everything but the secret,
 * which exists only as its SHA-256 ({@link #keyHash()}). Written only as the projection of a
 * {@link ManagedKey}.
 *
 * @param graceUntil set on a rotated-out secret: it works until then
 * @param models     the key's own model policy (the tenant's, department's and project's come from the accounts table)
 */
public record ApiKeyRecord(
        String keyHash,
        String keyId,
        String name,
        KeyType type,
        String tenantId,
        String userId,
        Optional<String> departmentId,
        Optional<String> projectId,
        KeyStatus status,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> graceUntil,
        ModelPolicy models) {

    public ApiKeyRecord {
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        departmentId = Objects.requireNonNullElse(departmentId, Optional.empty());
        projectId = Objects.requireNonNullElse(projectId, Optional.empty());
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        expiresAt = Objects.requireNonNullElse(expiresAt, Optional.empty());
        graceUntil = Objects.requireNonNullElse(graceUntil, Optional.empty());
        models = Objects.requireNonNullElse(models, ModelPolicy.UNRESTRICTED);
        if (type == KeyType.APP && (departmentId.isEmpty() || projectId.isEmpty())) {
            throw new IllegalArgumentException("an app key belongs to a project and its department");
        }
    }

    /** An app key for {@code owner} (tests and seeding). */
    public ApiKeyRecord(String keyHash, String keyId, String name, Principal owner, KeyStatus status, Instant createdAt,
                        Optional<Instant> expiresAt, Set<String> allowedModels) {
        this(keyHash, keyId, name, KeyType.APP, owner.tenantId(), owner.userId(), Optional.of(owner.departmentId()),
                Optional.of(owner.projectId()), status, createdAt, expiresAt, Optional.empty(), ModelPolicy.allowOnly(allowedModels));
        if (!owner.keyId().equals(keyId)) {
            throw new IllegalArgumentException("owner.keyId must equal keyId");
        }
    }

    /** The owner chain of an app key; admin keys have no project, hence no principal on the app API. */
    public Principal owner() {
        if (type != KeyType.APP) {
            throw new IllegalStateException("admin key " + keyId + " has no app principal");
        }
        return new Principal(tenantId, departmentId.orElseThrow(), projectId.orElseThrow(), userId, keyId);
    }

    /** Whether the secret may be used at {@code now}: active, not expired, not past a rotation's grace. */
    public boolean usableAt(Instant now) {
        return status == KeyStatus.ACTIVE
                && expiresAt.map(now::isBefore).orElse(true)
                && graceUntil.map(now::isBefore).orElse(true);
    }
}
