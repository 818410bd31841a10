package com.gaterouter.common.events;

import java.util.Objects;

/**
 * One event for the bus. {@code source} is always {@value #SOURCE}; {@code detailJson} is the
 * event's detail as a JSON object (schemas in docs/events.md).
 */
public record GatewayEvent(String detailType, String detailJson) {

    public static final String SOURCE = "gaterouter";

    public GatewayEvent {
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(detailJson, "detailJson");
        if (detailType.isBlank()) {
            throw new IllegalArgumentException("detailType must not be blank");
        }
    }
}
