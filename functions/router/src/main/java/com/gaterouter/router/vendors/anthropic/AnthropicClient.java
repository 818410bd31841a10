package com.gaterouter.router.vendors.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.HttpFailures;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.HttpVendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorHttp;
import com.gaterouter.router.vendors.VendorHttpClients;
import com.gaterouter.router.vendors.VendorResult;
import com.gaterouter.router.vendors.StreamDeadline;
import com.gaterouter.router.vendors.VendorTimeouts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The Anthropic Messages API ({@code POST {base}/v1/messages}, API version {@value #API_VERSION}).
 * Translation lives in {@link AnthropicRequestTranslator}, {@link AnthropicResponseTranslator} and
 * {@link AnthropicStreamTranslator}; this class only does HTTP. The mapping is documented in
 * {@code docs/vendors/anthropic.md}. Nothing here logs: keys and prompts never leave in a message.
 */
public final class AnthropicClient extends HttpVendorClient {

    /** The version every field mapping here was written against; newer ones may change shapes. */
    static final String API_VERSION = "2023-06-01";

    public AnthropicClient(VendorHttpClients http, VendorTimeouts timeouts) {
        super(http, timeouts);
    }

    @Override
    public List<String> unsupportedParameters(ObjectNode request) {
        return AnthropicRequestTranslator.unsupportedParameters(request);
    }

    @Override
    public VendorResult complete(VendorCall call) {
        ObjectNode body;
        try {
            body = AnthropicRequestTranslator.translate(call.request(), call.model(), false);
        } catch (AnthropicRequestTranslator.UntranslatableRequest e) {
            return new VendorResult.Failed(untranslatable(e));
        }
        String vendor = call.vendor().name();
        return switch (VendorHttp.sendForJson(client(call), request(call, body), vendor, HttpFailures::fromStatus)) {
            case VendorHttp.JsonAnswer.Failed failed -> new VendorResult.Failed(failed.failure());
            case VendorHttp.JsonAnswer.Parsed(JsonNode message) -> {
                try {
                    AnthropicResponseTranslator.Translated translated = AnthropicResponseTranslator.toCompletion(
                            message, call.model().upstream(), Instant.now().getEpochSecond(),
                            AnthropicRequestTranslator.jsonResponseTool(call.request(), call.model()));
                    yield new VendorResult.Completed(translated.completion(), translated.usage());
                } catch (AnthropicResponseTranslator.MalformedAnswer e) {
                    yield new VendorResult.Failed(HttpFailures.malformed(vendor, e.getMessage()));
                }
            }
        };
    }

    @Override
    public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
        ObjectNode body;
        try {
            body = AnthropicRequestTranslator.translate(call.request(), call.model(), true);
        } catch (AnthropicRequestTranslator.UntranslatableRequest e) {
            return new StreamOutcome.FailedBeforeFirstChunk(untranslatable(e));
        }
        return switch (VendorHttp.openStream(client(call), request(call, body), call.vendor().name(), HttpFailures::fromStatus)) {
            case VendorHttp.StreamStart.Failed failed -> new StreamOutcome.FailedBeforeFirstChunk(failed.failure());
            case VendorHttp.StreamStart.Opened(var response) ->
                    new AnthropicStreamTranslator(call, consumer).readAll(StreamDeadline.guard(response.body(), timeouts(call).total()));
        };
    }

    /** Never sent: the request asks for something Anthropic's format cannot say (vendor status 0). */
    private static VendorFailure untranslatable(AnthropicRequestTranslator.UntranslatableRequest e) {
        return VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 0, "Invalid request for an Anthropic model: " + e.getMessage());
    }

    private HttpRequest request(VendorCall call, ObjectNode body) {
        URI uri = URI.create(stripTrailingSlash(call.vendor().baseUrl().toString()) + "/v1/messages");
        return HttpRequest.newBuilder(uri)
                .timeout(timeouts(call).requestTimeout(body.path("stream").asBoolean(false)))
                .header("x-api-key", call.apiKey())
                .header("anthropic-version", API_VERSION)
                .header("content-type", "application/json")
                .header("accept", body.path("stream").asBoolean(false) ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
