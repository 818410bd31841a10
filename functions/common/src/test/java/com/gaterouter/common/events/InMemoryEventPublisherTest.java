package com.gaterouter.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryEventPublisherTest {

    private final GatewayEvent crossed = new GatewayEvent("Budget Threshold Crossed", "{\"threshold\":80}");
    private final GatewayEvent exhausted = new GatewayEvent("Budget Exhausted", "{\"threshold\":100}");

    @Test
    void keepsEventsInPublicationOrder() {
        InMemoryEventPublisher publisher = new InMemoryEventPublisher();

        publisher.publish(List.of(crossed));
        publisher.publish(List.of(exhausted, crossed));

        assertThat(publisher.published()).containsExactly(crossed, exhausted, crossed);
        assertThat(publisher.published("Budget Exhausted")).containsExactly(exhausted);
    }

    @Test
    void clearForgetsEverything() {
        InMemoryEventPublisher publisher = new InMemoryEventPublisher();
        publisher.publish(List.of(crossed));

        publisher.clear();

        assertThat(publisher.published()).isEmpty();
    }
}
