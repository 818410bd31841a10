package com.gaterouter.simulator.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.ApiException;
import com.gaterouter.simulator.core.Call;
import com.gaterouter.simulator.core.ChatFlow;
import com.gaterouter.simulator.core.Completion;
import com.gaterouter.simulator.core.Conversation;
import com.gaterouter.simulator.core.ErrorKind;
import com.gaterouter.simulator.core.FaultResponses;
import com.gaterouter.simulator.core.SimContext;
import com.gaterouter.simulator.http.ConnectionAbort;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.Pacer;
import com.gaterouter.simulator.http.RequestLog;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.text.Directives;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Serves {@code /bedrock/*}. The same steps as every other vendor (route → queued fault → credential
 * check → parse → directives → reply engine → pacing → JSON or stream, faults applied), with the
 * two things Bedrock does differently: errors carry their type in the {@code x-amzn-ErrorType}
 * header, and {@code converse-stream} answers in the binary AWS event-stream framing.
 */
public final class BedrockHandler implements HttpHandler {

    static final String CONTENT_TYPE_STREAM = "application/vnd.amazon.eventstream";

    private final SimContext ctx;
    private final RequestLog log;
    private final BedrockApi api;
    private final BedrockConverse converse;

    public BedrockHandler(SimContext ctx, RequestLog log) {
        this.ctx = ctx;
        this.log = log;
        this.converse = new BedrockConverse(ctx.ids());
        this.api = new BedrockApi(call -> {
            throw new IllegalStateException("Bedrock requests are served by BedrockHandler");
        });
    }

    @Override
    public void handle(HttpExchange raw) throws IOException {
        java.util.Optional<SimExchange> read = SimExchange.read(raw);
        if (read.isEmpty()) {
            SimExchange.answerTooLarge(raw);
            return;
        }
        SimExchange ex = read.get();
        try {
            if (SimVendor.forPath(ex.path()).orElse(null) != SimVendor.BEDROCK) {
                // e.g. /bedrockx: not ours, answered like any unknown path
                ex.sendJson(404, Json.bytes(Json.object().set("error", Json.object()
                        .put("message", "Unknown path " + ex.path()).put("type", "not_found"))), Map.of());
                return;
            }
            log.record(SimVendor.BEDROCK, ex);
            serve(ex);
        } catch (ConnectionAbort abort) {
            throw abort;
        } catch (RuntimeException e) {
            System.err.println("gaterouter-simulator: internal error on " + ex.method() + " " + ex.path() + ": " + e);
            if (!ex.responded()) {
                sendError(ex, new BedrockApi.AwsError(500, "InternalServerException",
                        "simulator internal error: " + e.getClass().getSimpleName(), Map.of()), Map.of());
            } else {
                throw new ConnectionAbort("internal error mid-response");
            }
        } finally {
            if (!ex.responded()) {
                raw.close();
            }
        }
    }

    private void serve(SimExchange ex) throws IOException {
        Map<String, String> headers = api.responseHeaders(ctx.ids());
        try {
            String rawPath = rawPath(ex);
            BedrockApi.Route route = BedrockApi.route(ex.method(), ex.path().substring(SimVendor.BEDROCK.pathPrefix().length()),
                    rawPath.substring(SimVendor.BEDROCK.pathPrefix().length()));
            Optional<Fault> queued = ctx.faults().take(SimVendor.BEDROCK);
            if (queued.isPresent() && FaultResponses.immediate(queued.get())) {
                respond(ex, queued.get(), headers);
                return;
            }
            authenticate(ex);
            converse(ex, route, queued, headers);
        } catch (ApiException e) {
            if (ex.responded()) {
                throw ex.abort("error after the response started");
            }
            sendError(ex, BedrockApi.render(e.error()), headers);
        }
    }

    private void converse(SimExchange ex, BedrockApi.Route route, Optional<Fault> queued, Map<String, String> headers)
            throws IOException {
        JsonNode body;
        try {
            body = Json.parse(ex.body());
        } catch (IOException e) {
            throw ApiError.invalid(api.invalidJsonMessage()).toException();
        }
        if (!body.isObject()) {
            throw ApiError.invalid(api.invalidJsonMessage()).toException();
        }
        BedrockConverse.Request request = converse.parse(body, route.modelId(), route.stream());
        Conversation conversation = request.conversation();
        Directives directives = ChatFlow.directives(ctx.config(), conversation.lastUserText());
        Optional<Fault> fault = ChatFlow.fault(new Call(ex, ctx, api, queued, headers), directives);
        if (fault.isPresent() && (FaultResponses.immediate(fault.get())
                || (!route.stream() && fault.get() instanceof Fault.StreamError))) {
            respond(ex, fault.get(), headers);
            return;
        }
        Optional<ApiError> tooLong = ChatFlow.contextWindowExceeded(api, conversation, directives);
        if (tooLong.isPresent()) {
            sendError(ex, BedrockApi.render(tooLong.get()), headers);
            return;
        }
        boolean refused = false;
        if (fault.isPresent() && fault.get() instanceof Fault.Refused refusal) {
            Optional<ApiError> error = api.refusal(refusal.refusal(), route.modelId());
            if (error.isPresent()) {
                sendError(ex, BedrockApi.render(error.get()), headers);
                return;
            }
            refused = true;
            fault = Optional.empty();
        }
        Completion completion = refused ? ctx.engine().refused(conversation) : ctx.engine().complete(conversation, directives);
        if (fault.isEmpty()) {
            ctx.billing().record(SimVendor.BEDROCK, conversation.model(), completion.usage(), ex);
        }
        Pacer pacer = ChatFlow.pacer(ctx.config(), ex, directives);
        if (route.stream()) {
            int perChunk = intHeader(ex, ChatFlow.CHUNK_HEADER).filter(n -> n > 0).orElse(ctx.config().tokensPerChunk());
            EventStreamWriter.write(ex, converse.stream(request, completion, perChunk, elapsedMs(ex)), pacer, fault, headers,
                    status -> BedrockApi.render(FaultResponses.forStatus(SimVendor.BEDROCK, status)));
        } else {
            pacer.awaitWhole(completion.usage().completionTokens());
            FaultResponses.sendBody(ex, converse.json(request, completion, elapsedMs(ex)), fault, headers);
        }
    }

    /** Immediate faults (and a StreamError on a non-stream request) as AWS errors. */
    private void respond(SimExchange ex, Fault fault, Map<String, String> headers) throws IOException {
        ApiError error = switch (fault) {
            case Fault.Timeout t -> {
                SimExchange.sleep(t.hang());
                throw ex.abort("timeout fault");
            }
            case Fault.RateLimited r -> new ApiError(429, ErrorKind.RATE_LIMITED, null, null, null,
                    Map.of("retry-after", Long.toString((r.retryAfter().toMillis() + 999) / 1000)));
            case Fault.ServerError s -> FaultResponses.forStatus(SimVendor.BEDROCK, s.status());
            case Fault.StreamError s -> FaultResponses.forStatus(SimVendor.BEDROCK, s.status());
            case Fault.Unauthorized u -> ApiError.of(401, ErrorKind.AUTHENTICATION, null);
            case Fault.MalformedJson m -> throw new IllegalStateException("not an immediate fault");
            case Fault.StreamCut c -> throw new IllegalStateException("not an immediate fault");
            case Fault.Refused r -> throw new IllegalStateException("not an immediate fault");
        };
        sendError(ex, BedrockApi.render(error), headers);
    }

    /**
     * A SigV4 header must be well formed and scoped to {@code bedrock} (signatures are not
     * verified). With a required key, the Bearer token or the SigV4 access key id must equal it.
     */
    private void authenticate(SimExchange ex) {
        Optional<BedrockApi.AwsError> problem = BedrockApi.signatureProblem(ex);
        if (problem.isPresent()) {
            throw new ApiError(problem.get().status(), ErrorKind.AUTHENTICATION, problem.get().message(), null,
                    problem.get().type(), Map.of()).toException();
        }
        Optional<String> required = ctx.config().requiredApiKey();
        if (required.isEmpty()) {
            return;
        }
        if (ex.header("Authorization").isEmpty()) {
            throw new ApiError(403, ErrorKind.AUTHENTICATION, "Missing Authentication Token", null,
                    "MissingAuthenticationTokenException", Map.of()).toException();
        }
        Optional<String> given = api.apiKey(ex);
        boolean ok = given.isPresent() && MessageDigest.isEqual(
                given.get().getBytes(StandardCharsets.UTF_8), required.get().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw new ApiException(ApiError.of(401, ErrorKind.AUTHENTICATION, null));
        }
    }

    static void sendError(SimExchange ex, BedrockApi.AwsError error, Map<String, String> headers) throws IOException {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(error.headers());
        all.put(BedrockApi.ERROR_TYPE_HEADER, error.headerValue());
        ex.sendJson(error.status(), error.body(), all);
    }

    private static String rawPath(SimExchange ex) {
        String pathAndQuery = ex.pathAndQuery();
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private static long elapsedMs(SimExchange ex) {
        return Math.max(1, (System.nanoTime() - ex.startedNanos()) / 1_000_000);
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
}
