package com.gaterouter.routing.classifier;

import java.util.List;

/**
 * What the classifier made of a request.
 *
 * @param score   0..1: how likely the request needs a strong model (higher = harder), rounded to
 *                {@value #SCORE_DECIMALS} decimals ({@link #round}) — the one value the router's tier, its
 *                {@code x-gaterouter-route-score} header, the usage record and {@code bin/calibrate-routing}
 *                all use, so they never disagree at a threshold
 * @param reasons short reason codes ({@code [a-z_]+}), strongest signal first, at most a handful;
 *                the documented set is in docs/routing.md
 */
public record Classification(double score, List<String> reasons) {

    /** The score's precision; thresholds are given with at most as many decimals. */
    public static final int SCORE_DECIMALS = 3;

    public Classification {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be within 0..1, got " + score);
        }
        score = round(score);
        reasons = List.copyOf(reasons);
    }

    /** A score at the published precision: half up to {@value #SCORE_DECIMALS} decimals. */
    public static double round(double score) {
        return Math.round(score * 1_000) / 1_000.0;
    }
}
