package com.gaterouter.router;

import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.ErrorShape;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.router.auth.ApiKeyAuthenticator;
import com.gaterouter.router.auth.Authentication;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.chat.ChatCompletions;
import com.gaterouter.router.cors.Cors;
import com.gaterouter.router.embeddings.Embeddings;
import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.messages.Messages;
import com.gaterouter.router.models.ModelsService;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.responses.Responses;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's core: {@code /v1/*} request in, response out, whatever the transport. Every route
 * authenticates first, so an unauthenticated caller learns nothing, not even which routes exist —
 * except the CORS preflight ({@code OPTIONS}), which browsers send without the key and which grants
 * nothing by itself ({@link Cors}). Every answer gets the CORS headers its key's tenant allows and is
 * counted in the request metrics.
 */
public final class RouterApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouterApp.class);
    private static final String MODELS_PREFIX = "/v1/models/";

    /** The routes, as named in metrics: a fixed set, never the raw path. */
    enum Endpoint {
        CHAT(ChatCompletions.ROUTE.label(), "POST /v1/chat/completions"),
        EMBEDDINGS(Embeddings.ROUTE.label(), "POST /v1/embeddings"),
        MESSAGES(Messages.ROUTE.label(), "POST /v1/messages"),
        COUNT_TOKENS("messages.count_tokens", "POST /v1/messages/count_tokens"),
        RESPONSES(Responses.ROUTE.label(), "POST /v1/responses"),
        MODELS("models.list", "GET /v1/models"),
        MODEL("models.retrieve", "GET " + MODELS_PREFIX + "{model}"),
        PREFLIGHT("preflight", null),
        UNKNOWN("unknown", null);

        /** The endpoints with a fixed method and path, in the order {@link #of} tries them (chat first: the common case). */
        private static final List<Endpoint> ROUTED = java.util.Arrays.stream(values()).filter(e -> e.route != null).toList();

        final String label;
        /** The method and path template it serves (docs/openapi/app-v1.yaml documents exactly these); null for none. */
        final String route;

        Endpoint(String label, String route) {
            this.label = label;
            this.route = route;
        }

        /** How errors on this route are written: Anthropic's shape on the Messages routes, OpenAI's elsewhere. */
        ErrorShape errors() {
            return this == MESSAGES || this == COUNT_TOKENS ? Messages.ROUTE.errors() : ErrorShape.OPENAI;
        }

        static Endpoint of(String method, String path) {
            if (method.equals("OPTIONS")) {
                return PREFLIGHT;
            }
            String asked = method + " " + path;
            for (Endpoint endpoint : ROUTED) {
                if (asked.equals(endpoint.route)) {
                    return endpoint;
                }
            }
            return method.equals("GET") && path.startsWith(MODELS_PREFIX) && path.length() > MODELS_PREFIX.length() ? MODEL : UNKNOWN;
        }
    }

    /** What serving a request came to, before CORS and metrics. */
    private record Outcome(ApiResponse response, Optional<String> tenantId, AllowedOrigins origins) {
        static Outcome anonymous(ApiResponse response) {
            return new Outcome(response, Optional.empty(), AllowedOrigins.NONE);
        }
    }

    /**
     * The app API's endpoints: chat completions, embeddings and the two other dialects run on the one
     * {@link RequestLifecycle}; {@code messages} also counts tokens; the model list is read-only.
     */
    public record Endpoints(ChatCompletions chat, Embeddings embeddings, Messages messages, Responses responses,
                            ModelsService models) {
    }

    private final ApiKeyAuthenticator authenticator;
    private final RequestLifecycle lifecycle;
    private final Endpoints endpoints;
    private final RequestMetrics metrics;
    private final AutoCloseable resources;

    /**
     * @param resources what {@link #close} releases: the instance's allowance leases (their keeper and lease book)
     */
    public RouterApp(ApiKeyAuthenticator authenticator, RequestLifecycle lifecycle, Endpoints endpoints, RequestMetrics metrics,
                     AutoCloseable resources) {
        this.resources = java.util.Objects.requireNonNull(resources, "resources");
        this.authenticator = authenticator;
        this.lifecycle = lifecycle;
        this.endpoints = endpoints;
        this.metrics = metrics;
    }

    /**
     * Stops the instance's background work and gives its allowance leases back (what they did not use returns to the
     * budgets at once instead of at their expiry). Call on shutdown; never throws.
     */
    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("closing the router's resources failed: {}", e.toString());
        }
    }

    public ApiResponse handle(ApiRequest request) {
        long started = System.nanoTime();
        String path = normalise(request.path());
        Endpoint endpoint = Endpoint.of(request.method(), path);
        Outcome outcome = serve(request, path, endpoint);
        ApiResponse response = Cors.apply(outcome.response(), request.header("origin"), outcome.origins());
        return observed(response, endpoint, outcome.tenantId(), started);
    }

    private Outcome serve(ApiRequest request, String path, Endpoint endpoint) {
        Optional<String> tenantId = Optional.empty();
        AllowedOrigins origins = AllowedOrigins.NONE;
        try {
            if (endpoint == Endpoint.PREFLIGHT) {
                return Outcome.anonymous(Cors.preflight(request));
            }
            if (request.body().length > ApiRequest.MAX_BODY_BYTES) {
                return Outcome.anonymous(endpoint.errors().render(ApiError.tooLarge("Request body exceeds " + ApiRequest.MAX_BODY_BYTES
                        + " bytes."), request.requestId()));
            }
            Authentication authentication = authenticator.authenticate(credentials(request));
            tenantId = authentication.tenantId();
            origins = authentication.allowedOrigins();
            if (authentication instanceof Authentication.Rejected rejected) {
                return new Outcome(endpoint.errors().render(rejected.error(), request.requestId()), tenantId, origins);
            }
            Caller caller = ((Authentication.Authenticated) authentication).caller();
            ApiResponse response = switch (endpoint) {
                case CHAT -> lifecycle.serve(endpoints.chat(), request, caller);
                case MESSAGES -> lifecycle.serve(endpoints.messages(), request, caller);
                case RESPONSES -> lifecycle.serve(endpoints.responses(), request, caller);
                case COUNT_TOKENS -> endpoints.messages().countTokens(request, caller);
                case MODELS -> endpoints.models().list(request.requestId(), caller);
                case MODEL -> endpoints.models().retrieve(request.requestId(), caller, modelId(path));
                case EMBEDDINGS -> lifecycle.serve(endpoints.embeddings(), request, caller);
                case PREFLIGHT, UNKNOWN -> ApiError.notFound("unknown_route", null,
                        "Unknown request URL: " + request.method() + " " + path + ".").toResponse(request.requestId());
            };
            return new Outcome(response, tenantId, origins);
        } catch (RuntimeException e) {
            LOG.error("unhandled error serving {} {}", request.method(), request.path(), e);
            return new Outcome(endpoint.errors().render(ApiError.internal("The gateway failed to process the request (request id "
                    + request.requestId() + ")."), request.requestId()), tenantId, origins);
        }
    }

    /**
     * The GateRouter key as {@code Authorization: Bearer <key>}: the OpenAI SDKs (and Anthropic's with an auth token, as
     * Claude Code sends {@code ANTHROPIC_AUTH_TOKEN}) send that header; the Anthropic SDKs with an API key send
     * {@code x-api-key: <key>} instead. {@code Authorization} wins when both are sent.
     */
    static Optional<String> credentials(ApiRequest request) {
        Optional<String> authorization = request.header("authorization").filter(value -> !value.isBlank());
        return authorization.isPresent() ? authorization
                : request.header("x-api-key").filter(key -> !key.isBlank()).map(key -> "Bearer " + key.strip());
    }

    /**
     * The model id after {@code /v1/models/}. Ids contain a slash ({@code openai/gpt-4o-mini}), which
     * clients send as is or percent-encoded ({@code openai%2Fgpt-4o-mini}: the OpenAI SDKs encode path
     * parameters); the HTTP server decodes the path, API Gateway may pass it still encoded.
     */
    static String modelId(String path) {
        String id = path.substring(MODELS_PREFIX.length());
        if (id.indexOf('%') < 0) {
            return id;
        }
        try {
            // only %XX escapes: a '+' in a path is a plus, not a space
            return URLDecoder.decode(id.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return id;
        }
    }

    /** Counts the answer once it is complete: a buffered answer now, a stream when it has ended. */
    private ApiResponse observed(ApiResponse response, Endpoint endpoint, Optional<String> tenantId, long started) {
        return switch (response) {
            case ApiResponse.Buffered buffered -> {
                count(endpoint, buffered.status(), tenantId, started);
                yield buffered;
            }
            case ApiResponse.Streamed streamed -> new ApiResponse.Streamed(sink -> {
                int status = 500;
                try {
                    StreamResult result = streamed.events().writeTo(sink);
                    status = result instanceof StreamResult.NotStarted notStarted ? notStarted.response().status() : 200;
                    return result;
                } finally {
                    count(endpoint, status, tenantId, started);
                }
            });
        };
    }

    private void count(Endpoint endpoint, int status, Optional<String> tenantId, long started) {
        try {
            metrics.served(new RequestMetrics.Served(endpoint.label, status, tenantId, System.nanoTime() - started));
        } catch (RuntimeException e) {
            // metrics never fail a request
            LOG.warn("request metrics failed: {}", e.toString());
        }
    }

    private static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
