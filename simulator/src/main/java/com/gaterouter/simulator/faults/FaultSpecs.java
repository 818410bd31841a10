package com.gaterouter.simulator.faults;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.text.DirectiveLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link Fault} from a name and loose parameters, shared by in-band directives
 * ({@code [[sim:fault=rate_limit,retry_after=1]]}) and the control endpoint
 * ({@code {"fault":"rate_limit","retryAfterSeconds":1}}). Names and parameter keys are
 * normalised (case, {@code _} and {@code -} ignored), so both spellings work.
 */
public final class FaultSpecs {

    private FaultSpecs() {
    }

    /**
     * @param name   rate_limit | server_error | overloaded | timeout | malformed | stream_cut |
     *               stream_error | unauthorized | bad_request | content_filter | quota_exhausted | model_not_found
     * @param params keys such as retry_after (s), retry_after_ms, status, ms / hang_ms, seconds, after
     * @throws IllegalArgumentException for an unknown name or a bad parameter
     */
    public static Fault parse(String name, Map<String, String> params) {
        Map<String, String> p = new java.util.HashMap<>();
        params.forEach((k, v) -> p.put(normalise(k), v == null ? "" : v.trim()));
        return switch (normalise(name)) {
            case "ratelimit", "ratelimited", "429" -> new Fault.RateLimited(retryAfter(p));
            case "servererror", "error", "5xx", "500" -> new Fault.ServerError(intParam(p, 500, 500, 599, "status"));
            case "502" -> new Fault.ServerError(502);
            case "503", "unavailable" -> new Fault.ServerError(503);
            case "overloaded", "529" -> new Fault.ServerError(529);
            case "timeout", "hang" -> new Fault.Timeout(hang(p));
            case "malformed", "malformedjson", "badjson" -> new Fault.MalformedJson();
            case "streamcut", "cut" -> new Fault.StreamCut(intParam(p, 2, 0, DirectiveLimits.MAX_TOKENS, "after", "afterchunks", "chunks"));
            case "streamerror" -> new Fault.StreamError(
                    intParam(p, 2, 0, DirectiveLimits.MAX_TOKENS, "after", "afterchunks", "chunks"), intParam(p, 500, 400, 599, "status"));
            case "unauthorized", "unauthorised", "auth", "401" -> new Fault.Unauthorized();
            case "badrequest", "invalidrequest", "invalid", "400" -> new Fault.Refused(Fault.Refusal.INVALID_REQUEST);
            case "contentfilter", "contentpolicy", "flagged" -> new Fault.Refused(Fault.Refusal.CONTENT_FILTER);
            case "quotaexhausted", "insufficientquota", "quota", "402" -> new Fault.Refused(Fault.Refusal.QUOTA_EXHAUSTED);
            case "modelnotfound", "unknownmodel", "404" -> new Fault.Refused(Fault.Refusal.MODEL_NOT_FOUND);
            default -> throw new IllegalArgumentException("unknown fault '" + name
                    + "' (use rate_limit, server_error, overloaded, timeout, malformed, stream_cut, stream_error, unauthorized, "
                    + "bad_request, content_filter, quota_exhausted, model_not_found)");
        };
    }

    /** Lower-case, without underscores and dashes. */
    public static String normalise(String key) {
        return key == null ? "" : key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").trim();
    }

    private static Duration retryAfter(Map<String, String> p) {
        Optional<String> ms = first(p, "retryafterms");
        if (ms.isPresent()) {
            return Duration.ofMillis(DirectiveLimits.boundedInt("retry_after_ms", ms.get(), 0, DirectiveLimits.MAX_DELAY_MS));
        }
        return seconds(first(p, "retryafter", "retryafterseconds", "seconds").orElse("1"), "retry_after");
    }

    private static Duration hang(Map<String, String> p) {
        Optional<String> seconds = first(p, "seconds", "hangseconds");
        if (seconds.isPresent()) {
            return seconds(seconds.get(), "seconds");
        }
        return Duration.ofMillis(DirectiveLimits.boundedInt("ms", first(p, "ms", "hangms", "millis").orElse("10000"), 0, DirectiveLimits.MAX_DELAY_MS));
    }

    /** Seconds, fractions allowed, between 0 and {@link DirectiveLimits#MAX_DELAY_MS}. */
    private static Duration seconds(String value, String key) {
        BigDecimal s;
        try {
            // a short number only: BigDecimal would accept 1e999999999 and take its time over it
            if (value.length() > 20) {
                throw new NumberFormatException();
            }
            s = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a number of seconds, was '" + DirectiveLimits.shorten(value) + "'");
        }
        BigDecimal max = BigDecimal.valueOf(DirectiveLimits.MAX_DELAY_MS / 1000);
        if (s.signum() < 0 || s.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + key + "' must be between 0 and " + max + " seconds, was " + DirectiveLimits.shorten(value));
        }
        return Duration.ofMillis(s.movePointRight(3).longValue());
    }

    private static int intParam(Map<String, String> p, int fallback, int min, int max, String... keys) {
        Optional<String> v = first(p, keys);
        return v.isEmpty() ? fallback : DirectiveLimits.boundedInt(keys[0], v.get(), min, max);
    }

    private static Optional<String> first(Map<String, String> p, String... keys) {
        for (String k : keys) {
            String v = p.get(k);
            if (v != null && !v.isEmpty()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
