package com.gaterouter.routing.policy;

import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The routing that applies to one request: the deployment's defaults, overridden by the tenant's
 * policy, then the department's, then the project's. Every knob has a value here.
 *
 * @param candidates per tier, the models in the order to try them; every tier has at least one
 */
public record EffectiveRouting(RoutingMode mode, Preference prefer, TierThresholds thresholds, Map<Tier, List<String>> candidates,
                               Optional<String> pinnedModel) {

    public EffectiveRouting {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(prefer, "prefer");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(pinnedModel, "pinnedModel");
        EnumMap<Tier, List<String>> copy = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            List<String> models = candidates.get(tier);
            if (models == null || models.isEmpty()) {
                throw new IllegalArgumentException("tier " + tier.wireName() + " has no candidate models");
            }
            copy.put(tier, List.copyOf(models));
        }
        candidates = Collections.unmodifiableMap(copy);
    }

    /**
     * Defaults ← tenant ← department ← project. {@code defaultCandidates} (from the model catalog)
     * must name models for every tier; thresholds not set anywhere follow the effective preference.
     *
     * @param levels the policies above the request, outermost (tenant) first; levels without one are absent
     */
    public static EffectiveRouting resolve(Map<Tier, List<String>> defaultCandidates, List<RoutingRules> levels) {
        RoutingRules rules = new RoutingRules(Optional.empty(), Optional.empty(), Optional.empty(), defaultCandidates, Optional.empty());
        for (RoutingRules level : levels) {
            rules = rules.overriddenBy(level);
        }
        Preference prefer = rules.prefer().orElse(Preference.BALANCED);
        return new EffectiveRouting(rules.mode().orElse(RoutingMode.ROUTE), prefer,
                rules.thresholds().orElse(prefer.defaultThresholds()), rules.candidates(), rules.pinnedModel());
    }

    /**
     * Every model that may serve a request of {@code tier}, in order: its tier's, then the fallback
     * tiers', without repeats. Within a tier the policy's order stands, except that {@code prefer:
     * cost} puts the cheapest first ({@code price} gives a model's comparable price; ties keep the
     * policy's order).
     */
    public List<String> modelsFor(Tier tier, ToLongFunction<String> price) {
        LinkedHashSet<String> ordered = new LinkedHashSet<>();
        for (Tier next : prefer.fallbackOrder(tier)) {
            List<String> models = candidates.get(next);
            if (prefer == Preference.COST) {
                models = models.stream().sorted(Comparator.comparingLong(price)).toList();
            }
            ordered.addAll(models);
        }
        return new ArrayList<>(ordered);
    }

    /** The always-strong reference a routed request's savings are measured against: the heavy tier's first model. */
    public String referenceModel() {
        return candidates.get(Tier.HEAVY).get(0);
    }
}
