package com.gaterouter.routing.policy;

import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One level's routing policy (tenant, department or project): every knob is optional, and a lower
 * level's knobs override the level above one by one (a department that sets only {@code heavy} candidates
 * keeps the tenant's thresholds). See {@link EffectiveRouting} for the defaults beneath both.
 *
 * @param candidates  per tier, the models to try in order (catalog ids); a tier absent here inherits
 * @param pinnedModel when set, {@code auto} requests are always served by this model: the
 *                    classifier still runs and its decision is recorded, but the pin wins
 */
public record RoutingRules(Optional<RoutingMode> mode, Optional<Preference> prefer, Optional<TierThresholds> thresholds,
                           Map<Tier, List<String>> candidates, Optional<String> pinnedModel) {

    public static final RoutingRules NONE = new RoutingRules(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
            Optional.empty());

    /** At most this many models per tier: each is a possible fallback hop, and hops cost time. */
    public static final int MAX_CANDIDATES_PER_TIER = 5;

    public RoutingRules {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(prefer, "prefer");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(pinnedModel, "pinnedModel");
        EnumMap<Tier, List<String>> copy = new EnumMap<>(Tier.class);
        candidates.forEach((tier, models) -> {
            if (models.isEmpty() || models.size() > MAX_CANDIDATES_PER_TIER) {
                throw new IllegalArgumentException("tier " + tier.wireName() + " lists 1 to " + MAX_CANDIDATES_PER_TIER
                        + " models, not " + models.size());
            }
            copy.put(tier, List.copyOf(models));
        });
        candidates = Collections.unmodifiableMap(copy);
    }

    /** These rules with every knob {@code lower} sets put in place of this one's. */
    public RoutingRules overriddenBy(RoutingRules lower) {
        EnumMap<Tier, List<String>> merged = new EnumMap<>(Tier.class);
        merged.putAll(candidates);
        merged.putAll(lower.candidates);
        return new RoutingRules(lower.mode.or(() -> mode), lower.prefer.or(() -> prefer), lower.thresholds.or(() -> thresholds),
                merged, lower.pinnedModel.or(() -> pinnedModel));
    }
}
