package com.gaterouter.common.snapstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The functions' SDK HTTP client: it passes every request to the real client, except inside
 * {@link #priming(Supplier)}, where it answers in-process with a canned, well-formed reply of the
 * service's protocol and sends nothing. SnapStart priming runs each function's real code with
 * representative events against the real SDK clients inside that window, so the snapshot holds
 * their classes loaded and their code warmed — marshalling, signing, endpoint rules, retries,
 * unmarshalling — while no request leaves the instance and no data is read or written.
 *
 * <p>The window covers every thread (a roll-up queries shards in parallel): SnapStart primes
 * before the snapshot, while Lambda sends the instance no invocation, so nothing real is in flight.
 * Canned replies: for the JSON protocols (DynamoDB, Secrets Manager, SQS, EventBridge) the body in
 * {@link #jsonReplies} for the request's {@code X-Amz-Target}, else {@code {}}; for the query
 * protocol (SNS) an empty {@code <ActionResponse>} document.
 */
public final class PrimingHttpClient implements SdkHttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SdkHttpClient delegate;
    private final Map<String, String> jsonReplies;
    private final java.util.concurrent.atomic.AtomicInteger priming = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param jsonReplies canned JSON bodies by {@code X-Amz-Target} (e.g. {@code AWSEvents.PutEvents}),
     *                    for operations whose callers read fields of the reply
     */
    public PrimingHttpClient(SdkHttpClient delegate, Map<String, String> jsonReplies) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.jsonReplies = Map.copyOf(jsonReplies);
    }

    /** Replies every function's callers accept: the usual successful answers with nothing in them. */
    public static PrimingHttpClient wrapping(SdkHttpClient delegate) {
        return new PrimingHttpClient(delegate, DEFAULT_REPLIES);
    }

    /** Successful, empty answers for the operations GateRouter's adapters call whose fields they read. */
    public static final Map<String, String> DEFAULT_REPLIES = Map.of(
            "AWSEvents.PutEvents", "{\"FailedEntryCount\":0,\"Entries\":[]}",
            "secretsmanager.GetSecretValue", "{\"Name\":\"snapstart-priming\",\"SecretString\":\"{}\"}");

    /** Runs {@code work} with every request through this client, from any thread, answered in-process. */
    public <T> T priming(Supplier<T> work) {
        priming.incrementAndGet();
        try {
            return work.get();
        } finally {
            priming.decrementAndGet();
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (priming.get() == 0) {
            return delegate.prepareRequest(request);
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return cannedReply(request);
            }

            @Override
            public void abort() {
            }
        };
    }

    private HttpExecuteResponse cannedReply(HttpExecuteRequest request) {
        Optional<String> target = request.httpRequest().firstMatchingHeader("X-Amz-Target");
        String contentType;
        String body;
        if (target.isPresent() && target.get().equals("AmazonSQS.SendMessage")) {
            contentType = "application/x-amz-json-1.0";
            body = sqsSendMessageReply(requestBody(request));
        } else if (target.isPresent()) {
            contentType = "application/x-amz-json-1.0";
            body = jsonReplies.getOrDefault(target.get(), "{}");
        } else {
            String action = action(request).orElse("Unknown");
            contentType = "text/xml";
            body = "<" + action + "Response><" + action + "Result/><ResponseMetadata><RequestId>snapstart-priming</RequestId>"
                    + "</ResponseMetadata></" + action + "Response>";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(200)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .putHeader("x-amzn-RequestId", "snapstart-priming")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    /** The query protocol's {@code Action} form field (SNS), from the request body. */
    private static Optional<String> action(HttpExecuteRequest request) {
        for (String field : requestBody(request).split("&")) {
            if (field.startsWith("Action=")) {
                return Optional.of(URLDecoder.decode(field.substring(7), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static String requestBody(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return "";
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SQS's SendMessage reply carries the MD5 digests of the body and the attributes it stored,
     * which the SDK checks: computed here as SQS does, so the SDK accepts the reply.
     */
    static String sqsSendMessageReply(String requestJson) {
        try {
            JsonNode request = JSON.readTree(requestJson);
            ObjectNode reply = JSON.createObjectNode();
            reply.put("MessageId", "snapstart-priming");
            reply.put("MD5OfMessageBody", md5Hex(request.path("MessageBody").asText().getBytes(StandardCharsets.UTF_8)));
            JsonNode attributes = request.path("MessageAttributes");
            if (attributes.isObject() && !attributes.isEmpty()) {
                reply.put("MD5OfMessageAttributes", md5Hex(sqsAttributeBytes(attributes)));
            }
            return JSON.writeValueAsString(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SQS's message-attribute digest input: by name, each length-prefixed name, type, transport byte and value. */
    private static byte[] sqsAttributeBytes(JsonNode attributes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.List<String> names = new java.util.ArrayList<>();
        attributes.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String name : names) {
            JsonNode attribute = attributes.get(name);
            String type = attribute.path("DataType").asText();
            writeLengthPrefixed(out, name.getBytes(StandardCharsets.UTF_8));
            writeLengthPrefixed(out, type.getBytes(StandardCharsets.UTF_8));
            if (attribute.hasNonNull("BinaryValue")) {
                out.write(2);
                writeLengthPrefixed(out, java.util.Base64.getDecoder().decode(attribute.get("BinaryValue").asText()));
            } else {
                out.write(1);
                writeLengthPrefixed(out, attribute.path("StringValue").asText().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static void writeLengthPrefixed(java.io.ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >>> 24);
        out.write(bytes.length >>> 16);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
