package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.gaterouter.common.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps vendor HTTP answers and transport exceptions to {@link VendorFailure}s, the same way for
 * every adapter. The status decides first; the error body's {@code type}, {@code code} and message
 * refine it where vendors use one status for different things — a 400 is the caller's request
 * unless it says the prompt is too long (context length), was refused by a content policy, or
 * (Anthropic) that the gateway's account has no credit; a 429 is a rate limit unless it says the
 * account's quota is used up (OpenAI {@code insufficient_quota}). Error bodies read: OpenAI and
 * DeepSeek {@code {"error":{"message","type","param","code"}}}, Anthropic
 * {@code {"type":"error","error":{"type","message"}}}; see docs/api.md for the full table.
 */
public final class HttpFailures {

    private static final int MAX_MESSAGE = 300;

    /** Context-window overflows, as each vendor words them (OpenAI/DeepSeek, Anthropic, Gemini, Bedrock, others). */
    static final Pattern CONTEXT_LENGTH = Pattern.compile(String.join("|",
            "maximum context length", "context length exceeded", "context_length_exceeded", "context window", "context limit",
            "prompt is too long", "input is too long", "too many input tokens", "input token count .* exceeds",
            "exceeds the maximum number of tokens", "reduce the length of the messages"), Pattern.CASE_INSENSITIVE);
    /** Content-policy refusals of the prompt. */
    static final Pattern CONTENT_POLICY = Pattern.compile(String.join("|",
            "content policy", "usage polic", "content management policy", "content filter", "flagged as potentially",
            "content exists risk", "safety system", "blocked by", "responsible ?ai"), Pattern.CASE_INSENSITIVE);
    /**
     * The model the request names is unknown, said with a 400 (DeepSeek "Model Not Exist", Bedrock
     * "The provided model identifier is invalid."): the catalog's model id, not the caller's request.
     */
    static final Pattern MODEL_UNKNOWN = Pattern.compile(String.join("|",
            "model not exist", "model identifier is invalid", "model_not_found", "the model `[^`]*` does not exist",
            "unknown model"), Pattern.CASE_INSENSITIVE);
    /** An account out of money or quota, said with a status that would otherwise mean something else. */
    static final Pattern ACCOUNT_EXHAUSTED = Pattern.compile(String.join("|",
            "credit balance is too low", "insufficient balance", "exceeded your current quota", "billing"),
            Pattern.CASE_INSENSITIVE);

    private HttpFailures() {
    }

    /** What an error body says: any of its parts may be missing. */
    record ErrorBody(Optional<String> message, String type, String code, Optional<String> param) {

        static final ErrorBody EMPTY = new ErrorBody(Optional.empty(), "", "", Optional.empty());

        /** The vendor's type and code together, lower case, for matching. */
        String typeAndCode() {
            return (type + " " + code).toLowerCase(Locale.ROOT);
        }
    }

    public static VendorFailure fromStatus(String vendor, int status, HttpHeaders headers, String body) {
        ErrorBody error = errorBody(body);
        VendorFailure.Kind kind = kind(status, error);
        Optional<Duration> retryAfter = kind == VendorFailure.Kind.RATE_LIMITED ? retryAfter(headers) : Optional.empty();
        String message = vendor + " answered HTTP " + status + error.message().map(m -> ": " + m).orElse("");
        // OpenAI-shaped param names a field of the client's (OpenAI-shaped) request; trust it only on caller errors
        Optional<String> param = kind.callerError() ? error.param() : Optional.empty();
        return new VendorFailure(kind, status, retryAfter, message, param);
    }

    /** The kind of an HTTP error answer, from its status and its body's type, code and message. */
    static VendorFailure.Kind kind(int status, ErrorBody error) {
        String typeAndCode = error.typeAndCode();
        String message = error.message().orElse("");
        return switch (status) {
            case 429 -> typeAndCode.contains("insufficient_quota") ? VendorFailure.Kind.QUOTA_EXHAUSTED : VendorFailure.Kind.RATE_LIMITED;
            case 402 -> VendorFailure.Kind.QUOTA_EXHAUSTED;
            case 401, 403 -> VendorFailure.Kind.UNAUTHORIZED;
            case 404 -> VendorFailure.Kind.NOT_FOUND;
            case 408 -> VendorFailure.Kind.TIMEOUT;
            case 400, 413, 422 -> requestError(typeAndCode, message);
            // 409 (OpenAI: a conflict on its side, retried by its SDKs), other 4xx and 5xx: the vendor's side
            default -> VendorFailure.Kind.SERVER_ERROR;
        };
    }

    /**
     * A 400-class answer: the caller's request — too long for the model's window, refused by a
     * content policy, or otherwise invalid — unless the body says it is the gateway's side: a
     * model the vendor does not know (the catalog's), or the account out of credit.
     *
     * @param typeAndCode the vendor's error type and code (or gRPC status), lower case; may be empty
     */
    public static VendorFailure.Kind requestError(String typeAndCode, String message) {
        if (typeAndCode.contains("model_not_found") || MODEL_UNKNOWN.matcher(message).find()) {
            return VendorFailure.Kind.NOT_FOUND;
        }
        if (typeAndCode.contains("context_length") || CONTEXT_LENGTH.matcher(message).find()) {
            return VendorFailure.Kind.CONTEXT_LENGTH_EXCEEDED;
        }
        if (typeAndCode.contains("invalid_prompt") || typeAndCode.contains("content_policy") || typeAndCode.contains("content_filter")
                || CONTENT_POLICY.matcher(message).find()) {
            return VendorFailure.Kind.CONTENT_FILTERED;
        }
        if (typeAndCode.contains("insufficient_quota") || typeAndCode.contains("billing") || ACCOUNT_EXHAUSTED.matcher(message).find()) {
            return VendorFailure.Kind.QUOTA_EXHAUSTED;
        }
        return VendorFailure.Kind.BAD_REQUEST;
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
        return errorBody(body).message();
    }

    /** The parts of an error body in OpenAI's, DeepSeek's or Anthropic's shape (Gemini's {@code error.status} is read by its adapter). */
    static ErrorBody errorBody(String body) {
        if (body == null || body.isBlank()) {
            return ErrorBody.EMPTY;
        }
        JsonNode error;
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            error = root == null ? MissingNode.getInstance() : root.path("error");
        } catch (IOException notJson) {
            return ErrorBody.EMPTY;
        }
        if (!error.isObject()) {
            return ErrorBody.EMPTY;
        }
        JsonNode message = error.path("message");
        Optional<String> text = message.isTextual() && !message.asText().isBlank()
                ? Optional.of(shorten(message.asText().strip())) : Optional.empty();
        JsonNode param = error.path("param");
        return new ErrorBody(text, error.path("type").asText(""), error.path("code").isValueNode() ? error.path("code").asText("") : "",
                param.isTextual() && !param.asText().isBlank() ? Optional.of(param.asText()) : Optional.empty());
    }

    private static String shorten(String text) {
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }
}
