package com.gaterouter.router.vendors;

/**
 * A rough token count (≈ 4 characters a token) for the rare case where a vendor stream stops
 * before reporting usage: metering then bills the estimate instead of $0.
 */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    public static long ofChars(long chars) {
        return (chars + 3) / 4;
    }
}
