package com.gaterouter.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the classifier's score (0..1, the probability that the request needs a strong model)
 * changes tier: below {@code lightBelow} is light, from {@code heavyFrom} up is heavy, between is
 * standard. {@code lightBelow == heavyFrom} means no standard tier.
 *
 * <p>The presets were read off the held-in validation curves (docs/routing.md, "Thresholds"):
 * every preset keeps {@code lightBelow} above the classifier's tools floor (0.45 is the floor, so
 * a request with tools is never light under any preset).
 */
public record TierThresholds(double lightBelow, double heavyFrom) {

    /** The defaults of {@code prefer: balanced}; see docs/routing.md for how they were chosen. */
    public static final TierThresholds BALANCED = new TierThresholds(0.30, 0.60);

    /** {@code prefer: cost}: more traffic stays on light models (higher thresholds). */
    public static final TierThresholds COST = new TierThresholds(0.40, 0.70);

    /** {@code prefer: quality}: more traffic goes to stronger models (lower thresholds). */
    public static final TierThresholds QUALITY = new TierThresholds(0.20, 0.50);

    public TierThresholds {
        if (!(lightBelow >= 0 && lightBelow <= heavyFrom && heavyFrom <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= lightBelow <= heavyFrom <= 1, got "
                    + lightBelow + " and " + heavyFrom);
        }
    }

    /** The preset named by a {@code prefer} value ({@code cost|balanced|quality}), case-insensitive. */
    public static Optional<TierThresholds> preset(String prefer) {
        return switch (prefer == null ? "" : prefer.toLowerCase(Locale.ROOT)) {
            case "cost" -> Optional.of(COST);
            case "balanced" -> Optional.of(BALANCED);
            case "quality" -> Optional.of(QUALITY);
            default -> Optional.empty();
        };
    }

    public Tier tierOf(double score) {
        if (score >= heavyFrom) {
            return Tier.HEAVY;
        }
        return score < lightBelow ? Tier.LIGHT : Tier.STANDARD;
    }
}
