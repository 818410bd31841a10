package com.gaterouter.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test client: plain {@link HttpClient} calls and an SSE frame parser. */
final class SimHttp {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private SimHttp() {
    }

    record Reply(int status, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        JsonNode json() {
            return parse(raw.body());
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        List<Frame> frames() {
            return SimHttp.frames(raw.body());
        }
    }

    /** One SSE frame: optional event name and the data payload. */
    record Frame(String event, String data) {
        JsonNode json() {
            return parse(data);
        }
    }

    /** What a streaming read got before the stream ended or broke. */
    record StreamRead(int status, List<Frame> frames, Optional<IOException> error, String raw) {
    }

    static Reply post(URI uri, String body, String... headers) {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    static Reply get(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).GET(), headers);
    }

    static Reply send(HttpRequest.Builder builder, String... headers) {
        builder.timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts and reads the body line by line, keeping what arrived if the connection breaks. */
    static StreamRead stream(URI uri, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        StringBuilder raw = new StringBuilder();
        int status;
        try {
            HttpResponse<InputStream> r = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                char[] buf = new char[4096];
                int n;
                while ((n = reader.read(buf)) >= 0) {
                    raw.append(buf, 0, n);
                }
            } catch (IOException e) {
                return new StreamRead(status, frames(raw.toString()), Optional.of(e), raw.toString());
            }
        } catch (IOException e) {
            return new StreamRead(-1, List.of(), Optional.of(e), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new StreamRead(status, frames(raw.toString()), Optional.empty(), raw.toString());
    }

    /** Parses complete SSE frames ({@code \n\n} or {@code \r\n\r\n} separated); a trailing partial frame is dropped. */
    static List<Frame> frames(String body) {
        List<Frame> out = new ArrayList<>();
        String normalised = body.replace("\r\n", "\n");
        int start = 0;
        int end;
        while ((end = normalised.indexOf("\n\n", start)) >= 0) {
            String block = normalised.substring(start, end);
            start = end + 2;
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(6));
                }
            }
            if (event != null || !data.isEmpty()) {
                out.add(new Frame(event, data.toString()));
            }
        }
        return out;
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    static boolean isJson(String text) {
        try {
            MAPPER.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Builds a JSON body from a template with single quotes, for readable tests. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
