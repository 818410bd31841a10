package com.gaterouter.common.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change in a tenant: who, when, what, and the entity before and after as the admin API shows
 * it (so never a secret or a secret's hash). Written in the same transaction as the change itself,
 * so there is no change without its entry and no entry without its change.
 *
 * @param action e.g. {@code department.create}, {@code key.rotate}, {@code budget.update}
 */
public record AuditEntry(String tenantId, String auditId, Instant at, Actor actor, String action, EntityRef target,
                         Optional<JsonNode> before, Optional<JsonNode> after, String requestId) {

    public AuditEntry {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(auditId, "auditId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        before = Objects.requireNonNullElse(before, Optional.<JsonNode>empty()).map(n -> (JsonNode) n.deepCopy());
        after = Objects.requireNonNullElse(after, Optional.<JsonNode>empty()).map(n -> (JsonNode) n.deepCopy());
        Objects.requireNonNull(requestId, "requestId");
    }
}
