package com.gaterouter.local.metrics;

import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiHandler;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code GET /metrics}: the request metrics in Prometheus text format, for the platform admin only
 * ({@code Authorization: Bearer <platform admin key>}, which Prometheus sends with
 * {@code authorization: {credentials: …}} in a scrape config). The figures span every tenant, so
 * neither app keys nor tenant admins may read them. Refusals are the admin API's: 401
 * {@code invalid_api_key}, 405 for other methods.
 */
public final class MetricsEndpoint implements ApiHandler {

    public static final String PATH = "/metrics";
    private static final int MAX_TOKEN_LENGTH = 512;

    private final PrometheusRequestMetrics metrics;
    private final Predicate<String> isPlatformAdminKeyHash;

    /**
     * @param isPlatformAdminKeyHash whether a SHA-256 key hash is a platform admin key's (the accounts
     *                               store's check, the same the admin API makes)
     */
    public MetricsEndpoint(PrometheusRequestMetrics metrics, Predicate<String> isPlatformAdminKeyHash) {
        this.metrics = metrics;
        this.isPlatformAdminKeyHash = isPlatformAdminKeyHash;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String path = request.path().endsWith("/") && request.path().length() > 1
                ? request.path().substring(0, request.path().length() - 1) : request.path();
        if (!path.equals(PATH)) {
            return ApiError.notFound("unknown_route", null, "Unknown request URL: " + request.path() + ".").toResponse(request.requestId());
        }
        if (!request.method().equals("GET")) {
            return new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                    request.method() + " is not allowed on " + PATH + "; use GET.", Map.of("allow", "GET"))
                    .toResponse(request.requestId());
        }
        Optional<String> token = request.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .filter(t -> !t.isEmpty() && t.length() <= MAX_TOKEN_LENGTH);
        if (token.isEmpty() || !isPlatformAdminKeyHash.test(ApiKeySecrets.hash(token.get()))) {
            return ApiError.unauthorized("The metrics need the platform admin key: 'Authorization: Bearer <platform admin key>'.")
                    .toResponse(request.requestId());
        }
        return new ApiResponse.Buffered(200, Map.of("content-type", metrics.contentType(), "cache-control", "no-store",
                "x-request-id", request.requestId()), metrics.scrape());
    }
}
