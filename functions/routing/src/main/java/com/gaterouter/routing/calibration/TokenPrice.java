package com.gaterouter.routing.calibration;

/**
 * A model's price in USD per 1M tokens, for what-if costs (a calibration's weak and strong model).
 *
 * @param inputPerMillion  USD per 1M input tokens
 * @param outputPerMillion USD per 1M output tokens
 */
public record TokenPrice(double inputPerMillion, double outputPerMillion) {

    public TokenPrice {
        if (!(inputPerMillion >= 0 && Double.isFinite(inputPerMillion) && outputPerMillion >= 0 && Double.isFinite(outputPerMillion))) {
            throw new IllegalArgumentException("prices are finite and not negative, got " + inputPerMillion + " and " + outputPerMillion);
        }
    }

    /** USD for {@code inputTokens} in and {@code outputTokens} out. */
    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000;
    }
}
