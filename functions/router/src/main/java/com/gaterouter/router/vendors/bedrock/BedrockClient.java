package com.gaterouter.router.vendors.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.StreamDeadline;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorResult;
import com.gaterouter.router.vendors.VendorHttpClients;
import com.gaterouter.router.vendors.VendorTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.utils.http.SdkHttpUtils;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;
import software.amazon.eventstream.MessageDecoder;

/**
 * Amazon Bedrock Runtime's Converse API (catalog api {@value #API}), authenticated with IAM (SigV4),
 * not an API key: {@code call.apiKey()} is ignored, and credentials come from the provider given
 * (in Lambda, the default chain: the function's role).
 * <ul>
 *   <li>{@link #complete}: {@code POST {baseUrl}/model/{modelId}/converse} through the SDK's sync
 *       {@code BedrockRuntimeClient} on the URL-connection HTTP client (retries off: one attempt).</li>
 *   <li>{@link #stream}: the sync client has no ConverseStream, and the async one needs Netty or
 *       CRT, so {@code POST {baseUrl}/model/{modelId}/converse-stream} is signed here with the SDK's
 *       SigV4 signer (service {@value #SIGNING_NAME}), sent with {@code java.net.http}, and its AWS
 *       event stream decoded with the SDK's {@code MessageDecoder}.</li>
 * </ul>
 * Both paths share one translation ({@link BedrockRequestTranslator}, {@link BedrockResponseTranslator}).
 * The endpoint is {@code call.vendor().baseUrl()} ({@code https://bedrock-runtime.REGION.amazonaws.com}
 * in AWS); the signing region is the one that host names, else the region given.
 */
public final class BedrockClient implements VendorClient {

    /** SigV4 signing name of Bedrock Runtime (not the endpoint prefix {@code bedrock-runtime}). */
    static final String SIGNING_NAME = "bedrock";
    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    /** {@code bedrock-runtime[-fips].REGION.amazonaws.com[.cn]}, also behind a VPC endpoint ({@code vpce-….bedrock-runtime.REGION.vpce.amazonaws.com}). */
    private static final Pattern REGION_IN_HOST =
            Pattern.compile("(?:^|\\.)bedrock-runtime(?:-fips)?\\.([a-z0-9-]+)\\.(?:vpce\\.)?amazonaws\\.com(?:\\.cn)?$");
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final ScheduledThreadPoolExecutor DEADLINES = StreamDeadline.daemonTimer("bedrock-stream-deadlines");

    private final VendorHttpClients http;
    private final VendorTimeouts timeouts;
    private final AwsCredentialsProvider credentials;
    private final Supplier<Region> defaultRegion;
    private final Clock clock;
    private final SdkHttpClient sdkHttp;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Map<String, BedrockRuntimeClient> sdkClients = new ConcurrentHashMap<>();

    /**
     * @param http        sends the signed ConverseStream requests (the gateway's shared client)
     * @param credentials AWS credentials (the default provider chain in Lambda; static ones in tests)
     * @param region      signing region when the base URL does not name one (a custom endpoint)
     */
    public BedrockClient(HttpClient http, VendorTimeouts timeouts, AwsCredentialsProvider credentials, Region region) {
        this(VendorHttpClients.fixed(Objects.requireNonNull(http, "http")), timeouts, credentials, () -> region, Clock.systemUTC());
        Objects.requireNonNull(region, "region");
    }

    BedrockClient(HttpClient http, VendorTimeouts timeouts, AwsCredentialsProvider credentials,
            Supplier<Region> defaultRegion, Clock clock) {
        this(VendorHttpClients.fixed(Objects.requireNonNull(http, "http")), timeouts, credentials, defaultRegion, clock);
    }

    BedrockClient(VendorHttpClients http, VendorTimeouts timeouts, AwsCredentialsProvider credentials,
            Supplier<Region> defaultRegion, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.defaultRegion = defaultRegion;
        this.clock = clock;
        this.sdkHttp = UrlConnectionHttpClient.builder()
                .connectionTimeout(timeouts.connect())
                .socketTimeout(timeouts.firstByte())
                .build();
    }

    /**
     * Credentials from the default provider chain (environment, then the Lambda role, profiles, …)
     * and, only if a base URL names no region, the region from the default region chain
     * ({@code AWS_REGION} in Lambda), resolved on first use so start-up never waits for it.
     */
    public static BedrockClient fromEnvironment(HttpClient http, VendorTimeouts timeouts) {
        return fromEnvironment(VendorHttpClients.fixed(http), timeouts);
    }

