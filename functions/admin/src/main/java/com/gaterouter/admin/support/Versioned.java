package com.gaterouter.admin.support;

import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountEntity;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.AuditEntry;
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
        int attempts = 0;
        while (true) {
            T current = load.get().orElseThrow(notFound);
            guard.accept(current);
            checkIfMatch(current, ifMatch);
            Optional<Change<T>> next = change.apply(current);
            if (next.isEmpty()) {
                return new Result<>(current, false);
            }
            if (next.get().updated().version() != current.version() + 1) {
                throw new IllegalStateException("an update must raise the version by one");
            }
            try {
                store.replace(next.get().updated(), next.get().audit());
                return new Result<>(next.get().updated(), true);
            } catch (WriteRejectedException e) {
                if (e.reason() != WriteRejectedException.Reason.VERSION_MISMATCH) {
                    throw e;
                }
                attempts++;
                if (attempts > (ifMatch.isPresent() ? TRANSIENT_RETRIES : RETRIES)) {
                    throw AdminException.versionMismatch("The " + current.ref().kind().wireName()
                            + " changed concurrently; read it again and retry.");
                }
                backOff(attempts);
            }
        }
    }

    /** Deletes (budgets and policies) under the same rules as {@link #update}. */
    public static <T extends AccountEntity> T delete(AccountStore store, Supplier<Optional<T>> load,
                                                     Supplier<AdminException> notFound, Consumer<T> guard,
                                                     Optional<Long> ifMatch, Function<T, AuditEntry> audit) {
        int attempts = 0;
        while (true) {
            T current = load.get().orElseThrow(notFound);
            guard.accept(current);
            checkIfMatch(current, ifMatch);
            try {
                store.delete(current, audit.apply(current));
                return current;
            } catch (WriteRejectedException e) {
                if (e.reason() != WriteRejectedException.Reason.VERSION_MISMATCH) {
                    throw e;
                }
                attempts++;
                if (attempts > (ifMatch.isPresent() ? TRANSIENT_RETRIES : RETRIES)) {
                    throw AdminException.versionMismatch("The " + current.ref().kind().wireName()
                            + " changed concurrently; read it again and retry.");
                }
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
