package com.gaterouter.common.spend;

/** What a limit counts. */
public enum Measure {
    /** Cost in micro-USD: monthly and daily budgets. */
    USD_MICROS,
    /** Tokens (prompt + completion): token quotas and TPM. */
    TOKENS,
    /** Requests: RPM. */
    REQUESTS
}