    /** As {@link #fromEnvironment(HttpClient, VendorTimeouts)}, with a client per vendor connect timeout for streams. */
    public static BedrockClient fromEnvironment(VendorHttpClients http, VendorTimeouts timeouts) {
        Supplier<Region> region = new Supplier<>() {
            private volatile Region resolved;

            @Override
            public Region get() {
                if (resolved == null) {
                    resolved = new DefaultAwsRegionProviderChain().getRegion();
                }
                return resolved;
            }
        };
        return new BedrockClient(http, timeouts, DefaultCredentialsProvider.builder().build(), region, Clock.systemUTC());
    }

    @Override
    public List<String> unsupportedParameters(ObjectNode request) {
        return BedrockRequestTranslator.unsupportedParameters(request);
    }

    // ---------------------------------------------------------------- converse (SDK, sync)

    @Override
    public VendorResult complete(VendorCall call) {
        Prepared prepared;
        try {
            prepared = prepare(call);
        } catch (PreparationFailed e) {
            return new VendorResult.Failed(e.failure);
        }
        String vendor = call.vendor().name();
        ConverseRequest request = ConverseSdkModel.request(call.model().upstream(), prepared.body).toBuilder()
                .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                        .credentialsProvider(StaticCredentialsProvider.create(prepared.credentials)).build())
                .build();
        try {
            ConverseResponse response = sdkClient(prepared.endpoint, prepared.region).converse(request);
            ObjectNode json = ConverseSdkModel.response(response);
            String awsRequestId = response.responseMetadata() == null ? null : response.responseMetadata().requestId();
            ObjectNode completion = BedrockResponseTranslator.completion(json, completionId(awsRequestId, call),
                    clock.instant().getEpochSecond(), call.model().upstream(),
                    BedrockRequestTranslator.jsonResponseTool(call.request(), call.model().upstream()));
            return new VendorResult.Completed(completion, BedrockResponseTranslator.usage(json.path("usage")));
        } catch (BedrockResponseTranslator.MalformedAnswer e) {
            return new VendorResult.Failed(BedrockFailures.malformed(vendor, e.getMessage()));
        } catch (SdkException e) {
            return new VendorResult.Failed(BedrockFailures.fromSdk(vendor, e));
        }
    }

    /** One SDK client per endpoint and region (normally one), built on first use. */
    private BedrockRuntimeClient sdkClient(URI endpoint, Region region) {
        return sdkClients.computeIfAbsent(endpoint + "|" + region.id(), key -> BedrockRuntimeClient.builder()
                .httpClient(sdkHttp)
                .credentialsProvider(credentials)
                .region(region)
                .endpointOverride(endpoint)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeouts.total()))
                .build());
    }

    // ---------------------------------------------------------------- converse-stream (signed HTTP)

    @Override
    public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
        long startNanos = System.nanoTime();
        Prepared prepared;
        try {
            prepared = prepare(call);
        } catch (PreparationFailed e) {
            return new StreamOutcome.FailedBeforeFirstChunk(e.failure);
        }
        String vendor = call.vendor().name();
        byte[] body = prepared.body.toString().getBytes(StandardCharsets.UTF_8);
        URI uri = operationUri(prepared.endpoint, call.model().upstream(), "converse-stream");
        HttpResponse<InputStream> response;
        try {
            response = http.forVendor(call.vendor())
                    .send(signedRequest(uri, body, prepared.credentials, prepared.region), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new StreamOutcome.FailedBeforeFirstChunk(BedrockFailures.fromIo(vendor, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StreamOutcome.FailedBeforeFirstChunk(VendorFailure.of(VendorFailure.Kind.CONNECTION, 0, "interrupted"));
        }
        if (response.statusCode() != 200) {
            String errorBody = readQuietly(response.body());
            return new StreamOutcome.FailedBeforeFirstChunk(BedrockFailures.of(vendor, response.statusCode(),
                    response.headers().firstValue("x-amzn-ErrorType").orElseGet(() -> BedrockFailures.typeOf(errorBody)),
                    BedrockFailures.messageOf(errorBody),
                    response.headers().firstValue("retry-after").flatMap(BedrockFailures::seconds)));
        }
        String awsRequestId = response.headers().firstValue("x-amzn-RequestId").orElse(null);
        BedrockStreamTranslator translator = new BedrockStreamTranslator(completionId(awsRequestId, call),
                clock.instant().getEpochSecond(), call.model().upstream(), call.request().path("messages").toString().length(),
                BedrockRequestTranslator.jsonResponseTool(call.request(), call.model().upstream()));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        // the call's own total counts from its start; the request's deadline (already inside call.timeouts) from now
        VendorTimeouts own = call.vendor().timeoutsOr(timeouts).within(call.vendor().timeoutsOr(timeouts).total().minus(elapsed));
        VendorTimeouts left = call.deadline().map(d -> own.within(Duration.between(java.time.Instant.now(), d))).orElse(own);
        return new StreamRead(vendor, translator, consumer).readAll(response.body(), left.firstByte(), left.total());
    }

    /** The ConverseStream request, SigV4-signed for service {@value #SIGNING_NAME} in {@code region}. */
    HttpRequest signedRequest(URI uri, byte[] body, AwsCredentials credentials, Region region) {
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", EVENT_STREAM)
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                // one long stream per connection; java.net.http sends Host = the URI's authority, as signed
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(timeouts.firstByte())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return request.build();
    }

    /** One stream being relayed: decoding, translating, deadlines and what was delivered. */
    private static final class StreamRead {
        private final String vendor;
        private final BedrockStreamTranslator translator;
        private final ChunkConsumer consumer;
        private final List<Message> decoded = new ArrayList<>();
        private final MessageDecoder decoder = new MessageDecoder(decoded::add);
        private long chunks;
        private long firstChunkNanos;
        private Deadlines deadlines;

        StreamRead(String vendor, BedrockStreamTranslator translator, ChunkConsumer consumer) {
            this.vendor = vendor;
            this.translator = translator;
            this.consumer = consumer;
        }

        StreamOutcome readAll(InputStream in, Duration firstChunkWithin, Duration totalWithin) {
            deadlines = new Deadlines(in, firstChunkWithin, totalWithin);
            try (in) {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    try {
                        decoder.feed(buffer, 0, n);
                    } catch (RuntimeException badFrame) {
                        // length or CRC check failed: the bytes cannot be trusted any further
                        return failed(BedrockFailures.malformed(vendor, "broken event-stream framing"));
                    }
                    for (Message message : drain()) {
                        Optional<StreamOutcome> end = handle(message);
                        if (end.isPresent()) {
                            return end.get();
                        }
                    }
                }
                if (deadlines.expired() != null) {
                    return failed(timedOut());
                }
                return translator.reportedUsage() && chunks > 0
                        ? new StreamOutcome.Finished(translator.usageSoFar(), firstChunkNanos)
                        : failed(VendorFailure.of(VendorFailure.Kind.CONNECTION, 200, vendor + " stream ended unexpectedly"));
            } catch (IOException e) {
                return failed(deadlines.expired() != null ? timedOut() : BedrockFailures.fromIo(vendor, e));
            } finally {
                deadlines.cancel();
            }
        }

        private List<Message> drain() {
            List<Message> out = List.copyOf(decoded);
            decoded.clear();
            return out;
        }

        /** Empty to keep reading; an outcome to stop. */
        private Optional<StreamOutcome> handle(Message message) {
            String messageType = header(message, ":message-type");
            switch (messageType) {
                case "event" -> {
                    JsonNode payload;
                    try {
                        payload = Json.MAPPER.readTree(message.getPayload());
                    } catch (IOException e) {
                        return Optional.of(failed(BedrockFailures.malformed(vendor, "invalid JSON in stream")));
                    }
                    if (payload == null || !payload.isObject()) {
                        return Optional.of(failed(BedrockFailures.malformed(vendor, "stream event is not an object")));
                    }
                    for (ObjectNode chunk : translator.onEvent(header(message, ":event-type"), payload)) {
                        if (chunks++ == 0) {
                            firstChunkNanos = System.nanoTime();
                            deadlines.firstChunkArrived();
                        }
                        try {
                            consumer.onChunk(chunk);
                        } catch (IOException clientGone) {
                            return Optional.of(new StreamOutcome.ClientGone(translator.usageSoFar(), firstChunkNanos));
                        }
                    }
                    return Optional.empty();
                }
                case "exception" -> {
                    String type = header(message, ":exception-type");
                    String text = BedrockFailures.messageOf(new String(message.getPayload(), StandardCharsets.UTF_8));
                    return Optional.of(failed(BedrockFailures.of(vendor, BedrockFailures.statusOf(type), type,
                            text == null ? "error in stream" : text, Optional.empty())));
                }
                case "error" -> {
                    return Optional.of(failed(BedrockFailures.of(vendor, 500, header(message, ":error-code"),
                            header(message, ":error-message"), Optional.empty())));
                }
                default -> {
                    return Optional.empty(); // unknown message types are skipped, as the SDK does
                }
            }
        }

        private VendorFailure timedOut() {
            return VendorFailure.of(VendorFailure.Kind.TIMEOUT, 200, vendor + " stream " + deadlines.expired());
        }

        private StreamOutcome failed(VendorFailure failure) {
            return chunks == 0 ? new StreamOutcome.FailedBeforeFirstChunk(failure)
                    : new StreamOutcome.FailedMidStream(failure, translator.usageSoFar(), firstChunkNanos);
        }

        private static String header(Message message, String name) {
            HeaderValue value = message.getHeaders().get(name);
            return value == null ? "" : value.getString();
        }
    }

    /**
     * The stream's time limits ({@link VendorTimeouts}: the first chunk within {@code firstByte},
     * everything within {@code total}): when one passes, the response stream is closed, which ends
     * the blocked read, and the outcome is a TIMEOUT.
     */
    private static final class Deadlines {
        private final InputStream in;
        private final ScheduledFuture<?> firstChunk;
        private final ScheduledFuture<?> total;
        private volatile String expired;

        Deadlines(InputStream in, Duration firstChunkWithin, Duration totalWithin) {
            this.in = in;
            this.firstChunk = DEADLINES.schedule(() -> expire("sent nothing within " + firstChunkWithin.toMillis() + " ms"),
                    Math.max(1, firstChunkWithin.toMillis()), TimeUnit.MILLISECONDS);
            this.total = DEADLINES.schedule(() -> expire("did not finish within the time limit"),
                    Math.max(1, totalWithin.toMillis()), TimeUnit.MILLISECONDS);
        }

        void firstChunkArrived() {
            firstChunk.cancel(false);
        }

        String expired() {
            return expired;
        }

        void cancel() {
            firstChunk.cancel(false);
            total.cancel(false);
        }

        private void expire(String what) {
            expired = what;
            try {
                in.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    // ---------------------------------------------------------------- shared

    /** What both paths need before any I/O: the body, credentials, endpoint and signing region. */
    private record Prepared(ObjectNode body, AwsCredentials credentials, URI endpoint, Region region) {
    }

    private static final class PreparationFailed extends Exception {
        private final transient VendorFailure failure;

        PreparationFailed(VendorFailure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }

    private Prepared prepare(VendorCall call) throws PreparationFailed {
        String vendor = call.vendor().name();
        ObjectNode body;
        try {
            body = BedrockRequestTranslator.translate(call.request(), call.model().upstream());
        } catch (BedrockRequestTranslator.UntranslatableRequest e) {
            throw new PreparationFailed(VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 0, e.getMessage()));
        }
        AwsCredentials resolved;
        try {
            resolved = credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw new PreparationFailed(BedrockFailures.credentials(vendor, e));
        }
        URI endpoint = URI.create(stripTrailingSlash(call.vendor().baseUrl().toString()));
        Region region;
        try {
            region = regionOf(endpoint).orElseGet(defaultRegion);
        } catch (RuntimeException e) {
            // a deployment problem, not the client's: answered as the vendor being unreachable (502)
            throw new PreparationFailed(VendorFailure.of(VendorFailure.Kind.CONNECTION, 0,
                    vendor + ": no AWS region (the base URL names none and AWS_REGION is not set)"));
        }
        return new Prepared(body, resolved, endpoint, region);
    }

    /** {@code {endpoint}/model/{modelId}/{operation}}, the model id percent-encoded as the SDK does ({@code :} → {@code %3A}, {@code /} → {@code %2F}). */
    static URI operationUri(URI endpoint, String modelId, String operation) {
        return URI.create(endpoint + "/model/" + SdkHttpUtils.urlEncode(modelId) + "/" + operation);
    }

    /** The region a Bedrock Runtime host names, if it does. */
    static Optional<Region> regionOf(URI endpoint) {
        String host = endpoint.getHost();
        if (host == null) {
            return Optional.empty();
        }
        Matcher m = REGION_IN_HOST.matcher(host.toLowerCase(Locale.ROOT));
        return m.find() ? Optional.of(Region.of(m.group(1))) : Optional.empty();
    }

    private static String completionId(String awsRequestId, VendorCall call) {
        return "chatcmpl-" + (awsRequestId != null && !awsRequestId.isBlank() ? awsRequestId : call.requestId());
    }

    private static String readQuietly(InputStream in) {
        try (in) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "BedrockClient[bedrock-converse]";
    }
}
