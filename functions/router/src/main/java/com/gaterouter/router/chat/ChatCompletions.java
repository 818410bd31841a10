package com.gaterouter.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.lifecycle.ChatEndpoint;
import com.gaterouter.router.lifecycle.Exchange;
import com.gaterouter.router.lifecycle.Planned;
import com.gaterouter.router.lifecycle.Route;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.planning.ChatRequest;
import com.gaterouter.router.vendors.OpenAiUsage;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions} on the {@link com.gaterouter.router.lifecycle.RequestLifecycle}: the OpenAI body parsed and
 * validated ({@link ChatRequestParser}), its candidates planned ({@link CandidatePlanner}, the
 * auto-router included), answered in OpenAI's form, buffered or as {@code chat.completion.chunk}
 * events ending with {@code [DONE]}.
 */
public final class ChatCompletions implements ChatEndpoint<ChatRequest> {

    /** Its label names it in metrics, in {@code RouterApp}'s count of answers as in the lifecycle's. */
    public static final Route ROUTE = new Route("chat.completions", "chat completion", "messages", true);

    private final ChatRequestParser parser = new ChatRequestParser();
    private final CandidatePlanner planner;

    public ChatCompletions(CandidatePlanner planner) {
        this.planner = planner;
    }

    @Override
    public Route route() {
        return ROUTE;
    }

    @Override
    public Planned<ChatRequest> plan(ApiRequest http, Caller caller) {
        // the tenant's policy for unknown fields here; for fields a vendor cannot honour, the planner reads it from the caller
        return switch (parser.parse(http.body(), caller.extraParameters())) {
            case ChatRequestParser.Invalid invalid -> new Planned.Invalid<>(invalid.error());
            case ChatRequestParser.Valid valid -> ChatEndpoint.planned(valid.request(), planner.plan(valid.request(), caller,
                    http.receivedAt()));
        };
    }

    @Override
    public Optional<StreamFormat<ChatRequest>> streams() {
        return Optional.of(Chunks::new);
    }

    /** One stream's {@code chat.completion.chunk} events, ending with {@code [DONE]}. */
    private record Chunks(Exchange<ChatRequest> x) implements StreamWriter {

        /**
         * A vendor chunk as the client should see it: our model id, and the usage chunk only when the
         * client asked for it ({@code stream_options.include_usage}), carrying the cost.
         */
        @Override
        public void chunk(ObjectNode chunk, SseSink out) throws IOException {
            chunk.put("model", x.current().model().id());
            JsonNode usage = chunk.get("usage");
            boolean usageChunk = usage != null && usage.isObject();
            if (!x.request().includeUsage()) {
                if (usageChunk && chunk.path("choices").isEmpty()) {
                    return;
                }
                chunk.remove("usage");
            } else if (usageChunk) {
                TokenUsage tokens = OpenAiUsage.parse(usage);
                OpenAiUsage.putCost((ObjectNode) usage, x.caller().pricing().costOf(x.current().model(), tokens, x.http().receivedAt()));
            }
            out.event(chunk.toString());
        }

        @Override
        public void end(SseSink out) throws IOException {
            out.event("[DONE]");
        }

        @Override
        public void error(ApiError error, SseSink out) throws IOException {
            out.event(error.toJson().toString());
        }
    }
}
