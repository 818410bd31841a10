package com.gaterouter.admin.http;

import com.gaterouter.common.api.ApiError;
import java.util.Map;

/**
 * A request the admin API refuses, carrying the error it answers with. Services throw it; the app
 * turns it into the OpenAI-shaped error response. The builders here are the admin API's error
 * vocabulary (spec: 400 invalid_request, 401 invalid_api_key, 403 permission_denied, 404 not_found,
 * 405 method_not_allowed, 409 conflict codes, 412 version_mismatch).
 */
public final class AdminException extends RuntimeException {

    private final transient ApiError error;

    public AdminException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }

    public static AdminException invalid(String param, String message) {
        return new AdminException(ApiError.invalidRequest(param, message));
    }

    public static AdminException unauthorized(String message) {
        return new AdminException(ApiError.unauthorized(message));
    }

    /** 501 {@code not_available}: the route exists, this deployment was built without what it needs. */
    public static AdminException notAvailable(String message) {
        return new AdminException(new ApiError(501, "api_error", "not_available", null, message, Map.of()));
    }

    public static AdminException forbidden(String message) {
        return forbidden(null, message);
    }

    public static AdminException forbidden(String param, String message) {
        return new AdminException(ApiError.forbidden("permission_denied", param, message));
    }

    /** The one 404: a missing thing and a thing the caller may not see (another tenant's) look the same. */
    public static AdminException notFound(String param, String message) {
        return new AdminException(ApiError.notFound("not_found", param, message));
    }

    public static AdminException conflict(String code, String param, String message) {
        return new AdminException(new ApiError(409, "invalid_request_error", code, param, message, Map.of()));
    }

    public static AdminException versionMismatch(String message) {
        return new AdminException(new ApiError(412, "invalid_request_error", "version_mismatch", "If-Match", message, Map.of()));
    }

    public static AdminException methodNotAllowed(String method, String path, java.util.List<String> allowed) {
        return new AdminException(new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed) + ".",
                Map.of("allow", String.join(", ", allowed))));
    }
}
