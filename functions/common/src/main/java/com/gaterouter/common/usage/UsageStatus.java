package com.gaterouter.common.usage;

/** How a metered request ended. */
public enum UsageStatus {
    /** The vendor answered and the whole answer reached the client. */
    SUCCEEDED,
    /** The vendor failed (after retries); nothing billable unless tokens were streamed. */
    VENDOR_FAILED,
    /** The client went away mid-stream; metered for what was generated. */
    CLIENT_DISCONNECTED,
    /**
     * The vendor refused the request as the caller's error (invalid, too long for the model's
     * context window, refused by a content policy): answered 400, not billed, not a vendor failure.
     */
    INVALID_REQUEST,
    /**
     * The gateway refused the request before any vendor call: a budget, token quota or rate limit had
     * no room for it (429) or the key may not use the model (403). No tokens, no cost, no counter moved;
     * analytics counts it as a refusal, never as a request.
     */
    REFUSED
}
