package com.gaterouter.router.routing;

import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.routing.Tier;
import java.util.List;
import java.util.Objects;

/**
 * What the auto-router decided for one request, before any vendor call.
 *
 * @param decision       how the request is served
 * @param score          the classifier's score, rounded to 3 decimals
 * @param signals        the classifier's reason codes, strongest first
 * @param serve          the models that serve an {@code auto} request, in order (catalog ids; the
 *                       planner drops those the caller may not use); empty for a named model
 * @param routedModel    what routing picks first for this tier (in shadow mode: would pick); absent
 *                       from the catalog → the first known model of the tier's list
 * @param referenceModel the always-strong reference savings are measured against
 */
public record RouteChoice(Decision decision, Tier tier, double score, List<String> signals, List<String> serve,
                          ModelSpec routedModel, ModelSpec referenceModel) {

    public RouteChoice {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(tier, "tier");
        signals = List.copyOf(signals);
        serve = List.copyOf(serve);
        Objects.requireNonNull(routedModel, "routedModel");
        Objects.requireNonNull(referenceModel, "referenceModel");
    }

    /** How a request the auto-router decided on is served; {@link #code()} leads the route reason. */
    public enum Decision {
        /** By the tier's candidates. */
        AUTO("auto"),
        /** By the policy's pinned model, whatever the tier. */
        POLICY_PIN("policy_pin"),
        /** Shadow mode: a fixed model serves {@code auto}; the tier is recorded, not acted on. */
        SHADOW("shadow"),
        /** The client named the model; classified only because the tenant is in shadow mode. */
        NAMED_IN_SHADOW("shadow");

        private final String code;

        Decision(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Whether the decision is only recorded, not acted on. */
    public boolean shadow() {
        return decision == Decision.SHADOW || decision == Decision.NAMED_IN_SHADOW;
    }
}
