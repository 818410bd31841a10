package com.gaterouter.common.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Port: which alerts have fired. One entry per {@link AlertKey}, created by a conditional write
 * <em>before</em> the event is published, so of any number of concurrent or repeated runs exactly
 * one may publish a given alert.
 *
 * <p>An entry is {@link State#CLAIMED} by one run for a lease, then {@link State#PUBLISHED} once the
 * bus accepted the event. A claim whose publisher failed (or died) does not block the alert forever:
 * after its lease — at once, when the publisher knew it failed and {@link #release released} it —
 * another run may claim it again and re-publishes the detail stored with the first claim, so the
 * event keeps its id and its figures.
 *
 * <p>An alert a pass decided not to send, because a higher threshold of the same scope and period
 * was crossed in the same pass and that one is the e-mail, is {@link State#SUPERSEDED}: recorded so
 * it never fires later, never published.
 */
public interface AlertLedger {

    enum State {
        CLAIMED, PUBLISHED,
        /** Recorded, never published: a higher alert of the same scope and period went out instead. */
        SUPERSEDED
    }

    /** One ledger entry; {@code detailJson} is the event detail stored with the first claim. */
    record Entry(AlertKey key, State state, Instant leaseUntil, String detailJson, int attempts) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(leaseUntil, "leaseUntil");
            Objects.requireNonNull(detailJson, "detailJson");
        }

        /** Claimed, unpublished and nobody's lease any more: a run may take it over. */
        public boolean abandoned(Instant now) {
            return state == State.CLAIMED && leaseUntil.isBefore(now);
        }
    }

    /** What a claim got. */
    sealed interface Claim permits Won, AlreadyPublished, Held {
    }

    /**
     * The caller holds the alert until {@code leaseUntil} and must publish {@code detailJson} (the
     * first claim's detail: on a re-claim, not the caller's) with {@code token}.
     *
     * @param attempt 1 for the first claim, more for each take-over
     */
    record Won(String detailJson, String token, int attempt) implements Claim {
    }

    /** The alert has been published: nothing to do, ever. */
    record AlreadyPublished() implements Claim {
    }

    /** Another run holds it until {@code leaseUntil}. */
    record Held(Instant leaseUntil) implements Claim {
    }

    /** Every entry of a tenant (the ledger keeps entries about two months after their period: see {@link #retention}). */
    List<Entry> entries(String tenantId);

    /**
     * Claims {@code key} for {@code lease} unless it is published or under someone else's live lease.
     *
     * @param detailJson stored only if the entry is new
     */
    Claim claim(AlertKey key, String detailJson, Instant keepUntil, Instant now, Duration lease);

    /**
     * Records {@code key} as {@link State#SUPERSEDED} (with {@code detailJson}, what it would have
     * published) where it has no entry or only an abandoned claim; an entry that is published,
     * superseded or under a live lease is left alone.
     *
     * @return whether this call recorded it
     */
    boolean supersede(AlertKey key, String detailJson, Instant keepUntil, Instant now);

    /** Records that the bus accepted the event. */
    void markPublished(AlertKey key, String token, Instant at);

    /**
     * Gives a claim back after a publish that is known to have failed, so the next run retries at
     * once instead of waiting for the lease. Does nothing if the claim was taken over meanwhile.
     */
    void release(AlertKey key, String token, Instant now, String reason);

    /**
     * How long after its period ends an entry is kept: long enough that no run evaluates that
     * period again (runs look at the current period and, shortly after it closed, the previous one).
     */
    static Instant retention(AlertPeriod period) {
        return period.endsAt().plus(Duration.ofDays(62));
    }
}
