package com.gaterouter.common.events;

import java.util.List;

/** Some events were not accepted by the bus; {@link #failedDetailTypes()} lists them in order. */
public final class EventPublishException extends RuntimeException {

    private final List<String> failedDetailTypes;

    public EventPublishException(String message, List<String> failedDetailTypes) {
        super(message);
        this.failedDetailTypes = List.copyOf(failedDetailTypes);
    }

    public List<String> failedDetailTypes() {
        return failedDetailTypes;
    }
}
