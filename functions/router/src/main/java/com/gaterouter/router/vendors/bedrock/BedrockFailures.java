package com.gaterouter.router.vendors.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.vendors.HttpFailures;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorFailure.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Bedrock's errors as {@link VendorFailure}s, one table for every way they arrive: an HTTP status
 * with {@code x-amzn-ErrorType} (signed HTTP), an SDK exception (the sync client), or an
 * {@code :exception-type} message inside an event stream. AWS messages can name the account and
 * role ({@code arn:aws:iam::123456789012:…}), and failure messages reach clients, so ARNs and
 * account ids are scrubbed and credential errors carry no AWS message at all.
 */
final class BedrockFailures {

    static final String VENDOR = "bedrock";
    private static final int MAX_MESSAGE = 300;
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[^\\s\"',;)]+");
    private static final Pattern ACCOUNT = Pattern.compile("\\b\\d{12}\\b");

    private BedrockFailures() {
    }

    /**
     * @param status    HTTP status (for in-stream exceptions: the status the same error has as an answer)
     * @param errorType AWS error code, any case, with or without a {@code :namespace} suffix or a {@code namespace#}
     *                  prefix; may be null
     */
    static VendorFailure of(String vendor, int status, String errorType, String message, Optional<Duration> retryAfter) {
        String type = errorType == null ? "" : errorType;
        type = type.contains(":") ? type.substring(0, type.indexOf(':')) : type; // Type:namespace (x-amzn-ErrorType)
        type = type.substring(type.lastIndexOf('#') + 1); // namespace#Type (__type)
        Kind kind = kind(type, status, message);
        String label = type.isBlank() ? "" : " (" + type.strip() + ")";
        String text = switch (kind) {
            case UNAUTHORIZED -> vendor + " rejected the gateway's AWS credentials (HTTP " + status + label + ")";
            default -> vendor + " answered HTTP " + status + label + scrub(message).map(m -> ": " + m).orElse("");
        };
        return new VendorFailure(kind, status, retryAfter, text);
    }

    /**
     * The kind by AWS error type, else by status. A {@code ValidationException} is the caller's
     * request, read further by its message: "Input is too long for requested model." and the
     * model's own "prompt is too long" are the context window; content-filter wording a policy refusal.
     */
    static Kind kind(String type, int status, String message) {
        String t = type.toLowerCase(Locale.ROOT).strip();
        return switch (t) {
            case "throttlingexception", "servicequotaexceededexception", "toomanyrequestsexception" -> Kind.RATE_LIMITED;
            case "modeltimeoutexception" -> Kind.TIMEOUT;
            case "internalserverexception", "serviceunavailableexception", "modelerrorexception",
                    "modelstreamerrorexception", "modelnotreadyexception", "internalfailure" -> Kind.SERVER_ERROR;
            case "accessdeniedexception", "unrecognizedclientexception", "expiredtokenexception", "invalidsignatureexception",
                    "incompletesignatureexception", "missingauthenticationtokenexception", "invalidclienttokenid",
                    "signaturedoesnotmatch", "expiredtoken", "accessdenied" -> Kind.UNAUTHORIZED;
            // the model id the catalog names, or the operation, is unknown here: the gateway's configuration
            case "resourcenotfoundexception", "unknownoperationexception" -> Kind.NOT_FOUND;
            case "validationexception", "serializationexception" -> HttpFailures.requestError(t, message == null ? "" : message);
            // not a Converse error: a conflict on AWS's side, worth another try
            case "conflictexception" -> Kind.SERVER_ERROR;
            default -> switch (status) {
                case 429 -> Kind.RATE_LIMITED;
                case 408 -> Kind.TIMEOUT;
                case 401, 403 -> Kind.UNAUTHORIZED;
                case 404 -> Kind.NOT_FOUND;
                case 400, 413, 422 -> HttpFailures.requestError(t, message == null ? "" : message);
                default -> Kind.SERVER_ERROR;
            };
        };
    }

    /** The HTTP status an in-stream exception would have had as an answer. */
    static int statusOf(String exceptionType) {
        return switch (exceptionType.toLowerCase(Locale.ROOT)) {
            case "throttlingexception", "servicequotaexceededexception" -> 429;
            case "validationexception" -> 400;
            case "modeltimeoutexception" -> 408;
            case "modelstreamerrorexception", "modelerrorexception" -> 424;
            case "serviceunavailableexception" -> 503;
            case "accessdeniedexception" -> 403;
            default -> 500;
        };
    }

    /** An error answer's body: {@code {"message": …}} (AWS sometimes capitalises it). */
    static String messageOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            JsonNode message = json.has("message") ? json.get("message") : json.get("Message");
            return message != null && message.isTextual() ? message.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The error type an answer's body names ({@code __type}, as some AWS front ends send), or null. */
    static String typeOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode type = Json.MAPPER.readTree(body).get("__type");
            return type != null && type.isTextual() ? type.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The sync SDK client's exceptions. */
    static VendorFailure fromSdk(String vendor, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String type = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
            Optional<Duration> retryAfter = service.awsErrorDetails() == null || service.awsErrorDetails().sdkHttpResponse() == null
                    ? Optional.empty()
                    : service.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(BedrockFailures::seconds);
            return of(vendor, service.statusCode(), type, message, retryAfter);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return VendorFailure.of(Kind.TIMEOUT, 0, vendor + " did not answer in time");
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
                return VendorFailure.of(Kind.TIMEOUT, 0, vendor + " did not answer in time");
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return VendorFailure.of(Kind.CONNECTION, 0, vendor + " could not be reached");
            }
            if (cause.getClass().getName().contains("JsonParseException")
                    || cause.getClass().getName().contains("JsonEOFException")) {
                return malformed(vendor, "invalid JSON");
            }
        }
        if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("Unable to unmarshall")) {
            return malformed(vendor, "invalid JSON");
        }
        return VendorFailure.of(Kind.CONNECTION, 0, vendor + " connection failed: " + e.getClass().getSimpleName());
    }

    static VendorFailure fromIo(String vendor, IOException e) {
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException) {
            return VendorFailure.of(Kind.TIMEOUT, 0, vendor + " did not answer in time");
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException) {
            return VendorFailure.of(Kind.CONNECTION, 0, vendor + " could not be reached");
        }
        if (e instanceof InterruptedIOException) {
            return VendorFailure.of(Kind.CONNECTION, 0, vendor + " call interrupted");
        }
        return VendorFailure.of(Kind.CONNECTION, 0, vendor + " connection failed: " + e.getClass().getSimpleName());
    }

    static VendorFailure malformed(String vendor, String what) {
        return VendorFailure.of(Kind.MALFORMED_RESPONSE, 200, vendor + " sent a malformed response (" + what + ")");
    }

    static VendorFailure credentials(String vendor, RuntimeException e) {
        return VendorFailure.of(Kind.UNAUTHORIZED, 0, "no AWS credentials available for " + vendor
                + " (" + e.getClass().getSimpleName() + ")");
    }

    static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The AWS message without ARNs or account ids, shortened. */
    static Optional<String> scrub(String message) {
        if (message == null || message.isBlank()) {
            return Optional.empty();
        }
        String clean = ACCOUNT.matcher(ARN.matcher(message.strip()).replaceAll("arn:…")).replaceAll("…");
        return Optional.of(clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) + "…" : clean);
    }
}
