package com.gaterouter.common.accounts;

import java.util.OptionalLong;

/**
 * Spend, token and rate limits of one scope; an empty value means "no limit here". Money in
 * micro-USD. Periods are calendar months and days in the tenant's time zone; rates are per minute.
 */
public record Limits(OptionalLong monthlyUsdMicros, OptionalLong dailyUsdMicros,
                     OptionalLong monthlyTokens, OptionalLong dailyTokens,
                     OptionalLong requestsPerMinute, OptionalLong tokensPerMinute) {

    public static final Limits NONE = new Limits(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    public Limits {
        monthlyUsdMicros = requireNonNegative(monthlyUsdMicros, "monthlyUsdMicros");
        dailyUsdMicros = requireNonNegative(dailyUsdMicros, "dailyUsdMicros");
        monthlyTokens = requireNonNegative(monthlyTokens, "monthlyTokens");
        dailyTokens = requireNonNegative(dailyTokens, "dailyTokens");
        requestsPerMinute = requireNonNegative(requestsPerMinute, "requestsPerMinute");
        tokensPerMinute = requireNonNegative(tokensPerMinute, "tokensPerMinute");
    }

    public boolean isEmpty() {
        return this.equals(NONE);
    }

    private static OptionalLong requireNonNegative(OptionalLong value, String name) {
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.isPresent() && value.getAsLong() < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }
}
