package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entries of a tenant's audit log to list; every part is optional and they combine (all must
 * hold). The admin API validates the values; this record only states what they mean, so every
 * {@link AccountStore} answers the same.
 *
 * @param action   an exact action ({@code key.revoke}) or, without a dot, a kind ({@code key}, meaning
 *                 every {@code key.*} action)
 * @param actorId  the actor's id ({@code usr_…}, {@code bootstrap-key}, an IAM ARN, {@code cascade:…}),
 *                 or the admin key a user acted with ({@code actor.keyId})
 * @param targetId the target's id exactly ({@code key_…}, {@code department/dept_…})
 * @param from     entries at or after this instant
 * @param to       entries at or before this instant
 */
public record AuditQuery(Optional<String> action, Optional<String> actorId, Optional<String> targetId,
                         Optional<Instant> from, Optional<Instant> to) {

    private static final AuditQuery ALL = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public AuditQuery {
        action = Objects.requireNonNullElse(action, Optional.empty());
        actorId = Objects.requireNonNullElse(actorId, Optional.empty());
        targetId = Objects.requireNonNullElse(targetId, Optional.empty());
        from = Objects.requireNonNullElse(from, Optional.empty());
        to = Objects.requireNonNullElse(to, Optional.empty());
        for (Optional<String> value : List.of(action, actorId, targetId)) {
            if (value.isPresent() && value.get().isEmpty()) {
                throw new IllegalArgumentException("an audit filter must not be empty");
            }
        }
        if (action.isPresent() && (action.get().startsWith(".") || action.get().endsWith("."))) {
            throw new IllegalArgumentException("action must be a kind or kind.verb: " + action.get());
        }
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("from " + from.get() + " is after to " + to.get());
        }
    }

    /** The whole log. */
    public static AuditQuery all() {
        return ALL;
    }

    public AuditQuery withAction(String value) {
        return new AuditQuery(Optional.of(value), actorId, targetId, from, to);
    }

    public AuditQuery withActorId(String value) {
        return new AuditQuery(action, Optional.of(value), targetId, from, to);
    }

    public AuditQuery withTargetId(String value) {
        return new AuditQuery(action, actorId, Optional.of(value), from, to);
    }

    public AuditQuery withFrom(Instant value) {
        return new AuditQuery(action, actorId, targetId, Optional.of(value), to);
    }

    public AuditQuery withTo(Instant value) {
        return new AuditQuery(action, actorId, targetId, from, Optional.of(value));
    }

    /** Whether {@code action} names a whole kind ({@code key}) rather than one action ({@code key.revoke}). */
    public boolean actionIsKind() {
        return action.isPresent() && action.get().indexOf('.') < 0;
    }

    /** Whether anything but the time bounds narrows the list. */
    public boolean filtersBeyondTime() {
        return action.isPresent() || actorId.isPresent() || targetId.isPresent();
    }

    /** Whether {@code entry} belongs in the answer: the reference semantics for every store. */
    public boolean matches(AuditEntry entry) {
        if (action.isPresent()) {
            boolean actionMatches = actionIsKind()
                    ? entry.action().startsWith(action.get() + ".")
                    : entry.action().equals(action.get());
            if (!actionMatches) {
                return false;
            }
        }
        if (actorId.isPresent() && !entry.actor().id().equals(actorId.get())
                && !entry.actor().keyId().equals(actorId)) {
            return false;
        }
        if (targetId.isPresent() && !entry.target().id().equals(targetId.get())) {
            return false;
        }
        if (from.isPresent() && entry.at().isBefore(from.get())) {
            return false;
        }
        return to.isEmpty() || !entry.at().isAfter(to.get());
    }
}
