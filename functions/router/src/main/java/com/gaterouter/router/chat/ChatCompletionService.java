package com.gaterouter.router.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.router.vendors.VendorResult;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * {@code POST /v1/chat/completions}: validate → resolve the model → check the key may use it →
 * call the vendor → translate → meter → answer, buffered or as a stream. Transport-agnostic: the
 * caller has authenticated the key and owns the wire.
 */
public final class ChatCompletionService {

    private static final String ROUTE = "chat.completions";
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionService.class);

    private final ChatRequestParser parser = new ChatRequestParser();
    private final ModelCatalog catalog;
    private final Map<String, VendorClient> clientsByApi;
    private final VendorKeys vendorKeys;
    private final UsageMeter meter;
    private final RequestMetrics metrics;

    public ChatCompletionService(ModelCatalog catalog, Map<String, VendorClient> clientsByApi, VendorKeys vendorKeys,
                                 UsageMeter meter, RequestMetrics metrics) {
        this.catalog = catalog;
        this.clientsByApi = Map.copyOf(clientsByApi);
        this.vendorKeys = vendorKeys;
        this.meter = meter;
        this.metrics = metrics;
        for (VendorSpec vendor : catalog.vendors()) {
            if (!this.clientsByApi.containsKey(vendor.api())) {
                throw new IllegalArgumentException("vendor " + vendor.name() + " speaks " + vendor.api() + ", which no adapter serves");
            }
        }
    }

    public ApiResponse complete(ApiRequest http, ApiKeyRecord key) {
        ChatRequest request;
        switch (parser.parse(http.body())) {
            case ChatRequestParser.Invalid invalid -> {
                return invalid.error().toResponse(http.requestId());
            }
            case ChatRequestParser.Valid valid -> request = valid.request();
        }
        Optional<ModelSpec> resolved = catalog.resolve(request.model());
        if (resolved.isEmpty()) {
            return ApiError.notFound("model_not_found", "model",
                    "The model '" + request.model() + "' does not exist or you do not have access to it.").toResponse(http.requestId());
        }
        ModelSpec model = resolved.get();
        if (!key.allowedModels().isEmpty() && !key.allowedModels().contains(model.id())) {
            return ApiError.forbidden("model_not_allowed", "model",
                    "Your API key is not allowed to use the model '" + model.id() + "'.").toResponse(http.requestId());
        }
        VendorSpec vendor = catalog.vendor(model.vendor());
        Optional<String> vendorKey = vendorKeys.keyFor(vendor);
        if (vendorKey.isEmpty()) {
            return ApiError.badGateway("vendor_not_configured",
                    "The gateway has no credentials for " + vendor.name() + ".").toResponse(http.requestId());
        }
        Attempt attempt = new Attempt(http, key, request, model,
                new VendorCall(model, vendor, vendorKey.get(), request.body(), http.requestId()), System.nanoTime());
        VendorClient client = clientsByApi.get(vendor.api());
        return request.stream() ? new ApiResponse.Streamed(sink -> stream(attempt, client, sink)) : buffered(attempt, client);
    }

    /** One request in flight: what was asked, what serves it, when it started. */
    private record Attempt(ApiRequest http, ApiKeyRecord key, ChatRequest request, ModelSpec model, VendorCall call, long startNanos) {
    }

    private ApiResponse buffered(Attempt a, VendorClient client) {
        VendorResult result = client.complete(a.call());
        long latency = millisSince(a.startNanos());
        return switch (result) {
            case VendorResult.Completed done -> {
                UsageRecord usage = meter(a, done.usage(), latency, latency, UsageStatus.SUCCEEDED, 200);
                ObjectNode body = done.completion();
                body.put("model", a.model().id());
                ObjectNode usageNode = body.has("usage") && body.get("usage").isObject()
                        ? (ObjectNode) body.get("usage") : body.putObject("usage");
                OpenAiUsage.putCost(usageNode, usage.costMicros());
                Map<String, String> headers = successHeaders(a);
                headers.put("x-gaterouter-cost-usd", UsdMicros.toDecimalString(usage.costMicros()));
                yield ApiResponse.json(200, headers, body.toString());
            }
            case VendorResult.Failed failed -> failure(a, failed.failure(), latency);
        };
    }

    private StreamResult stream(Attempt a, VendorClient client, SseSink sink) {
        Map<String, String> headers = successHeaders(a);
        boolean[] opened = {false};
        StreamOutcome outcome = client.stream(a.call(), chunk -> {
            if (!opened[0]) {
                sink.open(headers);
                opened[0] = true;
            }
            Optional<String> event = clientEvent(a, chunk);
            if (event.isPresent()) {
                sink.event(event.get());
            }
        });
        long latency = millisSince(a.startNanos());
        switch (outcome) {
            case StreamOutcome.FailedBeforeFirstChunk failed -> {
                return new StreamResult.NotStarted(failure(a, failed.failure(), latency));
            }
            case StreamOutcome.Finished finished -> {
                meter(a, finished.usage(), latency, ttft(a, finished.firstChunkNanos()), UsageStatus.SUCCEEDED, 200);
                try {
                    if (!opened[0]) {
                        sink.open(headers);
                    }
                    sink.event("[DONE]");
                } catch (IOException clientGoneAtTheEnd) {
                    // everything was generated and metered; nothing left to tell the client
                }
            }
            case StreamOutcome.FailedMidStream failed -> {
                meter(a, failed.usage(), latency, ttft(a, failed.firstChunkNanos()), UsageStatus.VENDOR_FAILED, 502);
                try {
                    sink.event(ApiError.badGateway("vendor_stream_failed", failed.failure().message()).toJson().toString());
                } catch (IOException clientGoneToo) {
                    // nobody left to tell
                }
            }
            case StreamOutcome.ClientGone gone ->
                    meter(a, gone.usage(), latency, ttft(a, gone.firstChunkNanos()), UsageStatus.CLIENT_DISCONNECTED, 499);
        }
        return new StreamResult.Delivered();
    }

    /**
     * A vendor chunk as the client should see it: our model id, and the usage chunk only when the
     * client asked for it ({@code stream_options.include_usage}), carrying the cost.
     */
    private Optional<String> clientEvent(Attempt a, ObjectNode chunk) {
        chunk.put("model", a.model().id());
        JsonNode usage = chunk.get("usage");
        boolean usageChunk = usage != null && usage.isObject();
        if (!a.request().includeUsage()) {
            if (usageChunk && chunk.path("choices").isEmpty()) {
                return Optional.empty();
            }
            chunk.remove("usage");
        } else if (usageChunk) {
            TokenUsage tokens = OpenAiUsage.parse(usage);
            OpenAiUsage.putCost((ObjectNode) usage, meter.costOf(a.model(), tokens, a.http().receivedAt()));
        }
        return Optional.of(chunk.toString());
    }

    private ApiResponse.Buffered failure(Attempt a, VendorFailure failure, long latency) {
        if (failure.kind() == VendorFailure.Kind.UNAUTHORIZED) {
            // the platform key may have been rotated: the next request re-reads the secret
            vendorKeys.refresh();
        }
        ApiError error = switch (failure.kind()) {
            case RATE_LIMITED -> new ApiError(429, "rate_limit_error", "vendor_rate_limited", null, failure.message(),
                    failure.retryAfter().map(d -> Map.of("retry-after", Long.toString(Math.max(1, d.toSeconds())))).orElse(Map.of()));
            case TIMEOUT -> ApiError.gatewayTimeout(failure.message());
            case MALFORMED_RESPONSE -> ApiError.badGateway("vendor_malformed_response", failure.message());
            case UNAUTHORIZED -> ApiError.badGateway("vendor_auth_failed", a.model().vendor() + " rejected the gateway's credentials");
            case BAD_REQUEST -> new ApiError(400, "invalid_request_error", "vendor_rejected_request", null, failure.message(), Map.of());
            case SERVER_ERROR, CONNECTION -> ApiError.badGateway("vendor_unavailable", failure.message());
        };
        meter(a, TokenUsage.NONE, latency, latency, UsageStatus.VENDOR_FAILED, error.status());
        Map<String, String> headers = new LinkedHashMap<>(error.extraHeaders());
        headers.putAll(successHeaders(a));
        return new ApiError(error.status(), error.type(), error.code(), error.param(), error.message(), headers).toResponse(a.http().requestId());
    }

    private UsageRecord meter(Attempt a, TokenUsage tokens, long latency, long ttft, UsageStatus status, int httpStatus) {
        Instant at = a.http().receivedAt();
        UsageRecord record = meter.record(new UsageMeter.Measured(a.http().requestId(), a.key().owner(), a.request().model(),
                a.model(), 1, tokens, latency, ttft, status, httpStatus, a.request().stream(), at));
        metrics.record(new RequestMetrics.RequestOutcome(ROUTE, a.model().vendor(), a.model().id(), httpStatus,
                a.request().stream(), latency, ttft, tokens.promptTokens(), tokens.completionTokens(), record.costMicros(), 1));
        // one line per request, never the prompt or the key: who, what model, how it went, what it cost
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tenantId", record.principal().tenantId());
        summary.put("keyId", record.principal().keyId());
        summary.put("model", record.servedModel());
        summary.put("status", record.status().name());
        summary.put("httpStatus", httpStatus);
        summary.put("stream", record.stream());
        summary.put("latencyMs", latency);
        summary.put("promptTokens", tokens.promptTokens());
        summary.put("completionTokens", tokens.completionTokens());
        summary.put("costMicros", record.costMicros());
        LOG.info("chat completion {}", StructuredArguments.entries(summary));
        return record;
    }

    private Map<String, String> successHeaders(Attempt a) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", a.http().requestId());
        headers.put("x-gaterouter-model", a.model().id());
        headers.put("x-gaterouter-vendor", a.model().vendor());
        headers.put("x-gaterouter-attempts", "1");
        headers.put("x-gaterouter-route-reason", a.request().model().equals(a.model().id()) ? "pinned" : "alias");
        return headers;
    }

    private static long ttft(Attempt a, long firstChunkNanos) {
        return firstChunkNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(firstChunkNanos - a.startNanos());
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
