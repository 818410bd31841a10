package com.gaterouter.router;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.router.auth.ApiKeyAuthenticator;
import com.gaterouter.router.auth.Authentication;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.chat.ChatCompletionService;
import com.gaterouter.router.embeddings.EmbeddingsService;
import com.gaterouter.router.models.ModelsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's core: {@code /v1/*} request in, response out, whatever the transport. Every route
 * authenticates first, so an unauthenticated caller learns nothing, not even which routes exist.
 */
public final class RouterApp {

    private static final Logger LOG = LoggerFactory.getLogger(RouterApp.class);

    private final ApiKeyAuthenticator authenticator;
    private final ChatCompletionService chat;
    private final ModelsService models;
    private final EmbeddingsService embeddings;

    public RouterApp(ApiKeyAuthenticator authenticator, ChatCompletionService chat, ModelsService models, EmbeddingsService embeddings) {
        this.authenticator = authenticator;
        this.chat = chat;
        this.models = models;
        this.embeddings = embeddings;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            if (request.body().length > ApiRequest.MAX_BODY_BYTES) {
                return ApiError.tooLarge("Request body exceeds " + ApiRequest.MAX_BODY_BYTES + " bytes.").toResponse(request.requestId());
            }
            Authentication authentication = authenticator.authenticate(request.header("authorization"));
            if (authentication instanceof Authentication.Rejected rejected) {
                return rejected.error().toResponse(request.requestId());
            }
            Caller caller = ((Authentication.Authenticated) authentication).caller();
            String path = normalise(request.path());
            return switch (request.method() + " " + path) {
                case "POST /v1/chat/completions" -> chat.complete(request, caller);
                case "GET /v1/models" -> models.list(request.requestId(), caller);
                case "POST /v1/embeddings" -> embeddings.embed(request, caller);
                default -> ApiError.notFound("unknown_route", null,
                        "Unknown request URL: " + request.method() + " " + path + ".").toResponse(request.requestId());
            };
        } catch (RuntimeException e) {
            LOG.error("unhandled error serving {} {}", request.method(), request.path(), e);
            return ApiError.internal("The gateway failed to process the request (request id " + request.requestId() + ").")
                    .toResponse(request.requestId());
        }
    }

    private static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
