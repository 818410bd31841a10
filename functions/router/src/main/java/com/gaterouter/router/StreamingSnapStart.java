package com.gaterouter.router;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.snapstart.SnapStartHooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * SnapStart for the streaming deployment ({@link StreamingRouterMain}): that process is not the
 * runtime's JVM, so Lambda Web Adapter POSTs the hooks to it over HTTP, {@value #BEFORE_CHECKPOINT}
 * before the snapshot and {@value #AFTER_RESTORE} after each restore; its own priming step sends
 * one chat completion through the process's HTTP server.
 */
final class StreamingSnapStart {

    /** Where Lambda Web Adapter relays SnapStart's hooks (template.yaml, AWS_LWA_SNAPSTART_*_PATH). */
    static final String BEFORE_CHECKPOINT = "/snapstart/before-checkpoint";
    static final String AFTER_RESTORE = "/snapstart/after-restore";
    /** The routes' prefix on the streaming server. */
    static final String PREFIX = "/snapstart/";

    private StreamingSnapStart() {
    }

    /**
     * The adapter's SnapStart hooks: it sends them only from inside the execution environment and
     * answers 403 to anyone else asking for these paths; the server listens on loopback only.
     */
    static ApiResponse hook(SnapStartHooks hooks, ApiRequest request) {
        if (!"POST".equals(request.method())) {
            return new ApiError(405, "invalid_request_error", "method_not_allowed", null, "SnapStart hooks take POST.",
                    Map.of("allow", "POST")).toResponse(request.requestId());
        }
        List<SnapStartHooks.Outcome> outcomes = switch (request.path()) {
            case BEFORE_CHECKPOINT -> hooks.prime();
            case AFTER_RESTORE -> hooks.restore();
            default -> null;
        };
        if (outcomes == null) {
            return ApiError.notFound("unknown_route", null, "Unknown request URL: " + request.path() + ".").toResponse(request.requestId());
        }
        var json = Json.MAPPER.createObjectNode();
        var steps = json.putArray("steps");
        for (SnapStartHooks.Outcome outcome : outcomes) {
            steps.addObject().put("step", outcome.step()).put("millis", outcome.took().toMillis()).put("succeeded", outcome.succeeded());
        }
        return ApiResponse.json(200, Map.of(), json.toString());
    }

    /** The streaming deployment's extra priming step: a chat completion over its own HTTP server. */
    static SnapStartHooks.Builder addHttpStep(SnapStartHooks.Builder hooks, int port) {
        return hooks.prime("chat completion over the streaming HTTP server", () -> primeOverHttp(port));
    }

    /** One chat completion with a random key through this process's own HTTP server: the 401 path end to end. */
    private static void primeOverHttp(int port) {
        ApiRequest sample = PrimingSamples.chatCompletion(PrimingSamples.unknownApiKey(), Clock.systemUTC());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + sample.path()))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample.body()));
        sample.headers().forEach((name, value) -> {
            if (!name.equals("user-agent")) {
                request.header(name, value);
            }
        });
        try (HttpClient client = HttpClient.newHttpClient()) {
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 401) {
                throw new IllegalStateException("expected 401 for an unknown key, the server answered " + status);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while priming", e);
        }
    }
}
