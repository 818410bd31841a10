package com.gaterouter.router.vendors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Sending a request to a vendor over {@link HttpClient}, shared by the HTTP adapters so that a
 * transport error, an interrupt or an error status become the same {@link VendorFailure} whichever
 * vendor answered. What a 200 answer means stays with each adapter.
 */
public final class VendorHttp {

    /** Error bodies are only read for their message: a cap keeps a huge or endless one from stalling the call. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private VendorHttp() {
    }

    /**
     * Turns a non-200 answer into a failure. Most vendors use {@link HttpFailures#fromStatus};
     * one whose error body says more than its status (Gemini) passes its own.
     */
    @FunctionalInterface
    public interface StatusMapping {
        VendorFailure failure(String vendor, int status, HttpHeaders headers, String body);
    }

    /** The outcome of {@link #sendForJson}: the parsed 200 body, or why there is none. */
    public sealed interface JsonAnswer {

        record Parsed(JsonNode body) implements JsonAnswer {
        }

        record Failed(VendorFailure failure) implements JsonAnswer {
        }
    }

    /** The outcome of {@link #openStream}: a 200 response whose body is still to be read, or why there is none. */
    public sealed interface StreamStart {

        record Opened(HttpResponse<InputStream> response) implements StreamStart {
        }

        record Failed(VendorFailure failure) implements StreamStart {
        }
    }

    /** Sends {@code request} and parses a 200 answer as JSON; anything else is a failure for {@code vendor}. */
    public static JsonAnswer sendForJson(HttpClient http, HttpRequest request, String vendor, StatusMapping onError) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return new JsonAnswer.Failed(onError.failure(vendor, response.statusCode(), response.headers(), response.body()));
            }
            return new JsonAnswer.Parsed(Json.MAPPER.readTree(response.body()));
        } catch (JsonProcessingException e) {
            return new JsonAnswer.Failed(HttpFailures.malformed(vendor, "invalid JSON"));
        } catch (IOException e) {
            return new JsonAnswer.Failed(HttpFailures.fromException(vendor, e));
        } catch (InterruptedException e) {
            return new JsonAnswer.Failed(interrupted());
        }
    }

    /**
     * Sends {@code request} for a streamed answer. On a non-200 status the (short) error body is read
     * and the stream closed here, so the caller only ever gets a response it should relay.
     */
    public static StreamStart openStream(HttpClient http, HttpRequest request, String vendor, StatusMapping onError) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new StreamStart.Failed(HttpFailures.fromException(vendor, e));
        } catch (InterruptedException e) {
            return new StreamStart.Failed(interrupted());
        }
        if (response.statusCode() != 200) {
            String errorBody = readQuietly(response.body());
            return new StreamStart.Failed(onError.failure(vendor, response.statusCode(), response.headers(), errorBody));
        }
        return new StreamStart.Opened(response);
    }

    /** Restores the interrupt flag so the caller's thread still sees it, and fails the call as a lost connection. */
    private static VendorFailure interrupted() {
        Thread.currentThread().interrupt();
        return VendorFailure.of(VendorFailure.Kind.CONNECTION, 0, "interrupted");
    }

    private static String readQuietly(InputStream in) {
        try (in) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the status alone still makes a failure; the body only adds the vendor's message
            return "";
        }
    }
}
