package com.gaterouter.routing;

import java.util.Locale;
import java.util.Optional;

/** How demanding a request is, and so which class of model should serve it. Ordered light → heavy. */
public enum Tier {
    LIGHT, STANDARD, HEAVY;

    /** The name on the wire: headers, usage records, policies ({@code light|standard|heavy}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> fromWire(String name) {
        for (Tier tier : values()) {
            if (tier.wireName().equals(name)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
