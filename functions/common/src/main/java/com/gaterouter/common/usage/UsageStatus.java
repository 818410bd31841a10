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
     * The gateway refused the request before any vendor call: a budget, token quota or rate limit had
     * no room for it (429) or the key may not use the model (403). No tokens, no cost, no counter moved;
     * analytics counts it as a refusal, never as a request.
     */
    REFUSED
}
