package com.gaterouter.simulator.http;

import java.nio.charset.StandardCharsets;

/** How stream events are put on the wire. */
public enum Framing {
    /** {@code event: x\ndata: {...}\n\n} (OpenAI, DeepSeek, Anthropic). */
    SSE("text/event-stream; charset=utf-8", "\n\n"),
    /** {@code data: {...}\r\n\r\n} (Gemini with {@code alt=sse}). */
    SSE_CRLF("text/event-stream; charset=utf-8", "\r\n\r\n"),
    /** A JSON array written element by element (Gemini streamGenerateContent without alt=sse). */
    JSON_ARRAY("application/json; charset=utf-8", ",\r\n");

    private final String contentType;
    private final String separator;

    Framing(String contentType, String separator) {
        this.contentType = contentType;
        this.separator = separator;
    }

    public String contentType() {
        return contentType;
    }

    /** Bytes of one event; {@code first} matters only for the JSON array's opening bracket. */
    byte[] frame(String name, String data, boolean first) {
        String text = switch (this) {
            case SSE, SSE_CRLF -> (name == null ? "" : "event: " + name + "\n") + "data: " + data + separator;
            case JSON_ARRAY -> (first ? "[" : separator) + data;
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes closing a stream that ended normally. */
    byte[] closing(boolean anyEvent) {
        if (this != JSON_ARRAY) {
            return new byte[0];
        }
        return (anyEvent ? "]" : "[]").getBytes(StandardCharsets.UTF_8);
    }
}
