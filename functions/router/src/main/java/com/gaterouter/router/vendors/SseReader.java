package com.gaterouter.router.vendors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads server-sent events as the SSE spec defines them: {@code event:} and {@code data:} fields,
 * multi-line data joined by newlines, a blank line ends an event, {@code :} lines are comments.
 * Handles both LF and CRLF line ends (Gemini uses CRLF).
 */
public final class SseReader implements AutoCloseable {

    /** One event; {@code name} is "message" when the stream did not name it. */
    public record Event(String name, String data) {
    }

    private final BufferedReader reader;

    public SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192);
    }

    /** The next event, or empty at the end of the stream. */
    public Optional<Event> next() throws IOException {
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(name == null ? "message" : name, data.toString()));
                }
                name = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> name = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // id, retry: not used by any vendor we speak to
                }
            }
        }
        // a final event without its blank line still counts, but only if the stream ended cleanly
        return data == null ? Optional.empty() : Optional.of(new Event(name == null ? "message" : name, data.toString()));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
