package com.gaterouter.simulator.bedrock;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.Pacer;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamEvent;
import com.gaterouter.simulator.http.StreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Writes ConverseStream events as AWS event-stream messages, paced like every other simulated
 * stream, and applies the stream faults the same way the SSE writer does: a cut or an in-stream
 * exception after N content events, or one event whose JSON payload is truncated (its frame and
 * CRCs stay valid, as a real server's would: only the payload is bad).
 */
final class EventStreamWriter {

    private EventStreamWriter() {
    }

    /** @param errorFor the AWS error a {@link Fault.StreamError} status becomes */
    static void write(SimExchange ex, List<StreamEvent> events, Pacer pacer, Optional<Fault> fault,
            Map<String, String> headers, IntFunction<BedrockApi.AwsError> errorFor) throws IOException {
        int malformedAt = fault.orElse(null) instanceof Fault.MalformedJson ? StreamWriter.malformedIndex(events) : -1;
        int stopAfter = switch (fault.orElse(null)) {
            case Fault.StreamCut cut -> cut.afterChunks();
            case Fault.StreamError err -> err.afterChunks();
            case null, default -> -1;
        };

        OutputStream out = ex.startStream(200, BedrockHandler.CONTENT_TYPE_STREAM, headers);
        int contentSent = 0;
        long tokensBefore = 0;
        for (int i = 0; i < events.size(); i++) {
            StreamEvent event = events.get(i);
            boolean content = event.phase() == StreamEvent.Phase.CONTENT;
            if (stopAfter >= 0 && event.phase() != StreamEvent.Phase.PREAMBLE && contentSent >= stopAfter) {
                if (fault.get() instanceof Fault.StreamError err) {
                    BedrockApi.AwsError error = errorFor.apply(err.status());
                    out.write(EventStreamCodec.exception(error.exceptionType(),
                            Json.write(Json.object().put("message", error.message()))));
                    out.flush();
                    ex.finish();
                    return;
                }
                out.flush();
                throw ex.abort("stream cut after " + contentSent + " content events");
            }
            boolean paced = content || (contentSent == 0 && event.phase() == StreamEvent.Phase.TERMINAL);
            if (paced && !pacer.instant()) {
                out.flush();
                pacer.awaitAfterTokens(tokensBefore);
            }
            String data = i == malformedAt ? StreamWriter.truncate(event.data()) : event.data();
            out.write(EventStreamCodec.event(event.name(), data));
            if (content) {
                contentSent++;
                tokensBefore += event.tokens();
            }
        }
        out.flush();
        ex.finish();
    }
}
