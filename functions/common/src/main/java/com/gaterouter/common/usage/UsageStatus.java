package com.gaterouter.common.usage;

/** How a metered request ended. */
public enum UsageStatus {
    /** The vendor answered and the whole answer reached the client. */
    SUCCEEDED,
    /** The vendor failed (after retries); nothing billable unless tokens were streamed. */
    VENDOR_FAILED,
    /** The client went away mid-stream; metered for what was generated. */
    CLIENT_DISCONNECTED
}
