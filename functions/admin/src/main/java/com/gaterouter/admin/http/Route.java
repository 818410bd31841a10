package com.gaterouter.admin.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One route of the admin API: an HTTP method and a path template such as
 * {@code /admin/v1/tenants/{tenantId}/departments/{departmentId}}.
 */
public record Route(String method, String template) {

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        if (!template.startsWith("/") || template.endsWith("/")) {
            throw new IllegalArgumentException("a template starts with '/' and does not end with one: " + template);
        }
    }

    public List<String> segments() {
        return Arrays.asList(template.substring(1).split("/"));
    }

    /** The names of the template's path parameters, in order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (String segment : segments()) {
            if (isParameter(segment)) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    /** The path parameters if {@code pathSegments} fits the template (literals equal, parameters non-empty). */
    public Optional<Map<String, String>> match(List<String> pathSegments) {
        List<String> segments = segments();
        if (segments.size() != pathSegments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new TreeMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String actual = pathSegments.get(i);
            if (isParameter(expected)) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** Literal segments count more than parameters, so {@code /keys/{keyId}/revoke} wins over a parameter there. */
    int literalCount() {
        return (int) segments().stream().filter(s -> !isParameter(s)).count();
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
