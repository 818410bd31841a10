package com.gaterouter.admin.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.KeySecret;
import com.gaterouter.common.accounts.ManagedKey;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A key as the admin API shows it: never a secret, never a secret's hash. After a rotation,
 * {@code previousSecretValidUntil} says until when the old secret still works.
 */
public final class KeyJson {

    private KeyJson() {
    }

    public static ObjectNode render(ManagedKey key) {
        ObjectNode node = Views.object();
        node.put("tenantId", key.tenantId());
        node.put("keyId", key.keyId());
        node.put("name", key.name());
        node.put("type", key.type().name().toLowerCase(Locale.ROOT));
        node.put("userId", key.userId());
        Views.put(node, "departmentId", key.departmentId());
        Views.put(node, "projectId", key.projectId());
        node.put("status", key.status().name().toLowerCase(Locale.ROOT));
        Views.putSorted(node, "allowedModels", key.models().allow());
        Views.putSorted(node, "deniedModels", key.models().deny());
        Views.putInstant(node, "createdAt", key.createdAt());
        Views.putInstant(node, "expiresAt", key.expiresAt());
        Views.putInstant(node, "rotatedAt", key.rotatedAt());
        Views.putInstant(node, "revokedAt", key.revokedAt());
        Views.putInstant(node, "lastUsedAt", key.lastUsedAt());
        Optional<Instant> previous = key.secrets().stream().skip(1).map(KeySecret::validUntil)
                .flatMap(Optional::stream).max(Instant::compareTo);
        Views.putInstant(node, "previousSecretValidUntil", previous);
        Views.putInstant(node, "updatedAt", key.updatedAt());
        node.put("version", key.version());
        return node;
    }

    /** The key with its secret: only in the answer to a create or a rotate, never stored, never audited. */
    public static ObjectNode renderWithSecret(ManagedKey key, String secret) {
        ObjectNode node = render(key);
        node.put("secret", secret);
        return node;
    }
}
