package com.gaterouter.simulator.http;

import java.util.List;

/** A fully rendered streamed answer: its framing and its events in order. */
public record StreamPlan(Framing framing, List<StreamEvent> events) {

    public StreamPlan {
        events = List.copyOf(events);
    }
}
