package com.gaterouter.simulator.bedrock;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.core.ApiError;
import com.gaterouter.simulator.core.Endpoint;
import com.gaterouter.simulator.core.ErrorKind;
import com.gaterouter.simulator.core.Ids;
import com.gaterouter.simulator.core.VendorApi;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bedrock Runtime ({@code /bedrock/model/{modelId}/converse[-stream]}): AWS errors — status, a
 * {@code {"message"}} body and the type in {@code x-amzn-ErrorType} — and, in streams, exception
 * messages with {@code :exception-type}. Credentials: SigV4 ({@code Authorization: AWS4-HMAC-SHA256
 * Credential=AKID/…}) or a Bedrock API key ({@code Authorization: Bearer …}).
 */
final class BedrockApi implements VendorApi {

    /** Raw path below the prefix: {@code /model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse}. */
    private static final Pattern MODEL_ACTION = Pattern.compile("^/model/([^/]+)/([A-Za-z-]+)$");
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request");
    private static final Pattern SIGNED_HEADERS = Pattern.compile("SignedHeaders=([^,\\s]+)");
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})(\\s|,|$)");
    /** AWS puts a namespace after the type; SDKs keep what is before the colon. */
    private static final String TYPE_NAMESPACE = ":http://internal.amazon.com/coral/com.amazon.bedrock/";
    static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    /** An AWS error as sent: status, type (header and in-stream {@code :exception-type}) and message. */
    record AwsError(int status, String type, String message, Map<String, String> headers) {

        /** The {@code :exception-type} of the same error in a stream: lower camel case. */
        String exceptionType() {
            return Character.toLowerCase(type.charAt(0)) + type.substring(1);
        }

        String headerValue() {
            return type + TYPE_NAMESPACE;
        }

        byte[] body() {
            return Json.bytes(Json.object().put("message", message));
        }
    }

    /** A routed request: the decoded model id and whether it streams. */
    record Route(String modelId, boolean stream) {
    }

    private final Endpoint converse;

    BedrockApi(Endpoint converse) {
        this.converse = converse;
    }

    @Override
    public SimVendor vendor() {
        return SimVendor.BEDROCK;
    }

    @Override
    public Endpoint route(String method, String subPath) {
        route(method, subPath, subPath);
        return converse;
    }

    /** @param rawSubPath the path as sent (model ids are percent-encoded: {@code :} is {@code %3A}) */
    static Route route(String method, String subPath, String rawSubPath) {
        Matcher m = MODEL_ACTION.matcher(rawSubPath);
        if (!m.matches() || !(m.group(2).equals("converse") || m.group(2).equals("converse-stream"))) {
            throw new ApiError(404, ErrorKind.NOT_FOUND, "Unknown operation " + subPath, null,
                    "UnknownOperationException", Map.of()).toException();
        }
        if (!"POST".equals(method)) {
            throw new ApiError(405, ErrorKind.METHOD_NOT_ALLOWED, "Method " + method + " is not allowed for " + subPath,
                    null, "UnknownOperationException", Map.of()).toException();
        }
        return new Route(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8), m.group(2).equals("converse-stream"));
    }

    /** A Bedrock API key ({@code Bearer}), else the access key id of a SigV4 signature. */
    @Override
    public Optional<String> apiKey(SimExchange exchange) {
        Optional<String> auth = exchange.header("Authorization");
        if (auth.isEmpty()) {
            return Optional.empty();
        }
        String value = auth.get().trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(value.substring(7).trim());
        }
        Matcher m = CREDENTIAL.matcher(value);
        return value.startsWith("AWS4-HMAC-SHA256") && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The shape of a SigV4 {@code Authorization} header, when the request carries one (the
     * signature itself is not verified): scoped to service {@code bedrock}, with the host and
     * {@code x-amz-date} signed and an {@code X-Amz-Date} header sent.
     */
    static Optional<AwsError> signatureProblem(SimExchange ex) {
        String auth = ex.header("Authorization").orElse("").trim();
        if (!auth.startsWith("AWS4-HMAC-SHA256")) {
            return Optional.empty();
        }
        Matcher credential = CREDENTIAL.matcher(auth);
        Matcher signed = SIGNED_HEADERS.matcher(auth);
        if (!credential.find() || !signed.find() || !SIGNATURE.matcher(auth).find() || ex.header("X-Amz-Date").isEmpty()) {
            return Optional.of(new AwsError(403, "IncompleteSignatureException",
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters, "
                            + "and the request an X-Amz-Date header.", Map.of()));
        }
        if (!credential.group(4).equals("bedrock")) {
            return Optional.of(new AwsError(403, "InvalidSignatureException",
                    "Credential should be scoped to correct service: 'bedrock'. ", Map.of()));
        }
        java.util.List<String> headers = java.util.List.of(signed.group(1).toLowerCase(Locale.ROOT).split(";"));
        if (!headers.contains("host") || !headers.contains("x-amz-date")) {
            return Optional.of(new AwsError(403, "InvalidSignatureException",
                    "The request signature must sign the host and x-amz-date headers.", Map.of()));
        }
        return Optional.empty();
    }

    /** The AWS rendering of a vendor-neutral error. */
    static AwsError render(ApiError e) {
        AwsError error = switch (e.kind()) {
            case INVALID_REQUEST -> new AwsError(400, "ValidationException",
                    orDefault(e.message(), "Malformed input request, please reformat your input and try again."), Map.of());
            case REQUEST_TOO_LARGE -> new AwsError(400, "ValidationException",
                    orDefault(e.message(), "Input is too long for requested model."), Map.of());
            // AWS has no 401: a bad or unknown credential is a 403
            case AUTHENTICATION -> new AwsError(403, "UnrecognizedClientException",
                    orDefault(e.message(), "The security token included in the request is invalid."), Map.of());
            case PERMISSION -> new AwsError(403, "AccessDeniedException",
                    orDefault(e.message(), "You don't have access to the model with the specified model ID."), Map.of());
            case NOT_FOUND -> new AwsError(404, "ResourceNotFoundException", orDefault(e.message(), "Model not found."), Map.of());
            case METHOD_NOT_ALLOWED -> new AwsError(405, "UnknownOperationException", orDefault(e.message(), "Unknown operation"), Map.of());
            case RATE_LIMITED -> new AwsError(429, "ThrottlingException",
                    orDefault(e.message(), "Too many requests, please wait before trying again."), Map.of());
            case QUOTA_EXHAUSTED -> new AwsError(400, "ServiceQuotaExceededException",
                    orDefault(e.message(), "Your request exceeds the service quota for your account. You can view your quotas at "
                            + "Viewing service quotas. You can resubmit your request later."), Map.of());
            case OVERLOADED -> new AwsError(503, "ServiceUnavailableException",
                    orDefault(e.message(), "Bedrock is unable to process your request."), Map.of());
            case TIMEOUT -> new AwsError(408, "ModelTimeoutException",
                    orDefault(e.message(), "Model has timed out in processing the request. Try your request again."), Map.of());
            case SERVER_ERROR -> new AwsError(e.status() >= 500 ? e.status() : 500, "InternalServerException",
                    orDefault(e.message(), "The server encountered an internal error while processing the request."), Map.of());
        };
        String type = e.code() != null && !e.code().isBlank() ? e.code() : error.type();
        return new AwsError(error.status(), type, error.message(), e.headers());
    }

    @Override
    public byte[] errorBody(ApiError error) {
        return render(error).body();
    }

    @Override
    public StreamEvent streamError(ApiError error) {
        AwsError aws = render(error);
        return StreamEvent.terminal(aws.exceptionType(), Json.write(Json.object().put("message", aws.message())));
    }

    /**
     * Bedrock answers a prompt its model's content filter blocks with a 200 ({@code stopReason:
     * content_filtered}); an unknown model id is a {@code ValidationException}, like any other bad input.
     */
    @Override
    public Optional<ApiError> refusal(Fault.Refusal refusal, String model) {
        return switch (refusal) {
            case INVALID_REQUEST -> Optional.of(ApiError.invalid("Malformed input request: refused as asked by a simulator fault "
                    + "(bad_request)."));
            case CONTENT_FILTER -> Optional.empty();
            case QUOTA_EXHAUSTED -> Optional.of(ApiError.of(400, ErrorKind.QUOTA_EXHAUSTED, null));
            case MODEL_NOT_FOUND -> Optional.of(ApiError.invalid("The provided model identifier is invalid."));
        };
    }

    /** Bedrock counts the input only, and names no numbers. */
    @Override
    public Optional<ApiError> contextWindowExceeded(int promptTokens, OptionalInt maxTokens, int window) {
        return promptTokens <= window ? Optional.empty() : Optional.of(ApiError.invalid("Input is too long for requested model."));
    }

    @Override
    public String invalidJsonMessage() {
        return "Malformed input request, please reformat your input and try again.";
    }

    /** AWS request ids are UUIDs; derived from the simulator's id sequence, so runs are repeatable. */
    @Override
    public Map<String, String> responseHeaders(Ids ids) {
        return Map.of("x-amzn-RequestId", UUID.nameUUIDFromBytes(ids.next("", 16).getBytes(StandardCharsets.UTF_8)).toString());
    }

    private static String orDefault(String message, String fallback) {
        return message == null || message.isBlank() ? fallback : message;
    }
}
