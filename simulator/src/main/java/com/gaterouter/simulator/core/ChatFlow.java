package com.gaterouter.simulator.core;

import com.gaterouter.simulator.text.DirectiveLimits;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.Pacer;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamWriter;
import com.gaterouter.simulator.text.Directives;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The chat request flow shared by all vendors: parse in the vendor's dialect, read directives,
 * pick the fault (queued first, else in-band), generate, pace, and answer as JSON or a stream.
 */
public final class ChatFlow {

    /** Per-request latency overrides, for callers that can set headers. */
    public static final String TTFT_HEADER = "x-sim-ttft-ms";
    public static final String TPS_HEADER = "x-sim-tokens-per-second";
    public static final String CHUNK_HEADER = "x-sim-tokens-per-chunk";

    private ChatFlow() {
    }

    public static <R extends ChatDialect.Request> void run(Call call, ChatDialect<R> dialect) throws IOException {
        SimExchange ex = call.exchange();
        JsonNode body = parseBody(call);
        R request = dialect.parse(body, ex);
        Conversation conversation = request.conversation();
        Directives directives = directives(call.ctx().config(), conversation.lastUserText());
        Optional<Fault> fault = fault(call, directives);
        if (fault.isPresent() && (FaultResponses.immediate(fault.get())
                || (!conversation.stream() && fault.get() instanceof Fault.StreamError))) {
            FaultResponses.respond(ex, call.api(), fault.get(), call.headers());
            return;
        }
        Optional<ApiError> tooLong = contextWindowExceeded(call.api(), conversation, directives);
        if (tooLong.isPresent()) {
            FaultResponses.sendError(ex, call.api(), tooLong.get(), call.headers());
            return;
        }
        boolean refused = false;
        if (fault.isPresent() && fault.get() instanceof Fault.Refused refusal) {
            if (FaultResponses.refuse(call, refusal, conversation.model())) {
                return;
            }
            // this vendor refuses with a 200: a completion that says so, rendered as usual
            refused = true;
            fault = Optional.empty();
        }
        Completion completion = refused ? call.ctx().engine().refused(conversation) : call.ctx().engine().complete(conversation, directives);
        Pacer pacer = pacer(call.ctx().config(), ex, directives);
        if (fault.isEmpty()) {
            // billed before answering, so a caller that has the answer finds it in the billing exports
            call.ctx().billing().record(call.api().vendor(), conversation.model(), completion.usage(), ex);
        }
        if (conversation.stream()) {
            int perChunk = intHeader(ex, CHUNK_HEADER).filter(n -> n > 0).orElse(call.ctx().config().tokensPerChunk());
            StreamWriter.write(ex, dialect.stream(request, completion, perChunk), pacer, fault, call.headers(),
                    status -> call.api().streamError(FaultResponses.forStatus(call.api().vendor(), status)));
        } else {
            pacer.awaitWhole(completion.usage().completionTokens());
            FaultResponses.sendBody(ex, dialect.json(request, completion), fault, call.headers());
        }
    }

    /**
     * The vendor's error when a {@code [[sim:context_window=N]]} directive gives the model a window
     * the prompt (and, for some vendors, the requested output) does not fit.
     */
    public static Optional<ApiError> contextWindowExceeded(VendorApi api, Conversation conversation, Directives directives) {
        if (directives.contextWindow().isEmpty()) {
            return Optional.empty();
        }
        return api.contextWindowExceeded(PromptTokens.count(conversation), conversation.maxTokens(),
                directives.contextWindow().getAsInt());
    }

    /** The body as JSON, or the vendor's 400 for anything else. */
    public static JsonNode parseBody(Call call) {
        try {
            JsonNode body = Json.parse(call.exchange().body());
            if (!body.isObject()) {
                throw ApiError.invalid(call.api().invalidJsonMessage()).toException();
            }
            return body;
        } catch (IOException e) {
            throw ApiError.invalid(call.api().invalidJsonMessage()).toException();
        }
    }

    /**
     * Directives of a text, or a 400 naming what is wrong with them; none at all (the text is plain
     * prompt text) when the configuration switched directives off.
     */
    public static Directives directives(SimulatorConfig config, String text) {
        if (!config.directives()) {
            return Directives.none(text);
        }
        try {
            return Directives.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("Invalid simulator directive: " + e.getMessage()).toException();
        }
    }

    /** The queued fault if any, else an in-band one that applies to this vendor now. */
    public static Optional<Fault> fault(Call call, Directives directives) {
        if (call.queuedFault().isPresent()) {
            return call.queuedFault();
        }
        return directives.fault().flatMap(d -> call.ctx().ledger().apply(call.api().vendor(), d));
    }

    /** Directive, then header, then configuration. */
    public static Pacer pacer(SimulatorConfig config, SimExchange ex, Directives d) {
        Duration ttft = d.ttft()
                .or(() -> intHeader(ex, TTFT_HEADER).filter(n -> n >= 0)
                        .map(n -> Duration.ofMillis(Math.min(n, com.gaterouter.simulator.text.DirectiveLimits.MAX_DELAY_MS))))
                .orElse(config.timeToFirstToken());
        double tps = d.tokensPerSecond().isPresent() ? d.tokensPerSecond().getAsDouble()
                : ex.header(TPS_HEADER).flatMap(ChatFlow::parseDouble).filter(v -> v >= 0).orElse(config.tokensPerSecond());
        return new Pacer(ex.startedNanos(), ttft, tps);
    }

    private static Optional<Integer> intHeader(SimExchange ex, String name) {
        return ex.header(name).flatMap(v -> {
            try {
                return Optional.of(Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Double> parseDouble(String v) {
        try {
            return Optional.of(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
