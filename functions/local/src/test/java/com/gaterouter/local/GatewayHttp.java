package com.gaterouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.ClientHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local gateway for an IT, and calls to it over HTTP/1.1 as a client makes them, with the
 * {@link ClientHeaders} of a key and a JSON body.
 */
record GatewayHttp(LocalGateway gateway) {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** An answer with its body read as JSON (a JSON null when empty). */
    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }
    }

    /** A gateway on a free port, with a temporary data directory and generated keys, configured by {@code env}. */
    static GatewayHttp start(Map<String, String> env) throws Exception {
        return new GatewayHttp(LocalGateway.start(new LocalOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false),
                env));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    HttpRequest request(String method, String path, String key, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        ClientHeaders.of(key, body != null, headers).forEach(request::header);
        return request.build();
    }

    HttpResponse<String> send(String method, String path, String key, String body, String... headers) throws Exception {
        return HTTP.send(request(method, path, key, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    /** A request whose answer is read line by line as it arrives (a stream). */
    HttpResponse<Stream<String>> lines(String method, String path, String key, String body, String... headers) throws Exception {
        return HTTP.send(request(method, path, key, body, headers), HttpResponse.BodyHandlers.ofLines());
    }

    Reply call(String method, String path, String key, String body, String... headers) throws Exception {
        HttpResponse<String> response = send(method, path, key, body, headers);
        JsonNode json = response.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(response.body());
        return new Reply(response.statusCode(), json, response);
    }

    void close() {
        gateway.close();
    }
}
