package com.gaterouter.routing.policy;

import com.gaterouter.routing.WireNamed;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import java.util.List;
import java.util.Optional;

/**
 * What a tenant trades when the classifier is unsure: {@code cost} sends more work to light models
 * and orders each tier cheapest first; {@code quality} sends more to strong ones; {@code balanced}
 * sits between. It picks the default thresholds (explicit thresholds in the policy win) and the
 * direction a standard-tier request falls back in when its own tier cannot serve it.
 */
public enum Preference implements WireNamed {
    COST(TierThresholds.COST),
    BALANCED(TierThresholds.BALANCED),
    QUALITY(TierThresholds.QUALITY);

    private final TierThresholds thresholds;

    Preference(TierThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public TierThresholds defaultThresholds() {
        return thresholds;
    }

    /**
     * The tiers to try, in order, for a request of {@code tier}: its own, then the nearest. Light
     * falls back up (a failure is worse than a dearer answer) and heavy down (a cheaper answer beats
     * none); standard goes down first only when cost is preferred.
     */
    public List<Tier> fallbackOrder(Tier tier) {
        return switch (tier) {
            case LIGHT -> List.of(Tier.LIGHT, Tier.STANDARD, Tier.HEAVY);
            case STANDARD -> this == COST ? List.of(Tier.STANDARD, Tier.LIGHT, Tier.HEAVY)
                    : List.of(Tier.STANDARD, Tier.HEAVY, Tier.LIGHT);
            case HEAVY -> List.of(Tier.HEAVY, Tier.STANDARD, Tier.LIGHT);
        };
    }

    public static Optional<Preference> fromWire(String name) {
        return WireNamed.fromWire(Preference.class, name);
    }
}
