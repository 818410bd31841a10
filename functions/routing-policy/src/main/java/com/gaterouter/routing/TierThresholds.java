package com.gaterouter.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the classifier's score (0..1, the probability that the request needs a strong model)
 * changes tier: below {@code lightBelow} is light, from {@code heavyFrom} up is heavy, between is
 * standard. {@code lightBelow == heavyFrom} means no standard tier.
 *
 * <p>The presets are fitted to out-of-fold scores of outcome-labelled prompts (docs/routing.md,
 * "Thresholds"): each keeps a share of always-strong quality. Every preset's {@code lightBelow} stays
 * below the classifier's tools floor, so a request with tools is never light.
 */
public record TierThresholds(double lightBelow, double heavyFrom) {

    /**
     * The defaults of {@code prefer: balanced}: fitted to keep 90 % of always-strong quality (95 % below
     * the light threshold) on out-of-fold scores of the outcome-labelled data ({@code bin/train-classifier
     * --cv}, {@code ThresholdCalibration.Mode}); docs/routing.md, "Thresholds", has what each gives.
     */
    public static final TierThresholds BALANCED = new TierThresholds(0.173, 0.225);

    /** {@code prefer: cost}: fitted to keep 85 % of always-strong quality (92.5 % below the light threshold). */
    public static final TierThresholds COST = new TierThresholds(0.201, 0.301);

    /** {@code prefer: quality}: fitted to keep 95 % of always-strong quality (97.5 % below the light threshold). */
    public static final TierThresholds QUALITY = new TierThresholds(0.138, 0.173);

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
