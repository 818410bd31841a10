package com.gaterouter.common.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the event bus: keeps published events in memory, in order. Thread-safe. Lives in
 * this module's test-jar, so no production artifact carries it.
 */
public final class InMemoryEventPublisher implements EventPublisher {

    private final List<GatewayEvent> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(List<GatewayEvent> events) {
        published.addAll(List.copyOf(events));
    }

    /** Everything published so far, oldest first. */
    public List<GatewayEvent> published() {
        return List.copyOf(published);
    }

    public List<GatewayEvent> published(String detailType) {
        return published.stream().filter(event -> event.detailType().equals(detailType)).toList();
    }

    public void clear() {
        published.clear();
    }
}
