package com.gaterouter.routing.classifier;

import java.util.List;

/**
 * What the classifier made of a request.
 *
 * @param score   0..1: how likely the request needs a strong model (higher = harder)
 * @param reasons short reason codes ({@code [a-z_]+}), strongest signal first, at most a handful;
 *                the documented set is in docs/routing.md
 */
public record Classification(double score, List<String> reasons) {

    public Classification {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be within 0..1, got " + score);
        }
        reasons = List.copyOf(reasons);
    }
}
