package com.gaterouter.router.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.classifier.Classification;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.classifier.RequestShape;
import com.gaterouter.routing.policy.EffectiveRouting;
import com.gaterouter.routing.policy.RoutingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how {@code model: "auto"} is served: the classifier scores the request, the caller's
 * effective routing policy (catalog defaults ← tenant ← department ← project) turns the score into
 * a tier and the tier into an ordered list of models, the tier's own then the fallback tiers'. A
 * policy's pinned model wins over the tier; in shadow mode a fixed model serves and the decision
 * is only recorded — for named-model requests too, so a tenant can calibrate on its real traffic.
 * Which of those models the caller may use, can serve the request and whose vendor is healthy is
 * the planner's and the service's business; this decides and explains, nothing else.
 */
public final class AutoRouter {

    private final ComplexityClassifier classifier;
    private final ModelCatalog catalog;

    public AutoRouter(ComplexityClassifier classifier, ModelCatalog catalog) {
        this.classifier = classifier;
        this.catalog = catalog;
    }

    /**
     * The decision for a request with {@code body} (the router's request model, OpenAI form);
     * {@code auto}: whether the client left the model to the gateway. Empty when there is none to
     * make: a named model outside shadow mode, or a catalog that offers no {@code auto}.
     */
    public Optional<RouteChoice> decide(ObjectNode body, boolean auto, Caller caller, Instant at) {
        Optional<Map<Tier, List<String>>> defaults = catalog.routingTiers();
        if (defaults.isEmpty()) {
            return Optional.empty();
        }
        EffectiveRouting routing = EffectiveRouting.resolve(defaults.get(), caller.routing());
        boolean shadowMode = routing.mode() == RoutingMode.SHADOW;
        if (!auto && !shadowMode) {
            return Optional.empty();
        }
        Classification classified = classifier.classify(RequestShape.of(body));
        double score = classified.score();
        Tier tier = routing.thresholds().tierOf(score);
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        List<String> routed = routing.modelsFor(tier, id -> listPrice(id, day));
        // a policy may name models this catalog lacks (the planner skips them); the record names a real one
        ModelSpec routedModel = firstKnown(routed).or(() -> firstKnown(defaults.get().get(tier))).orElseThrow();
        ModelSpec reference = firstKnown(routing.candidates().get(Tier.HEAVY)).orElse(routedModel);
        RouteChoice.Decision decision;
        List<String> serve;
        if (!auto) {
            decision = RouteChoice.Decision.NAMED_IN_SHADOW;
            serve = List.of();
        } else if (shadowMode) {
            decision = RouteChoice.Decision.SHADOW;
            serve = routing.pinnedModel().map(List::of).orElse(routing.candidates().get(Tier.STANDARD));
        } else if (routing.pinnedModel().isPresent()) {
            decision = RouteChoice.Decision.POLICY_PIN;
            serve = List.of(routing.pinnedModel().get());
        } else {
            decision = RouteChoice.Decision.AUTO;
            serve = routed;
        }
        return Optional.of(new RouteChoice(decision, tier, score, classified.reasons(), serve, routedModel, reference));
    }

    /**
     * A model's comparable price for {@code prefer: cost}: input plus output per 1M tokens at the
     * list price in force on the request's day; unknown models last.
     */
    private long listPrice(String id, LocalDate day) {
        return catalog.resolve(id).map(model -> {
            ModelPrice price = model.priceOn(day);
            return price.inputPer1M() + price.outputPer1M();
        }).orElse(Long.MAX_VALUE);
    }

    private Optional<ModelSpec> firstKnown(List<String> ids) {
        return ids.stream().map(catalog::resolve).flatMap(Optional::stream).findFirst();
    }
}
