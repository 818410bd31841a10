package com.gaterouter.router;

import com.gaterouter.common.accounts.AllowedOrigins;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.router.auth.ApiKeyAuthenticator;
import com.gaterouter.router.auth.Authentication;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.chat.ChatCompletions;
import com.gaterouter.router.cors.Cors;
import com.gaterouter.router.embeddings.Embeddings;
import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.models.ModelsService;
import com.gaterouter.router.observability.RequestMetrics;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
        CHAT(ChatCompletions.ROUTE.label()),
        EMBEDDINGS(Embeddings.ROUTE.label()),
        MODELS("models.list"),
        MODEL("models.retrieve"),
        PREFLIGHT("preflight"),
        UNKNOWN("unknown");

        final String label;

        Endpoint(String label) {
            this.label = label;
        }

        static Endpoint of(String method, String path) {
            if (method.equals("OPTIONS")) {
                return PREFLIGHT;
            }
            return switch (method + " " + path) {
                case "POST /v1/chat/completions" -> CHAT;
                case "POST /v1/embeddings" -> EMBEDDINGS;
                case "GET /v1/models" -> MODELS;
                default -> method.equals("GET") && path.startsWith(MODELS_PREFIX) && path.length() > MODELS_PREFIX.length()
                        ? MODEL : UNKNOWN;
            };
        }
    }

    /** What serving a request came to, before CORS and metrics. */
    private record Outcome(ApiResponse response, Optional<String> tenantId, AllowedOrigins origins) {
        static Outcome anonymous(ApiResponse response) {
            return new Outcome(response, Optional.empty(), AllowedOrigins.NONE);
        }
    }

    private final ApiKeyAuthenticator authenticator;
    private final RequestLifecycle lifecycle;
    private final ChatCompletions chat;
    private final ModelsService models;
    private final Embeddings embeddings;
    private final RequestMetrics metrics;
    private final AutoCloseable resources;

    /** Chat completions and embeddings are endpoints of the one {@link RequestLifecycle}; the model list is read-only. */
    public RouterApp(ApiKeyAuthenticator authenticator, RequestLifecycle lifecycle, ChatCompletions chat, ModelsService models,
                     Embeddings embeddings, RequestMetrics metrics) {
        this(authenticator, lifecycle, chat, models, embeddings, metrics, () -> {
        });
    }

    /**
     * @param resources what {@link #close} releases: the instance's allowance leases (their keeper and lease book)
     */
    public RouterApp(ApiKeyAuthenticator authenticator, RequestLifecycle lifecycle, ChatCompletions chat, ModelsService models,
                     Embeddings embeddings, RequestMetrics metrics, AutoCloseable resources) {
        this.resources = java.util.Objects.requireNonNull(resources, "resources");
        this.authenticator = authenticator;
        this.lifecycle = lifecycle;
        this.chat = chat;
        this.models = models;
        this.embeddings = embeddings;
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
                return Outcome.anonymous(ApiError.tooLarge("Request body exceeds " + ApiRequest.MAX_BODY_BYTES + " bytes.")
                        .toResponse(request.requestId()));
            }
            Authentication authentication = authenticator.authenticate(request.header("authorization"));
            tenantId = authentication.tenantId();
            origins = authentication.allowedOrigins();
            if (authentication instanceof Authentication.Rejected rejected) {
                return new Outcome(rejected.error().toResponse(request.requestId()), tenantId, origins);
            }
            Caller caller = ((Authentication.Authenticated) authentication).caller();
            ApiResponse response = switch (endpoint) {
                case CHAT -> lifecycle.serve(chat, request, caller);
                case MODELS -> models.list(request.requestId(), caller);
                case MODEL -> models.retrieve(request.requestId(), caller, modelId(path));
                case EMBEDDINGS -> lifecycle.serve(embeddings, request, caller);
                case PREFLIGHT, UNKNOWN -> ApiError.notFound("unknown_route", null,
                        "Unknown request URL: " + request.method() + " " + path + ".").toResponse(request.requestId());
            };
            return new Outcome(response, tenantId, origins);
        } catch (RuntimeException e) {
            LOG.error("unhandled error serving {} {}", request.method(), request.path(), e);
            return new Outcome(ApiError.internal("The gateway failed to process the request (request id " + request.requestId() + ").")
                    .toResponse(request.requestId()), tenantId, origins);
        }
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
