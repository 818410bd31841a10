package com.gaterouter.router.budget;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.ReserveResult;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.allowance.LeaseBook;
import com.gaterouter.common.spend.allowance.LeaseBook.Acquired;
import com.gaterouter.common.spend.allowance.LeaseBook.Exhausted;
import com.gaterouter.common.spend.allowance.LeaseBook.Key;
import com.gaterouter.common.spend.allowance.LeaseKeeper;
import com.gaterouter.common.usage.UsageRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import com.gaterouter.common.spend.Window;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a request's worst case against its limits before the vendor call and says what to tell the client: the
 * {@code x-ratelimit-*} and remaining-budget headers when it may go ahead, a 429 when a limit is full.
 *
 * <p>Limits are held on this instance's allowance leases ({@link LeaseBook}, kept by a {@link LeaseKeeper}): per
 * limit key (counter, measure) the worst case ({@link Reservation#amountOf}, at least 1) is taken from the live lease
 * in memory, with no I/O while leases cover the request. Only keys no lease covers acquire a slice from the store (one
 * conditional write each, keys in parallel), then admission is tried again (a bounded number of rounds). A key whose
 * limit has no room for the worst case refuses the request with the same 429 as before leases. A store that fails to
 * answer refuses the request (503): budgets are never silently unenforced.
 *
 * <p>One code path with or without enforcement: a reservation without limits (no budget applies, enforcement off, or
 * no lease book) is admitted without any ledger call and settles like any other. {@link #settle} gives an admitted
 * request's unused worst case back to its leases, exactly once, after its usage record is written.
 */
public final class BudgetEnforcer {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetEnforcer.class);
    /** Admission rounds: a lease acquired for this request may be drawn down by others on this instance first. */
    private static final int ROUNDS = 32;

    /** What to do with a request. */
    public sealed interface Decision permits Admitted, Refused {
    }

    /**
     * Go ahead; settle it exactly once ({@link #settle}); {@code headers} go on the response.
     *
     * @param ticket what it drew from which lease (empty when no limit applied)
     */
    public record Admitted(Reservation reservation, Map<String, String> headers, Optional<LeaseBook.Ticket> ticket)
            implements Decision {
        public Admitted {
            headers = Map.copyOf(headers);
            ticket = ticket == null ? Optional.empty() : ticket;
        }

        public Admitted(Reservation reservation, Map<String, String> headers) {
            this(reservation, headers, Optional.empty());
        }

        /** The ids of the leases the request drew on: what its usage record names. */
        public List<String> leaseIds() {
            return ticket.map(t -> List.copyOf(new LinkedHashSet<>(t.leaseIds().values()))).orElse(List.of());
        }
    }

    /**
     * Nothing was held; answer {@code error} ({@link BudgetRefusal} words it).
     *
     * @param usdRoom when a USD budget refused: what it still had room for, so a caller with cheaper
     *                models to choose from (the auto-router) can try those instead
     */
    public record Refused(ApiError error, OptionalLong usdRoom) implements Decision {
        public Refused(ApiError error) {
            this(error, OptionalLong.empty());
        }
    }

    private final Optional<LeaseKeeper> leases;
    private final Optional<SpendCounters> counters;
    private final BudgetPlanner planner;
    private final Clock clock;

    /**
     * @param leases   this instance's lease book and its keeper (empty: nothing is held; every request is admitted)
     * @param counters read once per refusal, so a 429 can tell spent from committed (empty: all of it counts as spent)
     */
    public BudgetEnforcer(Optional<LeaseKeeper> leases, Optional<SpendCounters> counters, BudgetPlanner planner, Clock clock) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public BudgetEnforcer(Optional<LeaseKeeper> leases, BudgetPlanner planner, Clock clock) {
        this(leases, Optional.empty(), planner, clock);
    }

    /** Enforces nothing. */
    public static BudgetEnforcer unenforced() {
        return new BudgetEnforcer(Optional.empty(), new BudgetPlanner(false), Clock.systemUTC());
    }

    public BudgetPlanner planner() {
        return planner;
    }

    /** Plans and holds in one step. */
    public Decision reserve(String requestId, Principal principal, CallerBudgets budgets, Instant at, WorstCase worst) {
        return reserve(planner.plan(requestId, principal, budgets, at, worst));
    }

    public Decision reserve(Reservation reservation) {
        if (reservation.limits().isEmpty() || leases.isEmpty()) {
            return new Admitted(withoutLimits(reservation), Map.of());
        }
        LeaseKeeper keeper = leases.get();
        Map<Key, List<CounterLimit>> byKey = new LinkedHashMap<>();
        reservation.limits().forEach(limit -> byKey.computeIfAbsent(Key.of(limit), k -> new ArrayList<>()).add(limit));
        Map<Key, Long> worst = new LinkedHashMap<>();
        byKey.keySet().forEach(key -> worst.put(key, Math.max(1, reservation.amountOf(key.measure()))));
        try {
            for (int round = 0; round < ROUNDS; round++) {
                switch (keeper.book().admit(worst)) {
                    case LeaseBook.Admitted admitted -> {
                        return new Admitted(reservation, headers(states(byKey, keeper.book()), clock.instant()),
                                Optional.of(admitted.ticket()));
                    }
                    case LeaseBook.Uncovered uncovered -> {
                        Optional<Exhausted> exhausted = acquire(keeper, uncovered.keys(), byKey, worst);
                        if (exhausted.isPresent()) {
                            return refusal(reservation, byKey.get(exhausted.get().key()), exhausted.get().room());
                        }
                    }
                }
            }
            throw new IllegalStateException("no lease covered the request after " + ROUNDS + " rounds");
        } catch (RuntimeException e) {
            LOG.error("budget check failed for request {}: {}", reservation.requestId(), e.toString());
            return new Refused(new ApiError(503, "api_error", "budget_check_unavailable", null,
                    "The gateway could not check your budgets and rate limits just now. Please retry.", Map.of("retry-after", "1")));
        }
    }

    /**
     * Gives back what an admitted request did not use, at its actual amounts per key (USD = its cost, tokens = prompt
     * + completion, requests = 1). Call once, after its usage record is written; never throws.
     */
    public void settle(Admitted admitted, UsageRecord usage) {
        if (admitted.ticket().isEmpty()) {
            return;
        }
        LeaseBook.Ticket ticket = admitted.ticket().get();
        try {
            Map<Key, Long> actual = new LinkedHashMap<>();
            for (Key key : ticket.leaseIds().keySet()) {
                actual.put(key, switch (key.measure()) {
                    case USD_MICROS -> usage.costMicros();
                    case TOKENS -> usage.tokens().promptTokens() + usage.tokens().completionTokens();
                    case REQUESTS -> 1L;
                });
            }
            leases.orElseThrow().book().settle(ticket, actual);
        } catch (RuntimeException e) {
            LOG.error("settling the allowance of request {} failed: {}", usage.requestId(), e.toString());
        }
    }

    /** Acquires the uncovered keys (in parallel when several); the first exhausted one in limit order, if any. */
    private static Optional<Exhausted> acquire(LeaseKeeper keeper, List<Key> keys, Map<Key, List<CounterLimit>> byKey,
                                               Map<Key, Long> worst) {
        List<Acquired> results;
        if (keys.size() == 1) {
            results = List.of(keeper.acquire(byKey.get(keys.getFirst()), worst.get(keys.getFirst())));
        } else {
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Acquired>> futures = keys.stream()
                        .map(key -> executor.submit(() -> keeper.acquire(byKey.get(key), worst.get(key)))).toList();
                results = new ArrayList<>();
                for (Future<Acquired> future : futures) {
                    results.add(future.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while acquiring allowances", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
        }
        return results.stream().filter(Exhausted.class::isInstance).map(Exhausted.class::cast)
                .min(Comparator.comparingInt(e -> List.copyOf(byKey.keySet()).indexOf(e.key())));
    }

    /** The 429 of a key whose tightest limit had {@code room} left. */
    private Refused refusal(Reservation reservation, List<CounterLimit> limits, long room) {
        CounterLimit tightest = limits.stream().min(Comparator.comparingLong(CounterLimit::limit)).orElseThrow();
        long used = Math.max(0, tightest.limit() - room);
        ReserveResult.Refused refused = new ReserveResult.Refused(tightest, used, settled(tightest, used));
        return new Refused(BudgetRefusal.of(reservation, refused, clock.instant()),
                tightest.measure() == Measure.USD_MICROS ? OptionalLong.of(room) : OptionalLong.empty());
    }

    /**
     * Of what a refused limit's counter has committed, what settled (usage records counted): read from the counters
     * (the refusal path only). Minute windows settle nothing, and without counters (or when they cannot be read) all
     * of it counts as settled.
     */
    private long settled(CounterLimit limit, long used) {
        if (counters.isEmpty() || limit.counter().window() instanceof Window.Minute) {
            return used;
        }
        try {
            SpendCounters.CounterValues values = counters.get().read(List.of(limit.counter()))
                    .getOrDefault(limit.counter(), SpendCounters.CounterValues.ZERO);
            long settled = switch (limit.measure()) {
                case USD_MICROS -> values.settledUsdMicros();
                case TOKENS -> values.settledTokens();
                case REQUESTS -> values.requests();
            };
            return Math.max(settled, 0);
        } catch (RuntimeException e) {
            LOG.warn("could not read counter {} for a refusal's wording: {}", limit.scopeLabel(), e.toString());
            return used;
        }
    }

    /** Every limit's state as this instance sees it: the room at its last grant plus what is left of its lease. */
    private static List<ReserveResult.LimitState> states(Map<Key, List<CounterLimit>> byKey, LeaseBook book) {
        List<ReserveResult.LimitState> states = new ArrayList<>();
        byKey.forEach((key, limits) -> {
            long tightest = limits.stream().mapToLong(CounterLimit::limit).min().orElseThrow();
            OptionalLong room = book.roomView(key);
            if (room.isPresent()) {
                long used = Math.max(0, tightest - room.getAsLong());
                limits.forEach(limit -> states.add(new ReserveResult.LimitState(limit, used)));
            }
        });
        return states;
    }

    /** Without a lease book nothing is held: the reservation only names the counters its record counts into. */
    private static Reservation withoutLimits(Reservation r) {
        return r.limits().isEmpty() ? r
                : new Reservation(r.requestId(), r.tenantId(), r.at(), r.usdMicros(), r.tokens(), List.of(), r.counters());
    }

    /** The tightest rate limits and USD budget, as the response headers OpenAI clients know. */
    static Map<String, String> headers(List<ReserveResult.LimitState> states, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        tightest(states, Measure.REQUESTS, true).ifPresent(s -> rateHeaders(headers, "requests", s.limit(), s.remaining(), now));
        tightest(states, Measure.TOKENS, true).ifPresent(s -> rateHeaders(headers, "tokens", s.limit(), s.remaining(), now));
        tightest(states, Measure.USD_MICROS, false).ifPresent(s ->
                headers.put("x-gaterouter-budget-remaining-usd", UsdMicros.toDecimalString(s.remaining())));
        return headers;
    }

    private static Optional<ReserveResult.LimitState> tightest(List<ReserveResult.LimitState> states, Measure measure, boolean perMinute) {
        return states.stream()
                .filter(s -> s.limit().measure() == measure && (s.limit().counter().window() instanceof Window.Minute) == perMinute)
                .min(Comparator.comparingLong(ReserveResult.LimitState::remaining));
    }

    private static void rateHeaders(Map<String, String> headers, String what, CounterLimit limit, long remaining, Instant now) {
        headers.put("x-ratelimit-limit-" + what, Long.toString(limit.limit()));
        headers.put("x-ratelimit-remaining-" + what, Long.toString(remaining));
        headers.put("x-ratelimit-reset-" + what, BudgetRefusal.secondsUntilEnd(limit, now) + "s");
    }
}
