package com.gaterouter.common.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An HTTP request as the transport-agnostic core sees it. Header names are lower-cased.
 *
 * @param requestId the id every log line, usage record and response carries (API Gateway's
 *                  request id in Lambda, a fresh one in the HTTP server)
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        String requestId,
        Instant receivedAt) {

    /** API Gateway's payload limit; transports refuse larger bodies before reading them whole. */
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        query = query == null ? Map.of() : Map.copyOf(query);
        headers = headers == null ? Map.of() : headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
