package com.gaterouter.router.metering;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.spend.spool.UsageSpool;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.UsageStore;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.router.catalog.ModelSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices a finished request and settles it — its usage record and its spend counters, once per
 * request id — without ever losing it: the ledger is tried up to {@link Retries#maxAttempts} times
 * with backoff; if it still fails the settlement goes to the {@link UsageSpool} (SQS in AWS, a file
 * locally) for the replay path; if the spool fails too, the record (no prompt, no secret) is logged
 * at ERROR, the last resort. A settle whose answer was lost but which did write is harmless to
 * retry or spool: the ledger answers {@link SpendLedger.Outcome#ALREADY_SETTLED}.
 */
public final class UsageMeter {

    private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

    /**
     * Everything known about a finished request except its cost.
     *
     * @param route          the auto-router's decision, when it made one
     * @param failedAttempts the vendor calls that failed ({@code Attempts.Progress#failedAttempts})
     * @param api            the API the request came in by (the route label: {@code chat.completions}, {@code messages}, …)
     */
    public record Measured(String requestId, Principal principal, String requestedModel, ModelSpec served,
                           int attempts, TokenUsage tokens, long latencyMillis, long ttftMillis,
                           UsageStatus status, int httpStatus, boolean stream, Instant occurredAt,
                           Optional<Routed> route, List<FailedAttempt> failedAttempts, String api) {

        public Measured {
            route = route == null ? Optional.empty() : route;
            failedAttempts = failedAttempts == null ? List.of() : List.copyOf(failedAttempts);
            api = api == null ? "" : api;
        }

        /** Of an unnamed API (tests of metering alone). */
        public Measured(String requestId, Principal principal, String requestedModel, ModelSpec served,
                        int attempts, TokenUsage tokens, long latencyMillis, long ttftMillis,
                        UsageStatus status, int httpStatus, boolean stream, Instant occurredAt,
                        Optional<Routed> route, List<FailedAttempt> failedAttempts) {
            this(requestId, principal, requestedModel, served, attempts, tokens, latencyMillis, ttftMillis, status,
                    httpStatus, stream, occurredAt, route, failedAttempts, "");
        }

        /** Without a routing decision and without failed attempts. */
        public Measured(String requestId, Principal principal, String requestedModel, ModelSpec served,
                        int attempts, TokenUsage tokens, long latencyMillis, long ttftMillis,
                        UsageStatus status, int httpStatus, boolean stream, Instant occurredAt) {
            this(requestId, principal, requestedModel, served, attempts, tokens, latencyMillis, ttftMillis, status,
                    httpStatus, stream, occurredAt, Optional.empty(), List.of());
        }

        /** The same, listing these failed attempts. */
        public Measured withFailedAttempts(List<FailedAttempt> failed) {
            return new Measured(requestId, principal, requestedModel, served, attempts, tokens, latencyMillis, ttftMillis,
                    status, httpStatus, stream, occurredAt, route, failed, api);
        }
    }

    /**
     * The auto-router's decision as metering needs it: the record prices the request's tokens on
     * the routed and the reference model too, so analytics can say what routing saved.
     */
    public record Routed(String tier, double score, List<String> reasons, boolean shadow, ModelSpec routedModel,
                         ModelSpec referenceModel) {
        public Routed {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * How hard to try the ledger before spooling.
     *
     * @param backoff the pause before attempt 2, 3, …; the last one repeats if there are more attempts
     */
    public record Retries(int maxAttempts, List<Duration> backoff) {
        /** 3 attempts, 50 ms then 200 ms apart (then 800 ms, were there a fourth): at most ~0.25 s plus the calls. */
        public static final Retries DEFAULT = new Retries(3, List.of(Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofMillis(800)));
        /** One attempt, then the spool (tests, fault injection). */
        public static final Retries ONCE = new Retries(1, List.of());

        public Retries {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("at least one attempt");
            }
            backoff = List.copyOf(backoff);
            if (maxAttempts > 1 && backoff.isEmpty()) {
                throw new IllegalArgumentException("retries need a backoff");
            }
        }

        Duration pauseBefore(int attempt) {
            return backoff.get(Math.min(attempt - 2, backoff.size() - 1));
        }
    }

    /** Pauses between attempts ({@code Thread::sleep} outside tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    /** What happened to a settlement, for tests and metrics. */
    public enum Fate {
        SETTLED,
        ALREADY_SETTLED,
        SPOOLED,
        LOGGED_ONLY
    }

    /** What the meter needs of a ledger. */
    @FunctionalInterface
    private interface Settler {
        SpendLedger.Outcome settle(Reservation reservation, UsageRecord usage);
    }

    private final Settler settler;
    private final Optional<UsageSpool> spool;
    private final Retries retries;
    private final Sleeper sleeper;
    private final RefusalRecorder refusals;
    private final Consumer<UsageRecord> observer;

    /**
     * Settles through the spend ledger, spooling what it cannot take.
     */
    public UsageMeter(SpendLedger ledger, UsageSpool spool) {
        this(ledger, spool, Retries.DEFAULT, pause -> Thread.sleep(pause));
    }

    public UsageMeter(SpendLedger ledger, UsageSpool spool, Retries retries, Sleeper sleeper) {
        this(ledger, spool, retries, sleeper, null);
    }

    /**
     * @param refusals records refused requests through {@code ledger} (null: on virtual threads, with
     *                 {@link RefusalRecorder}'s default bounds)
     */
    public UsageMeter(SpendLedger ledger, UsageSpool spool, Retries retries, Sleeper sleeper, RefusalRecorder refusals) {
        this(Objects.requireNonNull(ledger, "ledger")::settle, Optional.of(Objects.requireNonNull(spool, "spool")),
                retries, sleeper, refusals == null ? RefusalRecorder.onVirtualThreads(ledger::settle) : refusals);
    }

    /**
     * Transitional: writes only the usage record (no counters, no spool: the ERROR log is the
     * fallback) — what the meter did before the spend ledger. Kept until every caller passes a ledger.
     */
    public UsageMeter(UsageStore store) {
        this(store, null);
    }

    /**
     * @param refusalWrites runs the writes of refused requests' records (null: virtual threads; tests
     *                      pass {@code Runnable::run} to see them at once)
     */
    public UsageMeter(UsageStore store, java.util.concurrent.Executor refusalWrites) {
        this(storeSettler(store), Optional.empty(), Retries.DEFAULT, pause -> Thread.sleep(pause),
                refusalWrites == null ? RefusalRecorder.onVirtualThreads(storeSettler(store)::settle)
                        : new RefusalRecorder(storeSettler(store)::settle, refusalWrites,
                        RefusalRecorder.DEFAULT_PER_KEY_PER_MINUTE, RefusalRecorder.DEFAULT_MAX_IN_FLIGHT));
    }

    private UsageMeter(Settler settler, Optional<UsageSpool> spool, Retries retries, Sleeper sleeper, RefusalRecorder refusals) {
        this(settler, spool, retries, sleeper, refusals, usage -> {
        });
    }

    private UsageMeter(Settler settler, Optional<UsageSpool> spool, Retries retries, Sleeper sleeper,
                       RefusalRecorder refusals, Consumer<UsageRecord> observer) {
        this.settler = settler;
        this.spool = spool;
        this.retries = Objects.requireNonNull(retries, "retries");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    private static Settler storeSettler(UsageStore store) {
        return (reservation, usage) -> store.record(usage) instanceof UsageStore.Written
                ? SpendLedger.Outcome.SETTLED : SpendLedger.Outcome.ALREADY_SETTLED;
    }

    /**
     * The same meter, also handing every usage record it settles through {@link #record} to
     * {@code observer} (request metrics), after settling — whether the ledger took it now or it was
     * spooled for later. The observer runs on the request's thread and must be cheap; if it throws,
     * that is logged and the request goes on.
     */
    public UsageMeter observedBy(Consumer<UsageRecord> observer) {
        return new UsageMeter(settler, spool, retries, sleeper, refusals, observer);
    }

    /**
     * The request's cost in micro-USD as {@code pricing} (the caller's: its tenant's override, else the
     * catalog's price in force on the request's UTC day; its tenant's discount) prices it.
     */
    public long costOf(CallerPricing pricing, ModelSpec model, TokenUsage tokens, Instant at) {
        return pricing.costOf(model, tokens, at);
    }

    /** The usage record of a finished request at list prices (no tenant pricing). */
    public UsageRecord usageRecord(Measured m) {
        return usageRecord(m, CallerPricing.LIST);
    }

    /** The usage record of a finished request, priced as the caller pays. */
    public UsageRecord usageRecord(Measured m, CallerPricing pricing) {
        TenantPricing.PricedCost cost = pricing.priced(m.served(), m.tokens(), m.occurredAt());
        return new UsageRecord(m.requestId(), m.principal(), m.requestedModel(), m.served().id(),
                m.served().vendor(), m.attempts(), m.tokens(), cost.costMicros(),
                m.latencyMillis(), m.ttftMillis(), m.status(), m.httpStatus(), m.stream(), m.occurredAt(),
                m.route().map(r -> new RouteDecision(r.tier(), r.score(), r.reasons(), r.shadow(), r.routedModel().id(),
                        r.referenceModel().id(), costOf(pricing, r.routedModel(), m.tokens(), m.occurredAt()),
                        costOf(pricing, r.referenceModel(), m.tokens(), m.occurredAt()))),
                m.failedAttempts(), List.of(), m.api(), cost.listMicros(), cost.pricingVersion());
    }

    /**
     * Settles a request that reserved nothing, counting into its scopes' UTC day and month.
     * Prefer {@link #record(Measured, Reservation)} with the request's reservation.
     */
    public UsageRecord record(Measured m) {
        return record(m, CountersOnly.reservation(m.requestId(), m.principal(), m.occurredAt(), ZoneOffset.UTC));
    }

    /** Settles a request against what it reserved (which this releases), at list prices; see the class comment. */
    public UsageRecord record(Measured m, Reservation reservation) {
        return record(m, reservation, CallerPricing.LIST);
    }

    /** Settles a request against what it reserved, priced as the caller pays. */
    public UsageRecord record(Measured m, Reservation reservation, CallerPricing pricing) {
        return record(m, reservation, pricing, List.of());
    }

    /**
     * Settles a request priced as the caller pays, its record naming the allowance leases it was admitted on
     * ({@code leases}: what lets a crashed instance's leases be reclaimed at what they consumed).
     */
    public UsageRecord record(Measured m, Reservation reservation, CallerPricing pricing, List<String> leases) {
        UsageRecord record = usageRecord(m, pricing);
        if (!leases.isEmpty()) {
            record = record.withLeases(leases);
        }
        settle(reservation, record);
        try {
            observer.accept(record);
        } catch (RuntimeException e) {
            LOG.warn("request metrics failed for request {}: {}", record.requestId(), e.toString());
        }
        return record;
    }

    /**
     * Counts a request the gateway refused before any vendor call ({@code m.status()} is
     * {@link UsageStatus#REFUSED}, its tokens none): its usage record is written off the request
     * path, within {@link RefusalRecorder}'s bounds, and moves no counter. Never throws for a
     * well-formed refusal.
     *
     * @param m {@code served} is the model the request would have gone to (its first candidate, or
     *          the model it may not use)
     */
    public RefusalRecorder.Fate refused(Measured m) {
        if (m.status() != UsageStatus.REFUSED || !m.tokens().equals(TokenUsage.NONE)) {
            throw new IllegalArgumentException("a refusal has status REFUSED and no tokens");
        }
        UsageRecord record;
        try {
            record = usageRecord(m);
        } catch (RuntimeException e) {
            // e.g. a model without a price on the day: the refusal still stands, it is only not counted
            LOG.warn("the refusal of request {} is not counted: {}", m.requestId(), e.toString());
            refusals.failed();
            return RefusalRecorder.Fate.FAILED;
        }
        return refusals.record(record);
    }

    /** Settles, retries, spools or logs; never throws. */
    public Fate settle(Reservation reservation, UsageRecord record) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
            if (attempt > 1) {
                try {
                    sleeper.sleep(retries.pauseBefore(attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break; // shutting down: spool now rather than wait
                }
            }
            try {
                return settler.settle(reservation, record) == SpendLedger.Outcome.SETTLED
                        ? Fate.SETTLED : Fate.ALREADY_SETTLED;
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("settling request {} failed (attempt {} of {}): {}", record.requestId(), attempt,
                        retries.maxAttempts(), e.toString());
            }
        }
        if (spool.isPresent()) {
            try {
                spool.get().append(new Settlement(reservation, record));
                LOG.warn("usage of request {} spooled for replay after the ledger failed: {}", record.requestId(),
                        String.valueOf(last));
                return Fate.SPOOLED;
            } catch (RuntimeException e) {
                LOG.error("spooling the usage of request {} failed too: {}", record.requestId(), e.toString());
            }
        }
        // the last resort: the settlement (no prompt, no key secret) in the log, to be replayed by hand
        LOG.error("usage write failed for request {}: {} settlement={}", record.requestId(), String.valueOf(last),
                safeJson(reservation, record));
        return Fate.LOGGED_ONLY;
    }

    private static String safeJson(Reservation reservation, UsageRecord record) {
        try {
            return new Settlement(reservation, record).toJson();
        } catch (RuntimeException e) {
            return String.valueOf(record);
        }
    }
}
