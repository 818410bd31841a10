package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<SseReader.Event> read(String stream) throws Exception {
        List<SseReader.Event> events = new ArrayList<>();
        try (SseReader reader = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)))) {
            Optional<SseReader.Event> event;
            while ((event = reader.next()).isPresent()) {
                events.add(event.get());
            }
        }
        return events;
    }

    @Test
    void readsNamedEventsCommentsAndMultiLineData() throws Exception {
        assertThat(read(": keep-alive\n\nevent: message_start\ndata: {\"a\":1}\n\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n"))
                .containsExactly(
                        new SseReader.Event("message_start", "{\"a\":1}"),
                        new SseReader.Event("message", "line1\nline2"),
                        new SseReader.Event("message", "[DONE]"));
    }

    @Test
    void handlesCrlfAndAFinalEventWithoutBlankLine() throws Exception {
        assertThat(read("data: {\"x\":1}\r\n\r\ndata:{\"y\":2}"))
                .containsExactly(new SseReader.Event("message", "{\"x\":1}"), new SseReader.Event("message", "{\"y\":2}"));
    }
}
