package com.gaterouter.simulator.http;

import com.gaterouter.simulator.Fault;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Writes a {@link StreamPlan} with pacing, and applies the stream faults: a cut or an in-stream
 * error after N content events, or one malformed {@code data:} payload.
 */
public final class StreamWriter {

    private StreamWriter() {
    }

    /**
     * @param errorEvent the vendor's in-stream error event for an HTTP-like status (StreamError)
     */
    public static void write(SimExchange ex, StreamPlan plan, Pacer pacer, Optional<Fault> fault,
            Map<String, String> headers, IntFunction<StreamEvent> errorEvent) throws IOException {
        List<StreamEvent> events = plan.events();
        Framing framing = plan.framing();
        int malformedAt = fault.orElse(null) instanceof Fault.MalformedJson ? malformedIndex(events) : -1;
        int stopAfter = switch (fault.orElse(null)) {
            case Fault.StreamCut cut -> cut.afterChunks();
            case Fault.StreamError err -> err.afterChunks();
            case null, default -> -1;
        };

        OutputStream out = ex.startStream(200, framing.contentType(), headers);
        boolean first = true;
        int contentSent = 0;
        long tokensBefore = 0;
        for (int i = 0; i < events.size(); i++) {
            StreamEvent event = events.get(i);
            boolean content = event.phase() == StreamEvent.Phase.CONTENT;
            if (stopAfter >= 0 && event.phase() != StreamEvent.Phase.PREAMBLE && contentSent >= stopAfter) {
                if (fault.get() instanceof Fault.StreamError err) {
                    StreamEvent error = errorEvent.apply(err.status());
                    out.write(framing.frame(error.name(), error.data(), first));
                    out.write(framing.closing(true));
                    out.flush();
                    ex.finish();
                    return;
                }
                out.flush();
                throw ex.abort("stream cut after " + contentSent + " content events");
            }
            boolean paced = content || (contentSent == 0 && event.phase() == StreamEvent.Phase.TERMINAL);
            if (paced && !pacer.instant()) {
                out.flush(); // the client sees what is due before we sleep
                pacer.awaitAfterTokens(tokensBefore);
            }
            String data = i == malformedAt ? truncate(event.data()) : event.data();
            out.write(framing.frame(event.name(), data, first));
            first = false;
            if (content) {
                contentSent++;
                tokensBefore += event.tokens();
            }
        }
        out.write(framing.closing(!first));
        out.flush();
        ex.finish();
    }

    /** The first content event carries the malformed payload; if there is none, the first terminal one. */
    public static int malformedIndex(List<StreamEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).phase() == StreamEvent.Phase.CONTENT) {
                return i;
            }
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).phase() == StreamEvent.Phase.TERMINAL) {
                return i;
            }
        }
        return events.isEmpty() ? -1 : 0;
    }

    /** Any proper prefix of a JSON object or array is invalid JSON. */
    public static String truncate(String json) {
        return json.length() <= 1 ? "{" : json.substring(0, Math.max(1, json.length() / 2));
    }
}
