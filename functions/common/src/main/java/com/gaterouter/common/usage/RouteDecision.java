package com.gaterouter.common.usage;

import java.util.List;
import java.util.Objects;

/**
 * What the auto-router decided for a request, kept with its usage so analytics can show how
 * traffic was routed and what routing saved (docs/routing.md).
 *
 * @param tier                {@code light|standard|heavy}
 * @param score               the classifier's score, 0..1 (3 decimals)
 * @param reasons             the reason codes, as in the {@code x-gaterouter-route-reason} header
 * @param shadow              true when the tenant's routing is in shadow mode: the decision was recorded, not acted on
 * @param routedModel         the model routing chose first (in shadow mode: would have chosen)
 * @param referenceModel      the always-strong reference (the heavy tier's first model)
 * @param routedCostMicros    the request's tokens priced on {@code routedModel}
 * @param referenceCostMicros the request's tokens priced on {@code referenceModel}: saved = this − the request's cost
 */
public record RouteDecision(String tier, double score, List<String> reasons, boolean shadow, String routedModel,
                            String referenceModel, long routedCostMicros, long referenceCostMicros) {

    public RouteDecision {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(routedModel, "routedModel");
        Objects.requireNonNull(referenceModel, "referenceModel");
        reasons = List.copyOf(reasons);
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be within 0..1, got " + score);
        }
        if (routedCostMicros < 0 || referenceCostMicros < 0) {
            throw new IllegalArgumentException("costs are not negative");
        }
    }
}
