package com.gaterouter.simulator.core;

import java.util.Map;
import java.util.Objects;

/**
 * An error answer before vendor rendering.
 *
 * @param status  HTTP status
 * @param kind    category, mapped to the vendor's error type
 * @param message human message, or null for the vendor's usual wording
 * @param param   the offending request field (OpenAI's {@code param}), or null
 * @param code    a machine code (OpenAI's {@code code}), or null for the vendor's default
 * @param headers extra response headers (e.g. Retry-After)
 */
public record ApiError(int status, ErrorKind kind, String message, String param, String code,
        Map<String, String> headers) {

    public ApiError {
        Objects.requireNonNull(kind, "kind");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ApiError of(int status, ErrorKind kind, String message) {
        return new ApiError(status, kind, message, null, null, Map.of());
    }

    public static ApiError invalid(String message) {
        return new ApiError(400, ErrorKind.INVALID_REQUEST, message, null, null, Map.of());
    }

    public static ApiError invalid(String message, String param) {
        return new ApiError(400, ErrorKind.INVALID_REQUEST, message, param, null, Map.of());
    }

    /** A missing required field, worded OpenAI-style; other vendors reword it. */
    public static ApiError missing(String param) {
        return new ApiError(400, ErrorKind.INVALID_REQUEST, "Missing required parameter: '" + param + "'.", param,
                "missing_required_parameter", Map.of());
    }

    public static ApiError notFound(String message) {
        return of(404, ErrorKind.NOT_FOUND, message);
    }

    public static ApiError methodNotAllowed(String message) {
        return of(405, ErrorKind.METHOD_NOT_ALLOWED, message);
    }

    public ApiException toException() {
        return new ApiException(this);
    }
}
