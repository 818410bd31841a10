package com.gaterouter.admin.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every route the admin API serves. {@link #ALL} is the contract the OpenAPI document
 * ({@code docs/openapi/admin-v1.yaml}) and the authorization matrix test are checked against.
 */
public final class AdminRoutes {

    public static final String ROOT = "/admin/v1";
    public static final String BASE = ROOT + "/tenants";
    private static final String T = BASE + "/{tenantId}";

    /** Who the caller is (any authenticated admin caller). */
    public static final Route ME = new Route("GET", ROOT + "/me");

    public static final Route CREATE_TENANT = new Route("POST", BASE);
    public static final Route LIST_TENANTS = new Route("GET", BASE);
    public static final Route GET_TENANT = new Route("GET", T);
    public static final Route UPDATE_TENANT = new Route("PATCH", T);

    public static final Route CREATE_DEPARTMENT = new Route("POST", T + "/departments");
    public static final Route LIST_DEPARTMENTS = new Route("GET", T + "/departments");
    public static final Route GET_DEPARTMENT = new Route("GET", T + "/departments/{departmentId}");
    public static final Route UPDATE_DEPARTMENT = new Route("PATCH", T + "/departments/{departmentId}");
    public static final Route ARCHIVE_DEPARTMENT = new Route("DELETE", T + "/departments/{departmentId}");

    public static final Route CREATE_PROJECT = new Route("POST", T + "/projects");
    public static final Route LIST_PROJECTS = new Route("GET", T + "/projects");
    public static final Route GET_PROJECT = new Route("GET", T + "/projects/{projectId}");
    public static final Route UPDATE_PROJECT = new Route("PATCH", T + "/projects/{projectId}");
    public static final Route ARCHIVE_PROJECT = new Route("DELETE", T + "/projects/{projectId}");

    public static final Route CREATE_USER = new Route("POST", T + "/users");
    public static final Route LIST_USERS = new Route("GET", T + "/users");
    public static final Route GET_USER = new Route("GET", T + "/users/{userId}");
    public static final Route UPDATE_USER = new Route("PATCH", T + "/users/{userId}");
    public static final Route ARCHIVE_USER = new Route("DELETE", T + "/users/{userId}");

    public static final Route CREATE_KEY = new Route("POST", T + "/keys");
    public static final Route LIST_KEYS = new Route("GET", T + "/keys");
    public static final Route GET_KEY = new Route("GET", T + "/keys/{keyId}");
    public static final Route UPDATE_KEY = new Route("PATCH", T + "/keys/{keyId}");
    public static final Route REVOKE_KEY = new Route("POST", T + "/keys/{keyId}/revoke");
    public static final Route ROTATE_KEY = new Route("POST", T + "/keys/{keyId}/rotate");

    public static final Route LIST_BUDGETS = new Route("GET", T + "/budgets");
    public static final Route GET_BUDGET = new Route("GET", T + "/budgets/{scope}/{scopeId}");
    public static final Route PUT_BUDGET = new Route("PUT", T + "/budgets/{scope}/{scopeId}");
    public static final Route DELETE_BUDGET = new Route("DELETE", T + "/budgets/{scope}/{scopeId}");
    public static final Route LIST_ALERTS = new Route("GET", T + "/alerts");

    public static final Route LIST_POLICIES = new Route("GET", T + "/policies");
    public static final Route GET_POLICY = new Route("GET", T + "/policies/{scope}/{scopeId}");
    public static final Route PUT_POLICY = new Route("PUT", T + "/policies/{scope}/{scopeId}");
    public static final Route DELETE_POLICY = new Route("DELETE", T + "/policies/{scope}/{scopeId}");

    public static final Route LIST_ROUTING_POLICIES = new Route("GET", T + "/routing");
    public static final Route GET_ROUTING_POLICY = new Route("GET", T + "/routing/{scope}/{scopeId}");
    public static final Route PUT_ROUTING_POLICY = new Route("PUT", T + "/routing/{scope}/{scopeId}");
    public static final Route DELETE_ROUTING_POLICY = new Route("DELETE", T + "/routing/{scope}/{scopeId}");
    public static final Route CALIBRATE_ROUTING = new Route("POST", T + "/routing/calibrations");

    public static final Route GET_PRICING = new Route("GET", T + "/pricing");
    public static final Route PUT_PRICING = new Route("PUT", T + "/pricing");
    public static final Route REPRICE = new Route("GET", T + "/pricing/reprice");
    public static final Route LIST_CONTRACTS = new Route("GET", T + "/contracts");
    public static final Route GET_CONTRACT = new Route("GET", T + "/contracts/{vendor}");
    public static final Route PUT_CONTRACT = new Route("PUT", T + "/contracts/{vendor}");

    public static final Route SPEND_ANALYTICS = new Route("GET", T + "/analytics/spend");
    public static final Route MODEL_ANALYTICS = new Route("GET", T + "/analytics/models");
    public static final Route KEY_ANALYTICS = new Route("GET", T + "/analytics/keys");
    public static final Route TOP_USERS_ANALYTICS = new Route("GET", T + "/analytics/top-users");
    public static final Route ROUTING_ANALYTICS = new Route("GET", T + "/analytics/routing");
    public static final Route RUN_ROLLUP = new Route("POST", T + "/rollups/run");
    public static final Route CHARGEBACK = new Route("GET", T + "/chargeback");
    public static final Route FOCUS_EXPORT = new Route("GET", T + "/exports/focus");
    public static final Route CLOSE_MONTH = new Route("POST", T + "/month-closes");
    public static final Route GET_MONTH_CLOSE = new Route("GET", T + "/month-closes/{month}");
    public static final Route CREATE_RECONCILIATION = new Route("POST", T + "/reconciliations");
    public static final Route LIST_RECONCILIATIONS = new Route("GET", T + "/reconciliations");
    public static final Route GET_RECONCILIATION = new Route("GET", T + "/reconciliations/{reconciliationId}");

    public static final Route LIST_AUDIT = new Route("GET", T + "/audit");

    /** Every route, in documentation order. */
    public static final List<Route> ALL = List.of(
            ME,
            CREATE_TENANT, LIST_TENANTS, GET_TENANT, UPDATE_TENANT,
            CREATE_DEPARTMENT, LIST_DEPARTMENTS, GET_DEPARTMENT, UPDATE_DEPARTMENT, ARCHIVE_DEPARTMENT,
            CREATE_PROJECT, LIST_PROJECTS, GET_PROJECT, UPDATE_PROJECT, ARCHIVE_PROJECT,
            CREATE_USER, LIST_USERS, GET_USER, UPDATE_USER, ARCHIVE_USER,
            CREATE_KEY, LIST_KEYS, GET_KEY, UPDATE_KEY, REVOKE_KEY, ROTATE_KEY,
            LIST_BUDGETS, GET_BUDGET, PUT_BUDGET, DELETE_BUDGET, LIST_ALERTS,
            LIST_POLICIES, GET_POLICY, PUT_POLICY, DELETE_POLICY,
            LIST_ROUTING_POLICIES, GET_ROUTING_POLICY, PUT_ROUTING_POLICY, DELETE_ROUTING_POLICY, CALIBRATE_ROUTING,
            GET_PRICING, PUT_PRICING, REPRICE, LIST_CONTRACTS, GET_CONTRACT, PUT_CONTRACT,
            SPEND_ANALYTICS, MODEL_ANALYTICS, KEY_ANALYTICS, TOP_USERS_ANALYTICS, ROUTING_ANALYTICS, RUN_ROLLUP,
            CHARGEBACK, FOCUS_EXPORT, CLOSE_MONTH, GET_MONTH_CLOSE, CREATE_RECONCILIATION, LIST_RECONCILIATIONS, GET_RECONCILIATION,
            LIST_AUDIT);

    private AdminRoutes() {
    }

    /** What a request's method and path resolve to. */
    public sealed interface Resolution {
    }

    public record Matched(Route route, Map<String, String> parameters) implements Resolution {
    }

    /** The path is known but not with this method; {@code allowed} is the Allow header's list. */
    public record MethodNotAllowed(List<String> allowed) implements Resolution {
    }

    public record Unknown() implements Resolution {
    }

    public static Resolution resolve(String method, String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!trimmed.startsWith("/")) {
            return new Unknown();
        }
        List<String> segments = Arrays.asList(trimmed.substring(1).split("/", -1));
        List<Route> byPath = new ArrayList<>();
        for (Route route : ALL) {
            if (route.match(segments).isPresent()) {
                byPath.add(route);
            }
        }
        if (byPath.isEmpty()) {
            return new Unknown();
        }
        // the most literal template wins (e.g. /keys/{keyId}/revoke is never read as a parameter)
        int best = byPath.stream().mapToInt(Route::literalCount).max().orElseThrow();
        List<Route> candidates = byPath.stream().filter(r -> r.literalCount() == best).toList();
        Optional<Route> exact = candidates.stream().filter(r -> r.method().equals(method)).findFirst();
        if (exact.isPresent()) {
            return new Matched(exact.get(), exact.get().match(segments).orElseThrow());
        }
        TreeSet<String> allowed = new TreeSet<>(Comparator.naturalOrder());
        candidates.forEach(r -> allowed.add(r.method()));
        return new MethodNotAllowed(List.copyOf(allowed));
    }
}
