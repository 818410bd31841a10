package com.gaterouter.common.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Where a stream's events go, in order. */
public interface SseSink {

    /** Commits status 200 with {@code text/event-stream} and these headers; called once, before any event. */
    void open(Map<String, String> headers) throws IOException;

    /**
     * Writes one event and makes it visible to the client (flushes): {@code event: <name>\n} when
     * {@code name} is not null (Anthropic's and OpenAI Responses' streams name every event), then
     * {@code data: <data>\n\n}.
     */
    void event(String name, String data) throws IOException;

    /** An unnamed event, {@code data: <data>\n\n} (OpenAI Chat Completions' streams). */
    default void event(String data) throws IOException {
        event(null, data);
    }

    /** The bytes of one event on the wire. {@code data} is one line of JSON (no newline). */
    static byte[] frame(String name, String data) {
        String text = name == null ? "data: " + data + "\n\n" : "event: " + name + "\ndata: " + data + "\n\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
