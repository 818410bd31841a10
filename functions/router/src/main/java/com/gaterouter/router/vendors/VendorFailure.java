package com.gaterouter.router.vendors;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a vendor call failed, in terms the gateway acts on: retry the same model, fall back to the
 * next candidate, or stop because the caller's request is at fault. {@code message} is safe to show
 * the client: it never contains keys, internal URLs or the prompt.
 *
 * @param param the request field the vendor named as the culprit ({@code error.param} of an
 *              OpenAI-shaped answer: those name fields of our own, OpenAI-shaped, request), if any
 */
public record VendorFailure(Kind kind, int vendorStatus, Optional<Duration> retryAfter, String message, Optional<String> param) {

    /**
     * What went wrong, and so what the gateway does next. The names are recorded in usage records
     * ({@code failedAttempts[].kind}), so they are part of the data's contract.
     */
    public enum Kind {
        /** 429: busy; retried after its Retry-After (when short) or a backoff, then the next candidate. */
        RATE_LIMITED(Fault.VENDOR_BUSY, true),
        /** 5xx, an overloaded vendor, an unexpected status: retried, then the next candidate. */
        SERVER_ERROR(Fault.VENDOR, true),
        /** No answer in time: retried, then the next candidate. */
        TIMEOUT(Fault.VENDOR, true),
        /** The connection failed or broke: retried, then the next candidate. */
        CONNECTION(Fault.VENDOR, true),
        /** A 200 the adapter cannot read: not retried (the vendor may have billed it), the next candidate. */
        MALFORMED_RESPONSE(Fault.VENDOR, false),
        /** The vendor rejects the gateway's credentials or account (401, 403): key re-read once, then the next candidate. */
        UNAUTHORIZED(Fault.GATEWAY, false),
        /** The gateway's vendor account has no credit or quota left (OpenAI insufficient_quota, DeepSeek 402, …): the next candidate. */
        QUOTA_EXHAUSTED(Fault.GATEWAY, false),
        /** The vendor does not know the model or endpoint the catalog names (404): the next candidate. */
        NOT_FOUND(Fault.GATEWAY, false),
        /** The vendor refused the request as invalid (400, 413, 422): the caller's error; no retry, no fallback. */
        BAD_REQUEST(Fault.CALLER, false),
        /**
         * The prompt (plus the requested output) is longer than the model's context window: the
         * caller's error; only a later candidate with a larger window is tried.
         */
        CONTEXT_LENGTH_EXCEEDED(Fault.CALLER, false),
        /** The vendor's content policy refused the prompt: the caller's; no retry, no fallback (never shopped around). */
        CONTENT_FILTERED(Fault.CALLER, false);

        private final Fault fault;
        private final boolean retryable;

        Kind(Fault fault, boolean retryable) {
            this.fault = fault;
            this.retryable = retryable;
        }

        /** Worth trying again on the same model. */
        public boolean retryable() {
            return retryable;
        }

        /** The caller's request is at fault: the same request fails anywhere, so attempts end (400). */
        public boolean callerError() {
            return fault == Fault.CALLER;
        }

        /** Evidence that the vendor is unhealthy: counts towards opening its circuit breaker. */
        public boolean vendorFault() {
            return fault == Fault.VENDOR;
        }
    }

    /** Whose fault a failure is: decides retries, fallback, circuit breaking and the status the client sees. */
    private enum Fault {
        /** The vendor is failing: counts against its health. */
        VENDOR,
        /** The vendor is up but busy: its health is fine. */
        VENDOR_BUSY,
        /** The gateway's configuration or account at this vendor: try another vendor, its health is fine. */
        GATEWAY,
        /** The caller's request: stop. */
        CALLER
    }

    public VendorFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
        param = param == null ? Optional.empty() : param;
    }

    public VendorFailure(Kind kind, int vendorStatus, Optional<Duration> retryAfter, String message) {
        this(kind, vendorStatus, retryAfter, message, Optional.empty());
    }

    public static VendorFailure of(Kind kind, int vendorStatus, String message) {
        return new VendorFailure(kind, vendorStatus, Optional.empty(), message, Optional.empty());
    }

    /** The same failure with its message cleaned by {@code scrub} (keys, internal URLs). */
    public VendorFailure withMessage(String newMessage) {
        return new VendorFailure(kind, vendorStatus, retryAfter, newMessage, param);
    }
}
