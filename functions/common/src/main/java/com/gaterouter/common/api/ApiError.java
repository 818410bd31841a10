package com.gaterouter.common.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, which every
 * OpenAI SDK parses into its typed exceptions. {@code param} names the offending request field.
 */
public record ApiError(int status, String type, String code, String param, String message, Map<String, String> extraHeaders) {

    public ApiError {
        extraHeaders = Map.copyOf(extraHeaders);
    }

    public static ApiError invalidRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_request", param, message, Map.of());
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "authentication_error", "invalid_api_key", null, message, Map.of());
    }

    public static ApiError forbidden(String code, String param, String message) {
        return new ApiError(403, "permission_error", code, param, message, Map.of());
    }

    public static ApiError notFound(String code, String param, String message) {
        return new ApiError(404, "not_found_error", code, param, message, Map.of());
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "invalid_request_error", "request_too_large", null, message, Map.of());
    }

    public static ApiError badGateway(String code, String message) {
        return new ApiError(502, "api_error", code, null, message, Map.of());
    }

    public static ApiError gatewayTimeout(String message) {
        return new ApiError(504, "api_error", "vendor_timeout", null, message, Map.of());
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "api_error", "internal_error", null, message, Map.of());
    }

    public ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root;
    }

    public ApiResponse.Buffered toResponse(String requestId) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("x-request-id", requestId);
        return ApiResponse.json(status, headers, toJson().toString());
    }
}
