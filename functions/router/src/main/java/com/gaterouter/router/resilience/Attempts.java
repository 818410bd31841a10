package com.gaterouter.router.resilience;

import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.router.chat.Candidate;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * Runs one client request against its candidate models: on each, retries retryable failures per
 * the {@link RetryPolicy}; then moves to the next candidate. Candidates whose vendor's circuit
 * breaker is open are skipped, unless every candidate's is, in which case they are tried anyway
 * rather than failing unseen. A vendor key the vendor rejects is re-read once. Bad requests are
 * neither retried nor sent elsewhere: the client's request is at fault.
 */
public final class Attempts {

    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

    /** Waiting between attempts; tests substitute a recorder. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
    }

    /** One attempt's result: a value to return, or a failure to act on. */
    public sealed interface Outcome<T> {
        record Success<T>(T value) implements Outcome<T> {
        }

        record Failure<T>(VendorFailure failure) implements Outcome<T> {
        }
    }

    /** The state of one request's attempts, readable while they run (e.g. for stream headers). */
    public static final class Progress {
        private final List<Candidate> candidates;
        private Candidate current;
        private int attempts;
        private VendorFailure lastFailure;
        private final List<FailedAttempt> failedAttempts = new ArrayList<>();

        public Progress(List<Candidate> candidates) {
            this.candidates = List.copyOf(candidates);
            this.current = candidates.get(0);
        }

        public Candidate current() {
            return current;
        }

        public List<Candidate> candidates() {
            return candidates;
        }

        public int attempts() {
            return attempts;
        }

        public boolean fellBack() {
            return current != candidates.get(0);
        }

        public int candidateCount() {
            return candidates.size();
        }

        /**
         * The vendor calls that failed so far, in order (for the usage record): those a retry or a
         * fallback replaced, and, when every attempt failed, all of them. A candidate skipped
         * without a call (open circuit, no credentials) made no attempt and is not listed; nor is a
         * stream that failed after its first chunk, which is the request's own outcome.
         */
        public List<FailedAttempt> failedAttempts() {
            return List.copyOf(failedAttempts);
        }

        /** The last failure, or a circuit-open failure if no candidate could be tried. */
        public VendorFailure lastFailure() {
            return lastFailure != null ? lastFailure : VendorFailure.of(VendorFailure.Kind.SERVER_ERROR, 0,
                    "every candidate vendor is temporarily unavailable (circuit breaker open)");
        }
    }

    @FunctionalInterface
    public interface Attempt<T> {
        Outcome<T> run(VendorCall call);
    }

    private final VendorKeys vendorKeys;
    private final RetryPolicy retryPolicy;
    private final CircuitBreakers breakers;
    private final Sleeper sleeper;
    private final Optional<Duration> requestTimeLimit;

    public Attempts(VendorKeys vendorKeys, RetryPolicy retryPolicy, CircuitBreakers breakers, Sleeper sleeper) {
        this(vendorKeys, retryPolicy, breakers, sleeper, Optional.empty());
    }

    /**
     * @param requestTimeLimit how long one client request may spend on vendors, retries and
     *                         fallbacks included: in Lambda, less than the function's timeout, so the
     *                         request is always answered and metered before the function is stopped
     */
    public Attempts(VendorKeys vendorKeys, RetryPolicy retryPolicy, CircuitBreakers breakers, Sleeper sleeper,
                    Optional<Duration> requestTimeLimit) {
        this.vendorKeys = vendorKeys;
        this.retryPolicy = retryPolicy;
        this.breakers = breakers;
        this.sleeper = sleeper;
        this.requestTimeLimit = requestTimeLimit;
    }

    public CircuitBreakers breakers() {
        return breakers;
    }

    /** The first successful attempt's value, or empty when all failed ({@link Progress#lastFailure()} says why). */
    public <T> Optional<T> run(Progress progress, String tenantId, com.fasterxml.jackson.databind.node.ObjectNode request,
                               String requestId, Attempt<T> attempt) {
        Optional<Instant> deadline = requestTimeLimit.map(limit -> Instant.now().plus(limit));
        boolean anyAllowed = progress.candidates.stream()
                .anyMatch(c -> breakers.forVendor(c.vendor().name()).state() != CircuitBreaker.State.OPEN);
        for (Candidate candidate : progress.candidates) {
            CircuitBreaker breaker = breakers.forVendor(candidate.vendor().name());
            if (anyAllowed && !breaker.tryAcquire()) {
                continue;
            }
            progress.current = candidate;
            boolean keysRefreshed = false;
            for (int onThisModel = 1; ; onThisModel++) {
                Optional<String> apiKey = vendorKeys.keyFor(candidate.vendor(), tenantId);
                if (apiKey.isEmpty()) {
                    progress.lastFailure = VendorFailure.of(VendorFailure.Kind.UNAUTHORIZED, 0,
                            "no credentials configured for " + candidate.vendor().name());
                    breaker.onNeutral();
                    break;
                }
                if (deadline.isPresent() && !Instant.now().isBefore(deadline.get())) {
                    return outOfTime(progress);
                }
                progress.attempts++;
                long started = System.nanoTime();
                Outcome<T> outcome = attempt.run(new VendorCall(candidate.model(), candidate.vendor(), apiKey.get(), request, requestId,
                        deadline));
                if (outcome instanceof Outcome.Success<T> success) {
                    breaker.onSuccess();
                    return Optional.of(success.value());
                }
                VendorFailure failure = ((Outcome.Failure<T>) outcome).failure();
                progress.lastFailure = failure;
                progress.failedAttempts.add(FailedAttempt.of(progress.attempts, candidate.model().id(), candidate.model().vendor(),
                        failure.kind().name(), failure.vendorStatus(), Duration.ofNanos(System.nanoTime() - started).toMillis()));
                recordHealth(breaker, failure);
                LOG.warn("vendor attempt failed {}", StructuredArguments.entries(Map.of("model", candidate.model().id(),
                        "attempt", progress.attempts, "kind", failure.kind().name(), "vendorStatus", failure.vendorStatus())));
                if (failure.kind() == VendorFailure.Kind.BAD_REQUEST) {
                    return Optional.empty();
                }
                if (failure.kind() == VendorFailure.Kind.UNAUTHORIZED && !keysRefreshed) {
                    // a rotated key: re-read the secret once and try again on the same model
                    vendorKeys.refresh(tenantId);
                    keysRefreshed = true;
                    onThisModel--;
                    continue;
                }
                Optional<Duration> delay = retryPolicy.retryDelay(failure, onThisModel);
                if (delay.isEmpty() || !breaker.tryAcquire()) {
                    break;
                }
                if (deadline.isPresent() && !Instant.now().plus(delay.get()).isBefore(deadline.get())) {
                    return outOfTime(progress);
                }
                try {
                    sleeper.sleep(delay.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The request's time is up: no further attempt; the answer is a timeout (504) naming the limit. */
    private static <T> Optional<T> outOfTime(Progress progress) {
        progress.lastFailure = VendorFailure.of(VendorFailure.Kind.TIMEOUT, 0,
                "the request's time limit was reached before a vendor answered"
                        + (progress.lastFailure == null ? "" : " (last failure: " + progress.lastFailure.message() + ")"));
        return Optional.empty();
    }

    private static void recordHealth(CircuitBreaker breaker, VendorFailure failure) {
        switch (failure.kind()) {
            case SERVER_ERROR, TIMEOUT, CONNECTION, MALFORMED_RESPONSE -> breaker.onFailure();
            case RATE_LIMITED, BAD_REQUEST, UNAUTHORIZED -> breaker.onNeutral();
        }
    }
}
