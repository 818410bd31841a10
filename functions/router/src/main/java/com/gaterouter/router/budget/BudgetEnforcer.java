package com.gaterouter.router.budget;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.ReserveResult;
import com.gaterouter.common.spend.SpendLedger;
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
 * Reserves a request's worst case against its limits before the vendor call and says what to
 * tell the client: the {@code x-ratelimit-*} and remaining-budget headers when it may go ahead, a
 * 429 when a limit is full.
 *
 * <p>One code path with or without enforcement: a reservation without limits (no budget applies,
 * enforcement off, or no ledger) is admitted without a ledger call and settles like any other, so
 * counters always count. A ledger that fails to answer refuses the request (503): budgets are
 * never silently unenforced.
 */
public final class BudgetEnforcer {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetEnforcer.class);

    /** What to do with a request. */
    public sealed interface Decision permits Admitted, Refused {
    }

    /** Go ahead; {@code reservation} must be settled exactly once; {@code headers} go on the response. */
    public record Admitted(Reservation reservation, Map<String, String> headers) implements Decision {
        public Admitted {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Nothing was reserved; answer {@code error} ({@link BudgetRefusal} words it).
     *
     * @param usdRoom when a USD budget refused: what it still had room for, so a caller with cheaper
     *                models to choose from (the auto-router) can try those instead
     */
    public record Refused(ApiError error, OptionalLong usdRoom) implements Decision {
        public Refused(ApiError error) {
            this(error, OptionalLong.empty());
        }
    }

    private final Optional<SpendLedger> ledger;
    private final BudgetPlanner planner;
    private final Clock clock;

    public BudgetEnforcer(Optional<SpendLedger> ledger, BudgetPlanner planner, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Counts counters (when a ledger is there to settle into) and enforces nothing. */
    public static BudgetEnforcer unenforced() {
        return new BudgetEnforcer(Optional.empty(), new BudgetPlanner(false), Clock.systemUTC());
    }

    public BudgetPlanner planner() {
        return planner;
    }

    /** Plans and reserves in one step. */
    public Decision reserve(String requestId, Principal principal, CallerBudgets budgets, Instant at, WorstCase worst) {
        return reserve(planner.plan(requestId, principal, budgets, at, worst));
    }

    public Decision reserve(Reservation reservation) {
        if (reservation.limits().isEmpty() || ledger.isEmpty()) {
            return new Admitted(withoutLimits(reservation), Map.of());
        }
        ReserveResult result;
        try {
            result = ledger.get().reserve(reservation);
        } catch (RuntimeException e) {
            LOG.error("budget reservation failed for request {}: {}", reservation.requestId(), e.toString());
            return new Refused(new ApiError(503, "api_error", "budget_check_unavailable", null,
                    "The gateway could not check your budgets and rate limits just now. Please retry.", Map.of("retry-after", "1")));
        }
        return switch (result) {
            case ReserveResult.Reserved reserved -> new Admitted(reservation, headers(reserved.states(), clock.instant()));
            case ReserveResult.Refused refused -> new Refused(BudgetRefusal.of(reservation, refused, clock.instant()),
                    refused.limit().measure() == Measure.USD_MICROS
                            ? OptionalLong.of(Math.max(0, refused.limit().limit() - refused.used())) : OptionalLong.empty());
        };
    }

    /** Without a ledger nothing is held: the reservation only names the counters to count into. */
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
