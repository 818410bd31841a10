package com.gaterouter.common.http;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiHandler;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The streaming transport: a plain HTTP/1.1 server (the JDK's, one virtual thread per request)
 * that writes each server-sent event to the socket and flushes it as soon as the core produces it.
 * Serves the local gateway and, in AWS, the streaming deployment behind Lambda Web Adapter.
 * {@code GET /health} answers 200 once {@code ready} says so.
 *
 * <p>Slow and silent clients are bounded by the JDK server's own timers, configured by
 * {@link #configureJdkServer()} before the first JDK {@code HttpServer} of the process exists: a
 * request's headers and body must arrive within {@link #REQUEST_READ_LIMIT} of its first byte (a
 * connection that sends nothing is closed after the same time), idle keep-alive connections close
 * after {@link #IDLE_LIMIT}, and at most {@link #MAX_CONNECTIONS} connections are open at once.
 * An answer given before the request body was read to its end (413, unknown route) carries
 * {@code Connection: close}, so a client never sends its next request down a connection whose
 * unread body would be taken for it.
 */
public final class GatewayHttpServer implements AutoCloseable {

    /** A path prefix and the handler for everything under it. */
    public record Route(String prefix, ApiHandler handler) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHttpServer.class);
    // reseeded after a SnapStart restore: no two instances restored from one snapshot draw the same values
    private static final SecureRandom RANDOM = com.gaterouter.common.snapstart.SnapshotSafeRandom.create();
    /** Powertools' JSON layout reads the correlation id from this MDC key. */
    private static final String CORRELATION_ID = "correlation_id";

    /** How long a request's headers and body may take to arrive (JDK {@code sun.net.httpserver.maxReqTime}). */
    public static final Duration REQUEST_READ_LIMIT = Duration.ofSeconds(20);
    /** How long a keep-alive connection may stay idle between requests. */
    public static final Duration IDLE_LIMIT = Duration.ofSeconds(30);
    /** Most connections open at once; the JDK server closes any beyond it as soon as it accepts them. */
    public static final int MAX_CONNECTIONS = 1024;
    /** How much of an unread, refused body is read and discarded before the connection closes (see {@link #linger}). */
    static final long LINGER_BYTES = 16L * 1024 * 1024;

    static {
        configureJdkServer();
    }

    /**
     * Sets the JDK HTTP server's limits as system properties, each unless the operator already set
     * it (-D on the command line wins). The JDK reads them once, when the first server of the
     * process is created, so a process that starts other JDK servers (the local gateway's vendor
     * simulator) calls this first. Idempotent.
     */
    public static void configureJdkServer() {
        // SSE writes are small: without TCP_NODELAY, Nagle's algorithm holds them back ~40 ms each
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        // headers and body within this many seconds; also bounds a connection that never sends a byte
        setIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(REQUEST_READ_LIMIT.toSeconds()));
        setIfAbsent("sun.net.httpserver.idleInterval", Long.toString(IDLE_LIMIT.toSeconds()));
        // the timers' tick: check every second, so a limit is kept to within a second
        setIfAbsent("sun.net.httpserver.clockTick", "1000");
        setIfAbsent("sun.net.httpserver.timerMillis", "1000");
        setIfAbsent("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        // no response time limit: a stream may rightly run for many minutes
    }

    /** The request read limit in force in this process (an operator's -D value, else {@link #REQUEST_READ_LIMIT}). */
    public static Duration requestReadLimit() {
        try {
            long seconds = Long.parseLong(System.getProperty("sun.net.httpserver.maxReqTime", "").trim());
            return seconds > 0 ? Duration.ofSeconds(seconds) : REQUEST_READ_LIMIT;
        } catch (NumberFormatException e) {
            return REQUEST_READ_LIMIT;
        }
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final BooleanSupplier ready;
    private final Clock clock;
    private final boolean trustApiGatewayContext;

    private GatewayHttpServer(HttpServer server, ExecutorService executor, List<Route> routes, BooleanSupplier ready, Clock clock,
                              boolean trustApiGatewayContext) {
        this.trustApiGatewayContext = trustApiGatewayContext;
        this.server = server;
        this.executor = executor;
        this.routes = List.copyOf(routes);
        this.ready = ready;
        this.clock = clock;
    }

    /** Binds and starts; a taken port surfaces as {@link java.net.BindException}. */
    public static GatewayHttpServer start(InetSocketAddress address, List<Route> routes, BooleanSupplier ready, Clock clock) throws IOException {
        return start(address, routes, ready, clock, false);
    }

    /**
     * @param trustApiGatewayContext take the request id from Lambda Web Adapter's
     *                               {@code x-amzn-request-context} header (only behind the adapter)
     */
    public static GatewayHttpServer start(InetSocketAddress address, List<Route> routes, BooleanSupplier ready, Clock clock,
                                          boolean trustApiGatewayContext) throws IOException {
        HttpServer server = HttpServer.create(address, 512);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        GatewayHttpServer gateway = new GatewayHttpServer(server, executor, routes, ready, clock, trustApiGatewayContext);
        server.createContext("/", gateway::serve);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) {
        // only behind Lambda Web Adapter is the header API Gateway's; elsewhere a client could set it
        // and pick the request id that usage records are deduplicated on
        String requestId = (trustApiGatewayContext ? apiGatewayRequestId(exchange) : java.util.Optional.<String>empty())
                .orElseGet(GatewayHttpServer::newRequestId);
        MDC.put(CORRELATION_ID, requestId);
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/health")) {
                closeIfBodyUnread(exchange);
                boolean up = ready.getAsBoolean();
                send(exchange, ApiResponse.json(up ? 200 : 503, Map.of(), up ? "{\"status\":\"ok\"}" : "{\"status\":\"starting\"}"));
                return;
            }
            ApiHandler handler = routes.stream().filter(r -> path.startsWith(r.prefix())).map(Route::handler).findFirst().orElse(null);
            if (handler == null) {
                closeIfBodyUnread(exchange);
                send(exchange, ApiError.notFound("unknown_route", null, "Unknown request URL: " + path + ".").toResponse(requestId));
                return;
            }
            byte[] body = declaredLength(exchange) > ApiRequest.MAX_BODY_BYTES ? null : readBody(exchange.getRequestBody());
            if (body == null) {
                // the rest of the body is still on the wire: this connection cannot carry another request
                exchange.getResponseHeaders().set("connection", "close");
                sendThenLinger(exchange, ApiError.tooLarge("Request body exceeds " + ApiRequest.MAX_BODY_BYTES + " bytes.")
                        .toResponse(requestId));
                return;
            }
            ApiRequest request = new ApiRequest(exchange.getRequestMethod(), path, query(exchange.getRequestURI().getRawQuery()),
                    headers(exchange), body, requestId, clock.instant());
            switch (handler.handle(request)) {
                case ApiResponse.Buffered buffered -> send(exchange, buffered);
                case ApiResponse.Streamed streamed -> {
                    ExchangeSink sink = new ExchangeSink(exchange);
                    if (streamed.events().writeTo(sink) instanceof StreamResult.NotStarted notStarted) {
                        send(exchange, notStarted.response());
                    }
                }
            }
        } catch (IOException clientGone) {
            LOG.debug("client went away: {}", clientGone.toString());
        } catch (RuntimeException e) {
            LOG.error("unhandled error in HTTP transport", e);
        } finally {
            MDC.remove(CORRELATION_ID);
        }
    }

    /** Writes events straight to the socket: headers on open, then one flushed chunk per event. */
    private static final class ExchangeSink implements SseSink {
        private final HttpExchange exchange;
        private OutputStream out;

        ExchangeSink(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void open(Map<String, String> headers) throws IOException {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("cache-control", "no-cache");
            // tells buffering proxies (nginx) to pass events through as they come
            exchange.getResponseHeaders().set("x-accel-buffering", "no");
            exchange.sendResponseHeaders(200, 0);
            out = exchange.getResponseBody();
        }

        @Override
        public void event(String name, String data) throws IOException {
            out.write(SseSink.frame(name, data));
            out.flush();
        }
    }

    private static void send(HttpExchange exchange, ApiResponse.Buffered response) throws IOException {
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The Content-Length the client declared, or -1 (none, chunked or unreadable). */
    private static long declaredLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("content-length");
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An answer given without reading the request's body: the connection closes after it. */
    private static void closeIfBodyUnread(HttpExchange exchange) {
        boolean hasBody = declaredLength(exchange) > 0 || exchange.getRequestHeaders().containsKey("transfer-encoding");
        if (hasBody) {
            exchange.getResponseHeaders().set("connection", "close");
        }
    }

    /** Sends the answer (flushed, not yet closed), lingers on the unread body, then closes. */
    private static void sendThenLinger(HttpExchange exchange, ApiResponse.Buffered response) throws IOException {
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body);
        out.flush();
        linger(exchange.getRequestBody());
        out.close();
    }

    /**
     * Reads and discards what is left of a refused body (at most {@link #LINGER_BYTES}, and no
     * longer than the request read limit allows) before the connection closes: closing a socket
     * with unread data resets it, and a client still sending could lose the answer it was given.
     */
    private static void linger(InputStream body) {
        try {
            byte[] sink = new byte[64 * 1024];
            long left = LINGER_BYTES;
            int n;
            while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException clientGoneOrTimedOut) {
            // nothing to save: the answer was sent
        }
    }

    /** The body, or null when it is larger than the gateway accepts (read no further than that). */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(ApiRequest.MAX_BODY_BYTES + 1);
        return body.length > ApiRequest.MAX_BODY_BYTES ? null : body;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    /**
     * Behind Lambda Web Adapter, API Gateway's request context arrives as a JSON header; its
     * request id keeps logs, usage records and API Gateway's own logs correlated.
     */
    private static java.util.Optional<String> apiGatewayRequestId(HttpExchange exchange) {
        String context = exchange.getRequestHeaders().getFirst("x-amzn-request-context");
        if (context == null || context.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            String id = com.gaterouter.common.json.Json.MAPPER.readTree(context).path("requestId").asText("");
            return id.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(id);
        } catch (IOException malformed) {
            return java.util.Optional.empty();
        }
    }

    private static String newRequestId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }
}
