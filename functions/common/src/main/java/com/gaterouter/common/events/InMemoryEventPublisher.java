package com.gaterouter.common.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps published events in memory, in order: the local gateway and unit tests. Thread-safe. */
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
