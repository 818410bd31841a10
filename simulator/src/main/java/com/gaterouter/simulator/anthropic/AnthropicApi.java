package com.gaterouter.simulator.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.ChatFlow;
import com.gaterouter.simulator.core.Endpoint;
import com.gaterouter.simulator.core.ErrorKind;
import com.gaterouter.simulator.core.Ids;
import com.gaterouter.simulator.core.PromptTokens;
import com.gaterouter.simulator.core.SimContext;
import com.gaterouter.simulator.core.VendorApi;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamEvent;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Anthropic ({@code /anthropic/v1/...}): {@code x-api-key} auth, {@code anthropic-version}
 * required, and the {@code {"type":"error","error":{"type","message"}}} error shape.
 */
public final class AnthropicApi implements VendorApi {

    private final Endpoint messages;
    private final Endpoint countTokens;
    private final Endpoint models;

    public AnthropicApi(SimContext ctx) {
        AnthropicMessages dialect = new AnthropicMessages(ctx);
        this.messages = call -> ChatFlow.run(call, dialect);
        this.countTokens = call -> {
            var request = dialect.parseForCounting(ChatFlow.parseBody(call), call.exchange());
            call.exchange().sendJson(200, Json.bytes(Json.object()
                    .put("input_tokens", PromptTokens.count(request.conversation()))), call.headers());
        };
        this.models = call -> call.exchange().sendJson(200, Json.bytes(modelList()), call.headers());
    }

    @Override
    public SimVendor vendor() {
        return SimVendor.ANTHROPIC;
    }

    @Override
    public Endpoint route(String method, String subPath) {
        Endpoint endpoint = switch (subPath) {
            case "/v1/messages" -> messages;
            case "/v1/messages/count_tokens" -> countTokens;
            case "/v1/models" -> models;
            default -> null;
        };
        if (endpoint == null) {
            throw ApiError.notFound("Not Found").toException();
        }
        String expected = endpoint == models ? "GET" : "POST";
        if (!expected.equals(method)) {
            throw ApiError.methodNotAllowed("Method Not Allowed").toException();
        }
        return endpoint;
    }

    @Override
    public Optional<String> apiKey(SimExchange exchange) {
        return exchange.header("x-api-key").or(() -> exchange.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim()));
    }

    @Override
    public byte[] errorBody(ApiError error) {
        return Json.bytes(errorJson(error));
    }

    @Override
    public StreamEvent streamError(ApiError error) {
        return StreamEvent.terminal("error", Json.write(errorJson(error)));
    }

    /** Anthropic refuses a blocked prompt with a 200 ({@code stop_reason: refusal}); the rest are errors. */
    @Override
    public Optional<ApiError> refusal(Fault.Refusal refusal, String model) {
        return switch (refusal) {
            case INVALID_REQUEST -> Optional.of(ApiError.invalid("Invalid request: refused as asked by a simulator fault (bad_request)."));
            case CONTENT_FILTER -> Optional.empty();
            case QUOTA_EXHAUSTED -> Optional.of(ApiError.of(400, ErrorKind.QUOTA_EXHAUSTED, null));
            case MODEL_NOT_FOUND -> Optional.of(ApiError.of(404, ErrorKind.NOT_FOUND, "model: " + model));
        };
    }

    /** The prompt alone, then the prompt with {@code max_tokens} (required here), each with its own message. */
    @Override
    public Optional<ApiError> contextWindowExceeded(int promptTokens, OptionalInt maxTokens, int window) {
        if (promptTokens > window) {
            return Optional.of(ApiError.invalid("prompt is too long: " + promptTokens + " tokens > " + window + " maximum"));
        }
        if (maxTokens.isPresent() && promptTokens + maxTokens.getAsInt() > window) {
            return Optional.of(ApiError.invalid("input length and `max_tokens` exceed context limit: " + promptTokens + " + "
                    + maxTokens.getAsInt() + " > " + window + ", decrease input length or `max_tokens` and try again"));
        }
        return Optional.empty();
    }

    @Override
    public String invalidJsonMessage() {
        return "There was an issue with your request body: it is not valid JSON.";
    }

    @Override
    public Map<String, String> responseHeaders(Ids ids) {
        return Map.of("request-id", ids.next("req_011C", 20));
    }

    private static ObjectNode errorJson(ApiError e) {
        String type = switch (e.kind()) {
            // an account out of credit is a 400 invalid_request_error at Anthropic
            case INVALID_REQUEST, METHOD_NOT_ALLOWED, QUOTA_EXHAUSTED -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case REQUEST_TOO_LARGE -> "request_too_large";
            case RATE_LIMITED -> "rate_limit_error";
            case OVERLOADED -> "overloaded_error";
            case TIMEOUT -> "timeout_error";
            case SERVER_ERROR -> "api_error";
        };
        String message = e.message() != null ? reword(e.message()) : switch (e.kind()) {
            case AUTHENTICATION -> "invalid x-api-key";
            case QUOTA_EXHAUSTED -> "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to "
                    + "upgrade or purchase credits.";
            case RATE_LIMITED -> "Number of requests has exceeded your per-minute rate limit. Please try again later.";
            case OVERLOADED -> "Overloaded";
            case TIMEOUT -> "Request timed out";
            case NOT_FOUND -> "Not Found";
            default -> "Internal server error";
        };
        ObjectNode root = Json.object().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        return root;
    }

    /** Shared helpers word missing fields OpenAI-style; Anthropic says "field: Field required". */
    private static String reword(String message) {
        if (message.startsWith("Missing required parameter: '")) {
            return message.substring("Missing required parameter: '".length(), message.length() - 2) + ": Field required";
        }
        return message;
    }

    private static ObjectNode modelList() {
        String[][] models = {
            {"claude-opus-4-1", "Claude Opus 4.1"},
            {"claude-sonnet-4-5", "Claude Sonnet 4.5"},
            {"claude-haiku-4-5", "Claude Haiku 4.5"},
            {"claude-3-5-haiku-latest", "Claude Haiku 3.5"}};
        ArrayNode data = Json.array();
        for (String[] m : models) {
            data.addObject().put("type", "model").put("id", m[0]).put("display_name", m[1])
                    .put("created_at", "2025-01-01T00:00:00Z");
        }
        ObjectNode root = Json.object();
        root.set("data", data);
        root.put("has_more", false).put("first_id", models[0][0]).put("last_id", models[models.length - 1][0]);
        return root;
    }
}
