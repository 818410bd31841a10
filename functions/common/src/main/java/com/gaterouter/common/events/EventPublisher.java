package com.gaterouter.common.events;

import java.util.List;

/** Publishes domain events to the gateway's event bus (EventBridge in AWS). */
public interface EventPublisher {

    /**
     * Publishes all events or throws {@link EventPublishException} naming those that failed;
     * callers that need exactly-once delivery guard with their own idempotency ledger.
     */
    void publish(List<GatewayEvent> events);
}
