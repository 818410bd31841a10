package com.gaterouter.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API core ({@code /admin/v1/*}), transport-agnostic like the router's. It
 * authenticates platform admins by their admin key and so far serves the tenant profile; the
 * account hierarchy, keys, budgets, roles and audit arrive with the admin API issue.
 */
public final class AdminApp {

    private static final Pattern TENANT = Pattern.compile("^/admin/v1/tenants/([A-Za-z0-9_-]{1,64})/?$");

    private final AccountStore accounts;

    public AdminApp(AccountStore accounts) {
        this.accounts = accounts;
    }

    public ApiResponse handle(ApiRequest request) {
        Optional<String> bearer = request.header("authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .filter(token -> !token.isEmpty());
        if (bearer.isEmpty() || !accounts.isPlatformAdminKey(ApiKeySecrets.hash(bearer.get()))) {
            return ApiError.unauthorized("Missing or invalid admin key.").toResponse(request.requestId());
        }
        Matcher tenant = TENANT.matcher(request.path());
        if (request.method().equals("GET") && tenant.matches()) {
            return accounts.findTenant(tenant.group(1))
                    .<ApiResponse>map(t -> {
                        ObjectNode body = Json.MAPPER.createObjectNode();
                        body.put("tenantId", t.tenantId());
                        body.put("name", t.name());
                        body.put("timeZone", t.timeZone().getId());
                        body.put("createdAt", t.createdAt().toString());
                        return ApiResponse.json(200, Map.of("x-request-id", request.requestId()), body.toString());
                    })
                    .orElseGet(() -> ApiError.notFound("tenant_not_found", "tenantId", "No tenant " + tenant.group(1) + ".")
                            .toResponse(request.requestId()));
        }
        return ApiError.notFound("unknown_route", null, "Unknown request URL: " + request.method() + " " + request.path() + ".")
                .toResponse(request.requestId());
    }
}
