package com.gaterouter.admin.http;

import com.gaterouter.admin.auth.Caller;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.api.ApiRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One authenticated admin request, routed: the caller, the path parameters, the time it is
 * handled at (from the injected clock) and typed access to query, headers and body. Lists read
 * their page with {@link #page()} and hand their next position back sealed by {@link #nextToken(Page)}.
 */
public record AdminCall(ApiRequest request, Caller caller, Route route, Map<String, String> pathParameters, Instant now,
                        PageTokens pageTokens) {

    public String requestId() {
        return request.requestId();
    }

    /** A path parameter that is an id ({@code [A-Za-z0-9_-]{1,64}}); anything else names nothing, so 404. */
    public String id(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException(route + " has no parameter " + name);
        }
        if (!Check.ID.matcher(value).matches()) {
            throw AdminException.notFound(name, "No " + name.replace("Id", "") + " '" + value + "'.");
        }
        return value;
    }

    public String tenantId() {
        return id("tenantId");
    }

    public String raw(String name) {
        return pathParameters.get(name);
    }

    public JsonBody body() {
        return JsonBody.parse(request.body());
    }

    public JsonBody optionalBody() {
        return JsonBody.parseOptional(request.body());
    }

    /** Rejects query parameters the route does not know ({@code limit} and {@code nextToken} come with lists). */
    public void allowQuery(String... names) {
        Set<String> known = Set.of(names);
        for (String name : request.query().keySet()) {
            if (!known.contains(name)) {
                throw AdminException.invalid(name, "Unknown query parameter '" + name + "'.");
            }
        }
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(request.query().get(name));
    }

    /** An id-valued query filter such as {@code ?departmentId=}. */
    public Optional<String> queryId(String name) {
        return query(name).map(value -> Check.id(name, value));
    }

    /** {@code ?limit=} (1..100, default 50) and {@code ?nextToken=}; a list's other filters are the caller's. */
    public PageRequest page() {
        int limit = PageRequest.DEFAULT_LIMIT;
        Optional<String> rawLimit = query("limit");
        if (rawLimit.isPresent()) {
            try {
                limit = Integer.parseInt(rawLimit.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
                throw AdminException.invalid("limit", "'limit' must be an integer from 1 to " + PageRequest.MAX_LIMIT + ".");
            }
        }
        Optional<String> token = query("nextToken").filter(t -> !t.isEmpty());
        if (token.isEmpty()) {
            return PageRequest.first(limit);
        }
        Optional<String> position = pageTokens.open(token.get(), listBinding());
        if (position.isEmpty()) {
            throw AdminException.invalid("nextToken", "'nextToken' is not a token this list gave out.");
        }
        return new PageRequest(limit, position);
    }

    /** The {@code nextToken} clients get for {@code page}: its store position sealed to this list. */
    public Optional<String> nextToken(Page<?> page) {
        return page.nextToken().map(position -> pageTokens.seal(position, listBinding()));
    }

    /**
     * What makes this list this list, and what a {@code nextToken} is bound to: the route, its path
     * parameters (the tenant), every filter except {@code limit} and {@code nextToken}, and the caller
     * (a token is not passed between people). Each part is length-prefixed, so no two lists share a binding.
     */
    String listBinding() {
        StringBuilder binding = new StringBuilder();
        field(binding, route.method());
        field(binding, route.template());
        new TreeMap<>(pathParameters).forEach((name, value) -> {
            field(binding, "p:" + name);
            field(binding, value);
        });
        new TreeMap<>(request.query()).forEach((name, value) -> {
            if (!name.equals("limit") && !name.equals("nextToken")) {
                field(binding, "q:" + name);
                field(binding, value);
            }
        });
        switch (caller) {
            case Caller.PlatformAdmin admin -> {
                field(binding, "platform");
                field(binding, admin.principal());
            }
            case Caller.TenantUser user -> {
                field(binding, "user");
                field(binding, user.tenantId());
                field(binding, user.userId());
            }
        }
        return binding.toString();
    }

    private static void field(StringBuilder binding, String value) {
        binding.append(value.length()).append(':').append(value).append(';');
    }

    /**
     * The {@code If-Match} version, if sent: {@code "3"}, {@code 3} or {@code W/"3"}; {@code *} means
     * "whatever is current" and counts as absent.
     */
    public Optional<Long> ifMatch() {
        Optional<String> header = request.header("if-match").map(String::strip);
        if (header.isEmpty() || header.get().equals("*")) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long version = Long.parseLong(value);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return Optional.of(version);
        } catch (NumberFormatException e) {
            throw AdminException.invalid("If-Match", "'If-Match' must be an entity version such as \"3\" (the ETag of a GET).");
        }
    }
}
