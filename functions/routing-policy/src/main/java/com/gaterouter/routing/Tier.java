package com.gaterouter.routing;

import java.util.Optional;

/**
 * How demanding a request is, and so which class of model should serve it. Ordered light → heavy.
 * On the wire (headers, usage records, policies): {@code light|standard|heavy}.
 */
public enum Tier implements WireNamed {
    LIGHT, STANDARD, HEAVY;

    public static Optional<Tier> fromWire(String name) {
        return WireNamed.fromWire(Tier.class, name);
    }
}
