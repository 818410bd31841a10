package com.gaterouter.router.vendors;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.router.catalog.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the client is told when every attempt failed, decided by the last failure — the same for
 * every route that calls vendors (chat completions, embeddings) and documented in docs/api.md:
 * <ul>
 *   <li>the caller's request (invalid, too long for the window, refused by a content policy) →
 *       400 {@code invalid_request_error} with the vendor's (scrubbed) message;</li>
 *   <li>the gateway's side at the vendor (its key, its account's quota, a model the vendor does
 *       not know) → 502/503 saying so, never blaming the caller, never quoting the key;</li>
 *   <li>the vendor busy → 429, failing → 502, too slow → 504.</li>
 * </ul>
 * Answers that retrying in seconds cannot change carry {@code x-should-retry: false}, which the
 * OpenAI SDKs obey — they otherwise retry every 5xx.
 */
public final class VendorFailureAnswer {

    private VendorFailureAnswer() {
    }

    /**
     * @param model       the model of the last attempt
     * @param promptParam the request field holding the prompt ({@code messages}, {@code input}), named on context-length errors
     * @param tried       appended to messages of the vendor's failures, e.g. " (after 4 attempts on 2 models)"; may be empty
     */
    public static ApiError of(VendorFailure failure, ModelSpec model, String promptParam, String tried) {
        String vendor = model.vendor();
        String notYours = " Your request was not at fault.";
        return switch (failure.kind()) {
            case BAD_REQUEST -> new ApiError(400, "invalid_request_error", "vendor_rejected_request", failure.param().orElse(null),
                    failure.message(), noRetry());
            case CONTEXT_LENGTH_EXCEEDED -> new ApiError(400, "invalid_request_error", "context_length_exceeded",
                    failure.param().orElse(promptParam), failure.message(), noRetry());
            case CONTENT_FILTERED -> new ApiError(400, "invalid_request_error", "content_policy_violation",
                    failure.param().orElse(promptParam), failure.message(), noRetry());
            case RATE_LIMITED -> new ApiError(429, "rate_limit_error", "vendor_rate_limited", null, failure.message() + tried,
                    failure.retryAfter().map(d -> Map.of("retry-after", Long.toString(Math.max(1, d.toSeconds())))).orElse(Map.of()));
            case QUOTA_EXHAUSTED -> new ApiError(503, "api_error", "vendor_quota_exhausted", null,
                    vendor + " refused the gateway's account: its credit or quota at " + vendor + " is used up"
                            + status(failure) + "; the gateway's operator must top it up" + tried + "." + notYours, noRetry());
            // status 0: no call was made, for want of credentials
            case UNAUTHORIZED -> failure.vendorStatus() == 0
                    ? new ApiError(502, "api_error", "vendor_not_configured", null,
                            "The gateway has no credentials for " + vendor + " configured" + tried + "." + notYours, noRetry())
                    : new ApiError(502, "api_error", "vendor_auth_failed", null,
                            vendor + " rejected the gateway's credentials or account" + status(failure)
                                    + "; the gateway's operator must fix its " + vendor + " key" + tried + "." + notYours, noRetry());
            case NOT_FOUND -> new ApiError(502, "api_error", "vendor_model_not_found", null,
                    vendor + " does not know the model '" + model.upstream() + "' that " + model.id() + " is mapped to"
                            + status(failure) + "; the gateway's model catalog needs fixing" + tried + "." + notYours, noRetry());
            case TIMEOUT -> new ApiError(504, "api_error", "vendor_timeout", null, failure.message() + tried, Map.of());
            case MALFORMED_RESPONSE -> ApiError.badGateway("vendor_malformed_response", failure.message() + tried);
            case SERVER_ERROR, CONNECTION -> ApiError.badGateway("vendor_unavailable", failure.message() + tried);
        };
    }

    /** How the usage record classifies the failed request: the caller's error, or the vendor's (or the gateway's) failure. */
    public static UsageStatus usageStatus(VendorFailure failure) {
        return failure.kind().callerError() ? UsageStatus.INVALID_REQUEST : UsageStatus.VENDOR_FAILED;
    }

    private static String status(VendorFailure failure) {
        return failure.vendorStatus() > 0 ? " (HTTP " + failure.vendorStatus() + ")" : "";
    }

    private static Map<String, String> noRetry() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-should-retry", "false");
        return headers;
    }
}
