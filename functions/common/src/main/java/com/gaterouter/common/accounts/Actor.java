package com.gaterouter.common.accounts;

import java.util.Objects;
import java.util.Optional;

/**
 * Who made a change, as the audit log records it: a platform admin (by IAM principal ARN or
 * "bootstrap-key"), or a tenant user with the key they used. Never a secret.
 */
public record Actor(Kind kind, String id, Optional<String> keyId) {

    public enum Kind {
        PLATFORM,
        USER,
        /** The gateway itself, e.g. revoking keys because their department was archived. */
        SYSTEM
    }

    public Actor {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        keyId = Objects.requireNonNullElse(keyId, Optional.empty());
    }
}
