package com.gaterouter.router.resilience;

import com.gaterouter.router.vendors.VendorFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try the same model again, and after how long: retryable failures (429, 5xx, timeouts,
 * connection errors) get up to {@code maxAttemptsPerModel} attempts with full-jitter exponential
 * backoff. A vendor's Retry-After is honoured when it is short enough to be worth waiting for;
 * longer, and the request moves on to the next candidate model instead of waiting.
 */
public record RetryPolicy(int maxAttemptsPerModel, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttemptsPerModel < 1) {
            throw new IllegalArgumentException("at least one attempt per model");
        }
    }

    /**
     * The wait before attempt {@code attempt + 1} on the same model, or empty when the failure
     * should not be retried there (not retryable, attempts used up, or Retry-After too long).
     *
     * @param attempt attempts already made on this model (1 after the first failure)
     */
    public Optional<Duration> retryDelay(VendorFailure failure, int attempt) {
        if (!failure.kind().retryable() || attempt >= maxAttemptsPerModel) {
            return Optional.empty();
        }
        if (failure.retryAfter().isPresent()) {
            Duration retryAfter = failure.retryAfter().get();
            return retryAfter.compareTo(maxRetryAfter) <= 0 ? Optional.of(retryAfter) : Optional.empty();
        }
        // full jitter: uniform in [0, min(max, base × 2^(attempt-1))], which spreads synchronized retries
        long ceiling = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(attempt - 1, 20));
        return Optional.of(Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1)));
    }
}
