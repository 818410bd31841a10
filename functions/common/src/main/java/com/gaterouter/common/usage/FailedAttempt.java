package com.gaterouter.common.usage;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One vendor call of a request that failed — one a retry on the same model or a fallback to the
 * next candidate replaced, or, when the whole request failed, one of the attempts that failed it.
 *
 * @param attempt       the attempt's number within the request, from 1 (the record's {@code attempts} counts them all)
 * @param modelId       the catalog id that was called, e.g. {@code openai/gpt-4o-mini}
 * @param vendor        the vendor's name, e.g. {@code openai}
 * @param failureKind   how it failed, the router's {@code VendorFailure.Kind} name ({@code RATE_LIMITED},
 *                      {@code SERVER_ERROR}, {@code TIMEOUT}, {@code CONNECTION}, {@code MALFORMED_RESPONSE},
 *                      {@code UNAUTHORIZED}, {@code QUOTA_EXHAUSTED}, {@code NOT_FOUND}, {@code BAD_REQUEST},
 *                      {@code CONTEXT_LENGTH_EXCEEDED}, {@code CONTENT_FILTERED})
 * @param httpStatus    the vendor's HTTP status, if it answered with one (none for time-outs and broken connections)
 * @param latencyMillis how long the attempt took
 */
public record FailedAttempt(int attempt, String modelId, String vendor, String failureKind, OptionalInt httpStatus,
                            long latencyMillis) {

    public FailedAttempt {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(failureKind, "failureKind");
        httpStatus = httpStatus == null ? OptionalInt.empty() : httpStatus;
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1");
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (failureKind.isBlank()) {
            throw new IllegalArgumentException("failureKind must not be blank");
        }
    }

    /** {@code status} 0 or less means the vendor gave none. */
    public static FailedAttempt of(int attempt, String modelId, String vendor, String failureKind, int status,
                                   long latencyMillis) {
        return new FailedAttempt(attempt, modelId, vendor, failureKind,
                status > 0 ? OptionalInt.of(status) : OptionalInt.empty(), latencyMillis);
    }
}
