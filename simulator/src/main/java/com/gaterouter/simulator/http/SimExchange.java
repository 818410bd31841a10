package com.gaterouter.simulator.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request/response: the body read up front, query parameters decoded, and the few ways the
 * simulator answers (JSON, a stream, or a deliberately broken connection).
 */
public final class SimExchange {

    private final HttpExchange exchange;
    private final byte[] body;
    private final String path;
    private final Map<String, String> query;
    private final long startedNanos;
    private boolean responded;

    private SimExchange(HttpExchange exchange, byte[] body) {
        this.exchange = exchange;
        this.body = body;
        this.path = exchange.getRequestURI().getPath();
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
        this.startedNanos = System.nanoTime();
    }

    /** Largest request body the simulator reads (a vendor's own limits are lower or similar). */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /**
     * Wraps an exchange, reading the whole request body, or empty when the body is larger than
     * {@link #MAX_BODY_BYTES} (read no further: the caller answers 413 and closes the connection).
     */
    public static Optional<SimExchange> read(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return Optional.empty();
        }
        exchange.getRequestBody().close();
        return Optional.of(new SimExchange(exchange, body));
    }

    /** 413 in OpenAI's error shape; the unread rest of the body makes the connection unusable, so it is closed. */
    public static void answerTooLarge(HttpExchange raw) throws IOException {
        byte[] body = Json.bytes(Json.object().set("error", Json.object()
                .put("message", "Request body exceeds " + MAX_BODY_BYTES + " bytes.")
                .put("type", "invalid_request_error").put("code", "request_too_large")));
        try (raw) {
            raw.getResponseHeaders().set("content-type", "application/json");
            raw.getResponseHeaders().set("connection", "close");
            raw.sendResponseHeaders(413, body.length);
            raw.getResponseBody().write(body);
        }
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    /** Decoded path without the query. */
    public String path() {
        return path;
    }

    /** Path and raw query as sent. */
    public String pathAndQuery() {
        String raw = exchange.getRequestURI().getRawPath();
        String q = exchange.getRequestURI().getRawQuery();
        return q == null ? raw : raw + "?" + q;
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    public Headers requestHeaders() {
        return exchange.getRequestHeaders();
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** When this request started being handled, for latency pacing. */
    public long startedNanos() {
        return startedNanos;
    }

    public boolean responded() {
        return responded;
    }

    /** Sends a complete response with a Content-Length. */
    public void send(int status, String contentType, byte[] payload, Map<String, String> headers) throws IOException {
        setHeaders(contentType, headers);
        responded = true;
        exchange.sendResponseHeaders(status, payload.length == 0 ? -1 : payload.length);
        if (payload.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(payload);
            }
        }
        exchange.close();
    }

    public void sendJson(int status, byte[] payload, Map<String, String> headers) throws IOException {
        send(status, "application/json", payload, headers);
    }

    /** Starts a chunked response; the caller writes and flushes, then calls {@link #finish()}. */
    public OutputStream startStream(int status, String contentType, Map<String, String> headers) throws IOException {
        setHeaders(contentType, headers);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        responded = true;
        exchange.sendResponseHeaders(status, 0);
        return exchange.getResponseBody();
    }

    /** Ends a chunked response normally. */
    public void finish() {
        exchange.close();
    }

    /**
     * Announces the full length of {@code payload} but sends only {@code sentBytes} of it, then
     * drops the connection: the client sees a truncated body.
     */
    public void sendTruncatedThenAbort(int status, String contentType, byte[] payload, int sentBytes,
            Map<String, String> headers) throws IOException {
        setHeaders(contentType, headers);
        responded = true;
        exchange.sendResponseHeaders(status, payload.length);
        OutputStream out = exchange.getResponseBody();
        out.write(payload, 0, Math.min(sentBytes, payload.length));
        out.flush();
        throw new ConnectionAbort("truncated body");
    }

    /** Drops the connection now, whatever has been sent. */
    public ConnectionAbort abort(String reason) {
        return new ConnectionAbort(reason);
    }

    /** Sleeps; if the simulator shuts down meanwhile, the connection is dropped. */
    public static void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionAbort("simulator shutting down");
        }
    }

    private void setHeaders(String contentType, Map<String, String> headers) {
        Headers h = exchange.getResponseHeaders();
        if (contentType != null) {
            h.set("Content-Type", contentType);
        }
        headers.forEach(h::set);
    }

    private static Map<String, String> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Request headers as a lower-cased name → values map. */
    public Map<String, List<String>> headersLowerCase() {
        Map<String, List<String>> out = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return out;
    }
}
