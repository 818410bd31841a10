package com.gaterouter.admin.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.EntityKind;
import com.gaterouter.common.accounts.WriteRejectedException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Optimistic read-modify-write. With {@code If-Match}, the stored version must be the one the
 * client names (else 412); without, the server uses the version it just read and, when a
 * concurrent change wins the race, reads again and retries up to {@value #RETRIES} times.
 *
 * <p>The guard (visibility → 404, permission → 403) runs on every fresh read, before the version
 * is compared, so a caller who may not touch a thing never learns its version.
 */
public final class Versioned {

    /** Retries after a lost race when the client sent no If-Match. */
    public static final int RETRIES = 3;
    /**
     * With If-Match, a rejected write whose re-read still shows the client's version was a transient
     * conflict (two transactions on one item), not a stale version: retry it a few times.
     */
    private static final int TRANSIENT_RETRIES = 5;

    private Versioned() {
    }

    /** The new state and its audit entry; empty from a change function means "nothing to change". */
    public record Change<T extends AccountEntity>(T updated, AuditEntry audit) {
    }

    /** The entity after the call, and whether this call changed it. */
    public record Result<T extends AccountEntity>(T entity, boolean changed) {
    }

    public static <T extends AccountEntity> Result<T> update(AccountStore store, Supplier<Optional<T>> load,
                                                             Supplier<AdminException> notFound, Consumer<T> guard,
                                                             Optional<Long> ifMatch, Function<T, Optional<Change<T>>> change) {
        return write(load, notFound, guard, ifMatch, current -> {
            Optional<Change<T>> next = change.apply(current);
            if (next.isEmpty()) {
                return new Result<>(current, false);
            }
            if (next.get().updated().version() != current.version() + 1) {
                throw new IllegalStateException("an update must raise the version by one");
            }
            store.replace(next.get().updated(), next.get().audit());
            return new Result<>(next.get().updated(), true);
        });
    }

    /** Deletes (budgets and policies) under the same rules as {@link #update}. */
    public static <T extends AccountEntity> T delete(AccountStore store, Supplier<Optional<T>> load,
                                                     Supplier<AdminException> notFound, Consumer<T> guard,
                                                     Optional<Long> ifMatch, Function<T, AuditEntry> audit) {
        return write(load, notFound, guard, ifMatch, current -> {
            store.delete(current, audit.apply(current));
            return current;
        });
    }

    /**
     * The loop {@link #update} and {@link #delete} share: read, guard, compare If-Match, write; a
     * write that lost a race ({@code VERSION_MISMATCH}) reads again, up to the retry limit.
     */
    private static <T extends AccountEntity, R> R write(Supplier<Optional<T>> load, Supplier<AdminException> notFound,
                                                        Consumer<T> guard, Optional<Long> ifMatch, Function<T, R> write) {
        int attempts = 0;
        while (true) {
            T current = load.get().orElseThrow(notFound);
            guard.accept(current);
            checkIfMatch(current, ifMatch);
            try {
                return write.apply(current);
            } catch (WriteRejectedException e) {
                if (e.reason() != WriteRejectedException.Reason.VERSION_MISMATCH) {
                    throw e;
                }
                attempts++;
                giveUpAfter(attempts, ifMatch, () -> current.ref().kind());
                backOff(attempts);
            }
        }
    }

    /** 412 once a write has lost more races than it may retry (more with If-Match: see {@link #TRANSIENT_RETRIES}). */
    private static void giveUpAfter(int attempts, Optional<Long> ifMatch, Supplier<EntityKind> kind) {
        if (attempts > (ifMatch.isPresent() ? TRANSIENT_RETRIES : RETRIES)) {
            throw AdminException.versionMismatch("The " + kind.get().wireName() + " changed concurrently; read it again and retry.");
        }
    }

    /** The entity after a PUT, and whether the PUT created it (201) rather than replaced or kept it (200). */
    public record Upserted<T extends AccountEntity>(T entity, boolean created) {
    }

    /**
     * PUT of a whole thing that may not exist yet (budgets, policies, pricing): creates it, or
     * replaces it under the rules of {@link #update}; audited as {@code <kind>.create} or
     * {@code <kind>.update}. With If-Match and nothing stored, there is nothing to match: 412.
     *
     * @param fresh    the new entity, version 1
     * @param replaced the replacement of the stored entity (version + 1), or empty when the PUT changes nothing
     */
    public static <T extends AccountEntity> Upserted<T> upsert(AccountStore store, AdminCall call, Supplier<Optional<T>> load,
                                                               Supplier<T> fresh, Function<T, Optional<T>> replaced,
                                                               Function<T, ObjectNode> render) {
        return upsert(store, call, Optional.empty(), load, fresh, replaced, render);
    }

    /**
     * As {@link #upsert(AccountStore, AdminCall, Supplier, Supplier, Function, Function)}, audited as
     * {@code <noun>.create} / {@code <noun>.update} when {@code noun} is given (a part of an entity: a
     * vendor's contract in the tenant's price table), else by the entity's kind.
     */
    public static <T extends AccountEntity> Upserted<T> upsert(AccountStore store, AdminCall call, Optional<String> noun,
                                                               Supplier<Optional<T>> load, Supplier<T> fresh,
                                                               Function<T, Optional<T>> replaced, Function<T, ObjectNode> render) {
        Optional<Long> ifMatch = call.ifMatch();
        int attempts = 0;
        while (true) {
            Optional<T> existing = load.get();
            try {
                if (existing.isEmpty()) {
                    T created = fresh.get();
                    if (ifMatch.isPresent()) {
                        throw AdminException.versionMismatch("If-Match names version " + ifMatch.get() + " but there is no such "
                                + created.ref().kind().wireName() + " yet.");
                    }
                    store.insert(created, Audit.entry(call, created.tenantId(), noun.orElse(created.ref().kind().wireName()) + ".create",
                            created.ref(), null, render.apply(created)));
                    return new Upserted<>(created, true);
                }
                T current = existing.get();
                checkIfMatch(current, ifMatch);
                Optional<T> updated = replaced.apply(current);
                if (updated.isEmpty()) {
                    return new Upserted<>(current, false);
                }
                store.replace(updated.get(), Audit.entry(call, current.tenantId(), noun.orElse(current.ref().kind().wireName()) + ".update",
                        current.ref(), render.apply(current), render.apply(updated.get())));
                return new Upserted<>(updated.get(), false);
            } catch (WriteRejectedException e) {
                // a parent archived meanwhile is final; a lost race (or a create that raced a create) reads again
                if (e.reason() == WriteRejectedException.Reason.PARENT_INACTIVE) {
                    throw e;
                }
                attempts++;
                giveUpAfter(attempts, ifMatch, () -> existing.map(T::ref).orElseGet(() -> fresh.get().ref()).kind());
                backOff(attempts);
            }
        }
    }

    public static void checkIfMatch(AccountEntity current, Optional<Long> ifMatch) {
        if (ifMatch.isPresent() && ifMatch.get() != current.version()) {
            throw AdminException.versionMismatch("If-Match names version " + ifMatch.get() + " but the "
                    + current.ref().kind().wireName() + " is at version " + current.version() + ".");
        }
    }

    /** Keeps retries of one item from colliding again at once. */
    public static void backOff(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5L * attempt, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
