package com.gaterouter.router.budget;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.ReserveResult;
import com.gaterouter.common.spend.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 429 a full limit answers, in words a person can act on. It speaks of the caller's own scopes
 * only (the limit that refused), never of anything else in or outside the tenant.
 *
 * <p>Three cases, in this order:
 * <ul>
 *   <li><b>reached / exceeded</b> — what settled requests actually used is at (or, by a request
 *       that used more than it reserved, past) the limit: "The project Chatbot budget of $1.00 per
 *       month has been reached ($1.00 spent)." Waiting for requests in flight does not help.</li>
 *   <li><b>more than the whole limit</b> — the request's worst case alone does not fit even an
 *       unused limit: lower {@code max_tokens} or shorten the prompt.</li>
 *   <li><b>would exceed</b> — the worst case (prompt estimate + maximum output, at the most expensive
 *       candidate) does not fit beside what is spent and what requests in flight have reserved
 *       ("committed"): "This request's worst case of $0.0123 would exceed the project Chatbot budget
 *       of $1.00 per month ($0.995 spent, $0.001 committed)." Actual spend may stay below the limit.</li>
 * </ul>
 * Money is shown exactly ({@link UsdMicros#toDisplay}: "$0.000308", never "$0.00").
 *
 * <p>Quotas (USD and tokens per day or month) answer {@code insufficient_quota} with
 * {@code x-should-retry: false}; rate limits (per minute) answer {@code rate_limit_exceeded} with
 * {@code retry-after} and the {@code x-ratelimit-*} headers — except a request that can never fit
 * the rate limit, which gets {@code x-should-retry: false}.
 */
final class BudgetRefusal {

    private BudgetRefusal() {
    }

    /** The answer to {@code reservation} refused by {@code refused} at {@code now}. */
    public static ApiError of(Reservation reservation, ReserveResult.Refused refused, Instant now) {
        CounterLimit limit = refused.limit();
        return limit.counter().window() instanceof Window.Minute
                ? rateLimited(reservation, refused, now) : quotaExhausted(reservation, refused);
    }

    private static ApiError quotaExhausted(Reservation reservation, ReserveResult.Refused refused) {
        CounterLimit limit = refused.limit();
        Measure measure = limit.measure();
        long worst = reservation.amountOf(measure);
        String what = "the " + limit.scopeLabel() + " " + kind(measure) + " of " + amount(measure, limit.limit())
                + " per " + period(limit.counter().window());
        String message;
        if (refused.settled() >= limit.limit()) {
            message = capitalised(what) + " has been " + (refused.settled() > limit.limit() ? "exceeded" : "reached")
                    + " (" + amount(measure, refused.settled()) + " " + spent(measure) + ").";
        } else if (worst > limit.limit()) {
            message = "This request's worst case of " + amount(measure, worst) + " is more than " + what
                    + " allows at all; lower max_tokens or shorten the prompt.";
        } else {
            message = "This request's worst case of " + amount(measure, worst) + " would exceed " + what + " ("
                    + amount(measure, refused.settled()) + " " + spent(measure) + ", "
                    + amount(measure, refused.inFlight()) + " committed).";
        }
        return new ApiError(429, "insufficient_quota", "insufficient_quota", null, message, Map.of("x-should-retry", "false"));
    }

    private static ApiError rateLimited(Reservation reservation, ReserveResult.Refused refused, Instant now) {
        CounterLimit limit = refused.limit();
        Measure measure = limit.measure();
        long worst = reservation.amountOf(measure);
        long retryAfter = secondsUntilEnd(limit, now);
        String unit = measure == Measure.REQUESTS ? "requests" : "tokens";
        String what = "the " + limit.scopeLabel() + " rate limit of " + amount(measure, limit.limit()) + " per minute";
        boolean never = worst > limit.limit();
        String message;
        if (never) {
            message = "This request's worst case of " + amount(measure, worst) + " is more than " + what
                    + " allows at all; lower max_tokens or shorten the prompt.";
        } else if (refused.used() >= limit.limit() || measure == Measure.REQUESTS) {
            message = capitalised(what) + " has been reached; retry in " + retryAfter + " s.";
        } else {
            message = "This request's worst case of " + amount(measure, worst) + " would exceed " + what + " ("
                    + amount(measure, refused.used()) + " used this minute); retry in " + retryAfter + " s.";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("retry-after", Long.toString(retryAfter));
        headers.put("x-ratelimit-limit-" + unit, Long.toString(limit.limit()));
        headers.put("x-ratelimit-remaining-" + unit, Long.toString(Math.max(0, limit.limit() - refused.used())));
        headers.put("x-ratelimit-reset-" + unit, retryAfter + "s");
        if (never) {
            headers.put("x-should-retry", "false");
        }
        return new ApiError(429, "rate_limit_error", "rate_limit_exceeded", null, message, headers);
    }

    /** Whole seconds until the limit's minute ends, at least 1 (1 for windows that are not minutes). */
    static long secondsUntilEnd(CounterLimit limit, Instant now) {
        if (!(limit.counter().window() instanceof Window.Minute minute)) {
            return 1;
        }
        long millis = Duration.between(now, minute.end()).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String kind(Measure measure) {
        return switch (measure) {
            case USD_MICROS -> "budget";
            case TOKENS -> "token quota";
            case REQUESTS -> "request quota";
        };
    }

    private static String period(Window window) {
        return switch (window) {
            case Window.Month month -> "month";
            case Window.Day day -> "day";
            case Window.Minute minute -> "minute";
        };
    }

    /** USD exactly ({@code $0.000308}); counts with their unit ({@code 1 token}, {@code 500 tokens}). */
    private static String amount(Measure measure, long value) {
        return switch (measure) {
            case USD_MICROS -> UsdMicros.toDisplay(value);
            case TOKENS -> value + (value == 1 ? " token" : " tokens");
            case REQUESTS -> value + (value == 1 ? " request" : " requests");
        };
    }

    private static String spent(Measure measure) {
        return measure == Measure.USD_MICROS ? "spent" : "used";
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
