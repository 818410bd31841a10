package com.gaterouter.router.vendors.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.vendors.HttpFailures;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorFailure.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * Gemini's errors — {@code {"error":{"code","message","status","details"}}}, a google.rpc.Status —
 * as {@link VendorFailure}s. The gRPC {@code status} decides before the HTTP code because Gemini
 * answers some credential problems with 400 (an invalid key is {@code INVALID_ARGUMENT} with reason
 * {@code API_KEY_INVALID}), and it says when to retry in a {@code RetryInfo} detail, not in a header.
 */
final class GeminiFailures {

    private static final int MAX_MESSAGE = 300;

    private GeminiFailures() {
    }

    /** A non-200 HTTP answer. */
    static VendorFailure fromStatus(String vendor, int status, HttpHeaders headers, String body) {
        JsonNode error = errorObject(body);
        // the shared mapping gives the message (error.message) and a Retry-After header, if any
        VendorFailure base = HttpFailures.fromStatus(vendor, status, headers, error.isMissingNode() ? body
                : Json.MAPPER.createObjectNode().set("error", error).toString());
        Kind kind = kind(status, error).orElse(base.kind());
        Optional<Duration> retryAfter = base.retryAfter().or(() -> retryDelay(error));
        return new VendorFailure(kind, status, kind == Kind.RATE_LIMITED ? retryAfter : Optional.empty(), base.message());
    }

    /** A {@code data: {"error":{…}}} frame in a stream that had answered 200. */
    static VendorFailure fromStreamError(String vendor, JsonNode error) {
        int code = error.path("code").asInt(0);
        Kind kind = kind(code, error).orElse(Kind.SERVER_ERROR);
        String message = error.path("message").asText("unknown error");
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return new VendorFailure(kind, code == 0 ? 200 : code, kind == Kind.RATE_LIMITED ? retryDelay(error) : Optional.empty(),
                vendor + " reported an error in the stream" + (code == 0 ? "" : " (" + code + ")") + ": " + message);
    }

    /**
     * The kind by gRPC status first, then by HTTP code; empty when neither says anything specific
     * (the shared HTTP mapping then applies). Among the caller's errors ({@code INVALID_ARGUMENT},
     * {@code OUT_OF_RANGE}) the message tells a prompt longer than the model's window ("The input
     * token count (N) exceeds the maximum number of tokens allowed (M)") from the rest.
     */
    static Optional<Kind> kind(int code, JsonNode error) {
        String status = error.path("status").asText("");
        if (apiKeyInvalid(error)) {
            return Optional.of(Kind.UNAUTHORIZED);
        }
        Kind byStatus = switch (status) {
            case "RESOURCE_EXHAUSTED" -> Kind.RATE_LIMITED;
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> Kind.UNAUTHORIZED;
            // "billing not enabled", "location not supported": the gateway's account, not the client's request
            case "FAILED_PRECONDITION" -> Kind.UNAUTHORIZED;
            case "UNAVAILABLE", "INTERNAL", "UNKNOWN", "ABORTED" -> Kind.SERVER_ERROR;
            case "DEADLINE_EXCEEDED" -> Kind.TIMEOUT;
            // the model the catalog names does not exist (for this key or API version): the gateway's configuration
            case "NOT_FOUND" -> Kind.NOT_FOUND;
            case "INVALID_ARGUMENT", "OUT_OF_RANGE" -> requestError(error);
            default -> null;
        };
        if (byStatus != null) {
            return Optional.of(byStatus);
        }
        return switch (code) {
            case 429 -> Optional.of(Kind.RATE_LIMITED);
            case 401, 403 -> Optional.of(Kind.UNAUTHORIZED);
            case 404 -> Optional.of(Kind.NOT_FOUND);
            case 400 -> Optional.of(requestError(error));
            case 504 -> Optional.of(Kind.TIMEOUT);
            default -> code >= 500 ? Optional.of(Kind.SERVER_ERROR) : Optional.empty();
        };
    }

    private static Kind requestError(JsonNode error) {
        return HttpFailures.requestError(error.path("status").asText("").toLowerCase(java.util.Locale.ROOT),
                error.path("message").asText(""));
    }

    /** {@code error.details[]} of type RetryInfo: {@code retryDelay} as a protobuf Duration ("7s", "0.5s"). */
    static Optional<Duration> retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (!detail.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
                continue;
            }
            JsonNode delay = detail.get("retryDelay");
            if (delay == null) {
                continue;
            }
            if (delay.isTextual() && delay.asText().trim().endsWith("s")) {
                String seconds = delay.asText().trim();
                try {
                    BigDecimal value = new BigDecimal(seconds.substring(0, seconds.length() - 1));
                    if (value.signum() >= 0) {
                        return Optional.of(Duration.ofMillis(value.movePointRight(3).longValue()));
                    }
                } catch (NumberFormatException | ArithmeticException unparseable) {
                    // fall through: no hint
                }
            } else if (delay.isObject()) {
                return Optional.of(Duration.ofSeconds(Math.max(0, delay.path("seconds").asLong(0)),
                        Math.max(0, delay.path("nanos").asLong(0))));
            }
        }
        return Optional.empty();
    }

    /** An invalid or expired key comes back as 400 INVALID_ARGUMENT; its ErrorInfo reason says what it is. */
    private static boolean apiKeyInvalid(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String reason = detail.path("reason").asText("");
            if (reason.equals("API_KEY_INVALID") || reason.equals("API_KEY_EXPIRED")) {
                return true;
            }
        }
        String message = error.path("message").asText("");
        return message.contains("API_KEY_INVALID") || message.startsWith("API key not valid") || message.startsWith("API key expired");
    }

    /** The error object of a body: {@code {"error":…}}, or Gemini's array form {@code [{"error":…}]}; missing if neither. */
    private static JsonNode errorObject(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root != null && root.isArray() && !root.isEmpty()) {
                root = root.get(0);
            }
            return root == null ? MissingNode.getInstance() : root.path("error");
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }
}
