package com.gaterouter.router.routing;

import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.routing.Tier;
import java.util.List;
import java.util.Objects;

/**
 * What the auto-router decided for one request, before any vendor call.
 *
 * @param decision       how the request is served: {@code auto} (by the tier's candidates),
 *                       {@code policy_pin} (a policy's pinned model wins), {@code shadow} (shadow mode:
 *                       a fixed model serves {@code auto}), or {@code pinned} (the client named a
 *                       model; classified only because the tenant is in shadow mode)
 * @param score          the classifier's score, rounded to 3 decimals
 * @param signals        the classifier's reason codes, strongest first
 * @param serve          the models that serve an {@code auto} request, in order (catalog ids; the
 *                       planner drops those the caller may not use); empty for a named model
 * @param routedModel    what routing picks first for this tier (in shadow mode: would pick); absent
 *                       from the catalog → the first known model of the tier's list
 * @param referenceModel the always-strong reference savings are measured against
 */
public record RouteChoice(String decision, Tier tier, double score, List<String> signals, List<String> serve,
                          ModelSpec routedModel, ModelSpec referenceModel) {

    public RouteChoice {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(tier, "tier");
        signals = List.copyOf(signals);
        serve = List.copyOf(serve);
        Objects.requireNonNull(routedModel, "routedModel");
        Objects.requireNonNull(referenceModel, "referenceModel");
    }

    /** Whether the decision is only recorded, not acted on. */
    public boolean shadow() {
        return decision.equals(AutoRouter.SHADOW) || decision.equals(AutoRouter.PINNED);
    }
}
