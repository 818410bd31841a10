package com.gaterouter.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a vendor charges for one model, in micro-USD per 1M tokens of each class (0 when the model
 * has no such class).
 *
 * @param input       uncached input tokens
 * @param cachedInput input tokens read from the prompt cache
 * @param cacheWrite  input tokens written to the prompt cache
 * @param output      output tokens, reasoning included
 */
public record SimPrice(long input, long cachedInput, long cacheWrite, long output) {

    public SimPrice {
        if (input < 0 || cachedInput < 0 || cacheWrite < 0 || output < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    /** From USD per 1M tokens as decimal strings ({@code "2.50"}); {@code null} is 0. At most 6 decimals. */
    public static SimPrice usdPerMillion(String input, String cachedInput, String cacheWrite, String output) {
        return new SimPrice(micros(input, "input"), micros(cachedInput, "cachedInput"), micros(cacheWrite, "cacheWrite"),
                micros(output, "output"));
    }

    private static long micros(String usd, String name) {
        if (usd == null) {
            return 0;
        }
        try {
            return new BigDecimal(usd.trim()).movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be USD per 1M tokens with at most 6 decimals, not \"" + usd + "\"", e);
        }
    }
}
