package com.gaterouter.admin.reconciliation;

import java.util.Locale;

/** Why a reconciliation row's invoice and gateway figures differ (docs/finops.md, "Reconciliation"). */
public enum Cause {
    /** The cost difference is within the rounding tolerance. */
    MATCHED(true),
    /** The invoice has more tokens, and those tokens at the price book's price are the difference: traffic past the gateway. */
    BYPASS(true),
    /** The prompt tokens agree in total but the vendor split them differently into cached and cache-write tokens, or priced those differently. */
    CACHE_PRICING(true),
    /** Tokens agree per class but the invoice priced them otherwise: a price the gateway's table does not have. */
    PRICE_CHANGE(true),
    /** The gateway has usage the invoice lacks. */
    NOT_BILLED(false),
    /** The invoice names a model the catalog does not know. */
    UNKNOWN_MODEL(false),
    /** None of the above accounts for the difference. */
    UNEXPLAINED(false);

    private final boolean explained;

    Cause(boolean explained) {
        this.explained = explained;
    }

    /** Whether a row of this cause counts as reconciled. */
    public boolean explained() {
        return explained;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
