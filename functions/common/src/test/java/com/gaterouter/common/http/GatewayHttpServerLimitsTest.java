package com.gaterouter.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 4: slow or silent clients are cut off, a refused body cannot poison a keep-alive
 * connection. This module's surefire run sets {@code sun.net.httpserver.maxReqTime=3} (the JDK reads
 * it once per process) so the read limit is exercised in seconds; production's is
 * {@link GatewayHttpServer#REQUEST_READ_LIMIT}.
 */
class GatewayHttpServerLimitsTest {

    private static GatewayHttpServer server;

    @BeforeAll
    static void start() throws IOException {
        // echoes the body length, so a follow-up request's own body is what the handler saw
        server = GatewayHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new GatewayHttpServer.Route("/v1/", request -> new ApiResponse.Buffered(200,
                        Map.of("content-type", "application/json"),
                        ("{\"bytes\":" + request.body().length + "}").getBytes(StandardCharsets.UTF_8)))),
                () -> true, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theReadLimitInForceIsTheOneThisTestRunConfigured() {
        assertThat(GatewayHttpServer.requestReadLimit()).isEqualTo(Duration.ofSeconds(3));
        assertThat(GatewayHttpServer.REQUEST_READ_LIMIT).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(30));
        assertThat(System.getProperty("jdk.httpserver.maxConnections")).isEqualTo(Integer.toString(GatewayHttpServer.MAX_CONNECTIONS));
    }

    @Test
    void withoutAnOperatorValueTheProductionLimitsAreSet() {
        List<String> names = List.of("sun.net.httpserver.maxReqTime", "sun.net.httpserver.idleInterval",
                "jdk.httpserver.maxConnections", "sun.net.httpserver.nodelay");
        Map<String, String> saved = new java.util.HashMap<>();
        names.forEach(n -> saved.put(n, System.getProperty(n)));
        try {
            names.forEach(System::clearProperty);
            System.setProperty("sun.net.httpserver.idleInterval", "7"); // an operator's -D wins
            GatewayHttpServer.configureJdkServer();
            assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("20");
            assertThat(GatewayHttpServer.requestReadLimit()).isEqualTo(GatewayHttpServer.REQUEST_READ_LIMIT);
            assertThat(System.getProperty("sun.net.httpserver.idleInterval")).isEqualTo("7");
            assertThat(System.getProperty("jdk.httpserver.maxConnections")).isEqualTo("1024");
            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        } finally {
            saved.forEach((n, v) -> {
                if (v == null) {
                    System.clearProperty(n);
                } else {
                    System.setProperty(n, v);
                }
            });
        }
    }

    @Test
    void aSlowlorisClientIsClosedWithinTheReadLimit() throws IOException {
        // headers begun, never finished
        assertClosedWithinTheReadLimitAfterSending("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: a");
    }

    @Test
    void aSlowBodyIsCutOffWithinTheReadLimitToo() throws IOException {
        // a body begun, never finished
        assertClosedWithinTheReadLimitAfterSending(
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"a\":");
    }

    @Test
    void aSilentConnectionIsClosedWithinTheReadLimit() throws IOException {
        assertClosedWithinTheReadLimitAfterSending("");
    }

    /** Sends {@code partial} on a fresh connection and sends nothing more: the server closes it, unanswered, within its read limit. */
    private void assertClosedWithinTheReadLimitAfterSending(String partial) throws IOException {
        Duration limit = GatewayHttpServer.requestReadLimit();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout((int) limit.plusSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(partial.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            assertThat(readUntilClosed(socket.getInputStream())).as("no answer, just closed").isEqualTo(-1);
            // the JDK's timer ticks every second: the limit plus two ticks of slack
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(limit.plusSeconds(2));
        }
    }

    @Test
    void a413ClosesTheConnectionAndTheNextRequestSucceeds30Of30() throws Exception {
        byte[] tooLarge = new byte[ApiRequest.MAX_BODY_BYTES + 1024];
        java.util.Arrays.fill(tooLarge, (byte) 'x');
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions");
        int ok = 0;
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.headers().firstValue("connection")).hasValue("close");
            assertThat(refused.body()).contains("\"code\":\"request_too_large\"");
            HttpResponse<String> next = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(), HttpResponse.BodyHandlers.ofString());
            if (next.statusCode() == 200 && next.body().equals("{\"bytes\":" + ("{\"n\":" + i + "}").length() + "}")) {
                ok++;
            }
        }
        assertThat(ok).isEqualTo(30);
    }

    @Test
    void a413OnTheSameRawConnectionIsFollowedByItsClose() throws IOException {
        // the tester's keep-alive case: the refused body's tail must never be read as the next request
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            int length = ApiRequest.MAX_BODY_BYTES + 100;
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[length]);
            out.flush();
            // readAll returns only when the server has closed the connection: no request can follow on it
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                    .contains("request_too_large");
        }
    }

    @Test
    void anUnknownRouteWithAnUnreadBodyClosesTheConnection() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nowhere"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[256 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("connection")).hasValue("close");
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("connection")).isEmpty();
    }

    /** Reads until the server closes; -1 then (an answer would have been bytes). */
    private static int readUntilClosed(InputStream in) throws IOException {
        try {
            byte[] buf = new byte[1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    return n;
                }
            }
            return -1;
        } catch (SocketTimeoutException stillOpen) {
            return 0;
        } catch (IOException reset) {
            return -1;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            in.transferTo(b);
        } catch (IOException reset) {
            // what arrived before the close is the answer
        }
        return b.toByteArray();
    }
}
