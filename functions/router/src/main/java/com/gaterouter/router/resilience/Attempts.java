package com.gaterouter.router.resilience;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.router.planning.Candidate;
import com.gaterouter.router.vendors.MessageScrubber;
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
 * rather than failing unseen. A vendor key the vendor rejects is re-read once.
 *
 * <p>A request the vendor refuses as the caller's error ({@link VendorFailure.Kind#callerError()}:
 * invalid, refused by a content policy) ends the attempts: every candidate receives the same
 * request, so another would refuse it too — after costing latency, perhaps money, and hiding the
 * error behind a different one — and a content-policy refusal must not be shopped around until
 * some vendor accepts. The one exception is a prompt too long for the model's context window:
 * only later candidates with a larger window are tried (the gateway's estimate let it through,
 * so a model with more room may serve it). Such failures never count against a vendor's breaker.
 * Every failure's message is scrubbed of the call's key and internal URLs before anyone sees it.
 * A candidate with fields to drop ({@link Candidate#dropped()}) is called with a copy of the body without them.
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
    private final Optional<Duration> streamTimeLimit;

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
        this(vendorKeys, retryPolicy, breakers, sleeper, requestTimeLimit, Optional.empty());
    }

    /**
     * @param streamTimeLimit the limit for a request with {@code "stream": true} when it differs
     *                        ({@code requestTimeLimit} when empty): the whole stream, retries before
     *                        its first event included, must end within it
     */
    public Attempts(VendorKeys vendorKeys, RetryPolicy retryPolicy, CircuitBreakers breakers, Sleeper sleeper,
                    Optional<Duration> requestTimeLimit, Optional<Duration> streamTimeLimit) {
        this.vendorKeys = vendorKeys;
        this.retryPolicy = retryPolicy;
        this.breakers = breakers;
        this.sleeper = sleeper;
        this.requestTimeLimit = requestTimeLimit;
        this.streamTimeLimit = streamTimeLimit;
    }

    public CircuitBreakers breakers() {
        return breakers;
    }

    /**
     * {@code candidates} with those whose vendor's circuit breaker is open moved last, so a healthy
     * vendor is picked first rather than waiting for the attempt loop to skip the unhealthy one; the
     * same list when all or none are open.
     */
    public List<Candidate> healthyFirst(List<Candidate> candidates) {
        List<Candidate> healthy = new ArrayList<>();
        List<Candidate> open = new ArrayList<>();
        for (Candidate candidate : candidates) {
            boolean isOpen = breakers.forVendor(candidate.vendor().name()).state() == CircuitBreaker.State.OPEN;
            (isOpen ? open : healthy).add(candidate);
        }
        if (open.isEmpty() || healthy.isEmpty()) {
            return candidates;
        }
        healthy.addAll(open);
        return healthy;
    }

    /**
     * A stream that failed after its first chunk (not an attempt to retry: the client has bytes)
     * still tells its vendor's breaker, as a failed attempt would ({@link #recordHealth}).
     */
    public void failedMidStream(Candidate candidate, VendorFailure failure) {
        recordHealth(breakers.forVendor(candidate.vendor().name()), failure);
    }

    /** The first successful attempt's value, or empty when all failed ({@link Progress#lastFailure()} says why). */
    public <T> Optional<T> run(Progress progress, String tenantId, ObjectNode request, String requestId, Attempt<T> attempt) {
        Optional<Duration> limit = request.path("stream").asBoolean(false)
                ? streamTimeLimit.or(() -> requestTimeLimit) : requestTimeLimit;
        Optional<Instant> deadline = limit.map(l -> Instant.now().plus(l));
        boolean anyAllowed = progress.candidates.stream()
                .anyMatch(c -> breakers.forVendor(c.vendor().name()).state() != CircuitBreaker.State.OPEN);
        // after a context-length refusal: only a window larger than the refusing model's can help
        int windowRefused = 0;
        for (Candidate candidate : progress.candidates) {
            if (candidate.model().contextWindow() <= windowRefused) {
                continue;
            }
            CircuitBreaker breaker = breakers.forVendor(candidate.vendor().name());
            if (anyAllowed && !breaker.tryAcquire()) {
                continue;
            }
            progress.current = candidate;
            ObjectNode body = forCandidate(request, candidate);
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
                VendorCall call = new VendorCall(candidate.model(), candidate.vendor(), apiKey.get(), body, requestId, deadline);
                Outcome<T> outcome = attempt.run(call);
                if (outcome instanceof Outcome.Success<T> success) {
                    breaker.onSuccess();
                    return Optional.of(success.value());
                }
                VendorFailure failure = MessageScrubber.scrub(((Outcome.Failure<T>) outcome).failure(), call);
                progress.lastFailure = failure;
                progress.failedAttempts.add(FailedAttempt.of(progress.attempts, candidate.model().id(), candidate.model().vendor(),
                        failure.kind().name(), failure.vendorStatus(), Duration.ofNanos(System.nanoTime() - started).toMillis()));
                recordHealth(breaker, failure);
                Map<String, Object> attemptLog = Map.of("model", candidate.model().id(), "attempt", progress.attempts,
                        "kind", failure.kind().name(), "vendorStatus", failure.vendorStatus());
                if (failure.kind().callerError()) {
                    // the caller's request, not an operational problem: no warning per bad request
                    LOG.info("vendor refused the request {}", StructuredArguments.entries(attemptLog));
                } else {
                    LOG.warn("vendor attempt failed {}", StructuredArguments.entries(attemptLog));
                }
                if (failure.kind() == VendorFailure.Kind.CONTEXT_LENGTH_EXCEEDED) {
                    windowRefused = Math.max(windowRefused, candidate.model().contextWindow());
                    break;
                }
                if (failure.kind().callerError()) {
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

    /**
     * The body {@code candidate}'s vendor is called with: {@code request} itself, or, when the
     * tenant's drop policy left fields out for this candidate ({@link Candidate#dropped()}), a copy
     * without them (the request stays as it is for the other candidates). No copy on the common path;
     * otherwise a shallow one, sharing the messages: adapters never modify the request.
     */
    static ObjectNode forCandidate(ObjectNode request, Candidate candidate) {
        if (candidate.dropped().isEmpty()) {
            return request;
        }
        ObjectNode copy = request.objectNode();
        copy.setAll(request);
        copy.remove(candidate.dropped());
        return copy;
    }

    /** The request's time is up: no further attempt; the answer is a timeout (504) naming the limit. */
    private static <T> Optional<T> outOfTime(Progress progress) {
        progress.lastFailure = VendorFailure.of(VendorFailure.Kind.TIMEOUT, 0,
                "the request's time limit was reached before a vendor answered"
                        + (progress.lastFailure == null ? "" : " (last failure: " + progress.lastFailure.message() + ")"));
        return Optional.empty();
    }

    /**
     * Only the vendor's own failures count towards opening its breaker: a busy vendor (429), the
     * gateway's credentials or account, and above all the caller's invalid requests say nothing
     * about its health — otherwise one client sending bad requests would cut every tenant off it.
     */
    private static void recordHealth(CircuitBreaker breaker, VendorFailure failure) {
        if (failure.kind().vendorFault()) {
            breaker.onFailure();
        } else {
            breaker.onNeutral();
        }
    }
}
