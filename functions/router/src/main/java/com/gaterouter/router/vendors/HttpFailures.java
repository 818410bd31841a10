package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Maps vendor HTTP answers and transport exceptions to {@link VendorFailure}s, the same way for every adapter. */
public final class HttpFailures {

    private static final int MAX_MESSAGE = 300;

    private HttpFailures() {
    }

    public static VendorFailure fromStatus(String vendor, int status, HttpHeaders headers, String body) {
        VendorFailure.Kind kind = switch (status) {
            case 429 -> VendorFailure.Kind.RATE_LIMITED;
            case 401, 403 -> VendorFailure.Kind.UNAUTHORIZED;
            case 400, 404, 409, 413, 422 -> VendorFailure.Kind.BAD_REQUEST;
            default -> VendorFailure.Kind.SERVER_ERROR;
        };
        return new VendorFailure(kind, status, retryAfter(headers),
                vendor + " answered HTTP " + status + vendorMessage(body).map(m -> ": " + m).orElse(""));
    }

    public static VendorFailure fromException(String vendor, IOException e) {
        if (e instanceof HttpTimeoutException) {
            return VendorFailure.of(VendorFailure.Kind.TIMEOUT, 0, vendor + " did not answer in time");
        }
        if (e instanceof ConnectException) {
            return VendorFailure.of(VendorFailure.Kind.CONNECTION, 0, vendor + " could not be reached");
        }
        return VendorFailure.of(VendorFailure.Kind.CONNECTION, 0, vendor + " connection failed: " + e.getClass().getSimpleName());
    }

    public static VendorFailure malformed(String vendor, String what) {
        return VendorFailure.of(VendorFailure.Kind.MALFORMED_RESPONSE, 200, vendor + " sent a malformed response (" + what + ")");
    }

    /** Retry-After as seconds or an HTTP date. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("retry-after").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (RuntimeException unparseable) {
                    return Optional.empty();
                }
            }
        });
    }

    /** The vendor's own error message, shortened; vendors put it at error.message (OpenAI, Anthropic, Gemini). */
    static Optional<String> vendorMessage(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode message = Json.MAPPER.readTree(body).path("error").path("message");
            if (message.isTextual()) {
                String text = message.asText();
                return Optional.of(text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text);
            }
        } catch (IOException notJson) {
            // fall through: no message to relay
        }
        return Optional.empty();
    }
}
