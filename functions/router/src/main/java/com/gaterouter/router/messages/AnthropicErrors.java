package com.gaterouter.router.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.ErrorShape;
import com.gaterouter.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors in Anthropic's shape, {@code {"type":"error","error":{"type","message"},"request_id"}}, with Anthropic's
 * error type for each status, which the Anthropic SDKs map to their typed exceptions (and retry on 429 and 5xx).
 * The status is the gateway's own; the message names the offending field as the OpenAI shape's {@code param} would.
 */
public final class AnthropicErrors {

    /** The Messages dialect's {@link ErrorShape}. */
    public static final ErrorShape SHAPE = AnthropicErrors::render;

    private AnthropicErrors() {
    }

    /** Anthropic's error type for an HTTP status (docs.anthropic.com, "Errors"). */
    public static String type(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 400 && status < 500 ? "invalid_request_error" : "api_error";
        };
    }

    /** The error object as a stream's {@code error} event and a buffered answer carry it. */
    public static ObjectNode body(ApiError error, String requestId) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("type", "error");
        root.putObject("error").put("type", type(error.status())).put("message", message(error));
        root.put("request_id", requestId);
        return root;
    }

    /**
     * Anthropic's wording, {@code <field>: <what is wrong>}: the message prefixed with the field it is about, unless it
     * already starts with it or quotes it (the chat parser's {@code Invalid type for 'messages[0].content': …}).
     */
    static String message(ApiError error) {
        String param = error.param();
        if (param == null || param.isEmpty() || error.message().startsWith(param) || error.message().contains("'" + param + "'")) {
            return error.message();
        }
        return param + ": " + error.message();
    }

    private static ApiResponse.Buffered render(ApiError error, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>(error.extraHeaders());
        headers.put("x-request-id", requestId);
        headers.put("request-id", requestId);
        headers.put("content-type", "application/json");
        return new ApiResponse.Buffered(error.status(), headers, body(error, requestId).toString().getBytes(StandardCharsets.UTF_8));
    }
}
