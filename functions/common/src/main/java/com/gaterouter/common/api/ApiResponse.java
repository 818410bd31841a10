package com.gaterouter.common.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the core answers: either a complete body, or a stream of server-sent events that the
 * transport drains into its sink (flushed event by event on the HTTP server, buffered behind
 * API Gateway's proxy integration).
 */
public sealed interface ApiResponse permits ApiResponse.Buffered, ApiResponse.Streamed {

    record Buffered(int status, Map<String, String> headers, byte[] body) implements ApiResponse {
        public Buffered {
            headers = Map.copyOf(headers);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A stream whose status and headers are decided when it opens its sink (see {@link SseStream}). */
    record Streamed(SseStream events) implements ApiResponse {
    }

    static Buffered json(int status, Map<String, String> headers, String json) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("content-type", "application/json");
        return new Buffered(status, all, json.getBytes(StandardCharsets.UTF_8));
    }
}
