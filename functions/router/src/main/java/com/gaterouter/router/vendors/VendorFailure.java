package com.gaterouter.router.vendors;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a vendor call failed, in terms the gateway acts on (retry, fall back, or give up).
 * {@code message} is safe to show the client: it never contains keys or the prompt.
 */
public record VendorFailure(Kind kind, int vendorStatus, Optional<Duration> retryAfter, String message) {

    public enum Kind {
        RATE_LIMITED(true),
        SERVER_ERROR(true),
        TIMEOUT(true),
        CONNECTION(true),
        MALFORMED_RESPONSE(false),
        UNAUTHORIZED(false),
        BAD_REQUEST(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    public VendorFailure {
        retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    public static VendorFailure of(Kind kind, int vendorStatus, String message) {
        return new VendorFailure(kind, vendorStatus, Optional.empty(), message);
    }
}
