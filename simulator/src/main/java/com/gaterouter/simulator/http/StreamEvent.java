package com.gaterouter.simulator.http;

import java.util.Objects;

/**
 * One event of a streamed answer.
 *
 * @param name   SSE {@code event:} name, or null for data-only frames
 * @param data   the {@code data:} payload (usually JSON)
 * @param phase  where the event sits, which decides pacing and where faults strike
 * @param tokens generated tokens the event carries (paced at tokens/second)
 */
public record StreamEvent(String name, String data, Phase phase, int tokens) {

    /** PREAMBLE before any token; CONTENT carries tokens; STRUCTURE between contents; TERMINAL after all. */
    public enum Phase { PREAMBLE, CONTENT, STRUCTURE, TERMINAL }

    public StreamEvent {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(phase, "phase");
    }

    public static StreamEvent preamble(String name, String data) {
        return new StreamEvent(name, data, Phase.PREAMBLE, 0);
    }

    public static StreamEvent content(String name, String data, int tokens) {
        return new StreamEvent(name, data, Phase.CONTENT, tokens);
    }

    public static StreamEvent structure(String name, String data) {
        return new StreamEvent(name, data, Phase.STRUCTURE, 0);
    }

    public static StreamEvent terminal(String name, String data) {
        return new StreamEvent(name, data, Phase.TERMINAL, 0);
    }
}
