package com.gaterouter.router.vendors.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.vendors.ChunkConsumer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Google's Gemini API ({@code generateContent} / {@code streamGenerateContent?alt=sse}). Requests,
 * answers, stream frames, usage and errors are translated to and from the normal form (OpenAI Chat
 * Completions) by the package's translators; the mapping tables are in docs/vendors/gemini.md.
 * The key travels in {@code x-goog-api-key}, never in the URL, so it cannot end up in access logs.
 */
public final class GeminiClient extends HttpVendorClient {

    /** A base URL that already names an API version ({@code …/v1beta}) is used as is. */
    private static final Pattern VERSIONED = Pattern.compile("/v1(alpha|beta)?$");

    public GeminiClient(VendorHttpClients http, VendorTimeouts timeouts) {
        super(http, timeouts);
    }

    @Override
    public VendorResult complete(VendorCall call) {
        String vendor = call.vendor().name();
        ObjectNode body;
        try {
            body = GeminiRequestTranslator.translate(call.model(), call.request());
        } catch (GeminiRequestTranslator.Rejected e) {
            return new VendorResult.Failed(rejected(e));
        }
        // Gemini's error body says more than its status (e.g. an invalid key answers 400): GeminiFailures reads it
        return switch (VendorHttp.sendForJson(client(call), request(call, body, false), vendor, GeminiFailures::fromStatus)) {
            case VendorHttp.JsonAnswer.Failed failed -> new VendorResult.Failed(failed.failure());
            case VendorHttp.JsonAnswer.Parsed(JsonNode answer) -> GeminiResponseTranslator.completion(call, answer);
        };
    }

    @Override
    public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
        String vendor = call.vendor().name();
        ObjectNode body;
        try {
            body = GeminiRequestTranslator.translate(call.model(), call.request());
        } catch (GeminiRequestTranslator.Rejected e) {
            return new StreamOutcome.FailedBeforeFirstChunk(rejected(e));
        }
        return switch (VendorHttp.openStream(client(call), request(call, body, true), vendor, GeminiFailures::fromStatus)) {
            case VendorHttp.StreamStart.Failed failed -> new StreamOutcome.FailedBeforeFirstChunk(failed.failure());
            // Gemini always reports usage in stream frames: nothing to ask for, unlike OpenAI's include_usage
            case VendorHttp.StreamStart.Opened(var response) ->
                    new GeminiStreamTranslator(call, consumer).readAll(StreamDeadline.guard(response.body(), timeouts(call).total()));
        };
    }

    /**
     * Fields Gemini cannot honour: log probabilities and token biases (not offered through this
     * adapter), several choices in one stream (the relay follows candidate 0 only), audio output,
     * and web search (it would silently not happen). Harmless hints are dropped instead (see docs).
     */
    @Override
    public List<String> unsupportedParameters(ObjectNode request) {
        List<String> unsupported = new ArrayList<>();
        if (request.path("logprobs").asBoolean(false)) {
            unsupported.add("logprobs");
        }
        if (present(request, "top_logprobs") && request.get("top_logprobs").asInt(1) != 0) {
            unsupported.add("top_logprobs");
        }
        if (present(request, "logit_bias") && !request.get("logit_bias").isEmpty()) {
            unsupported.add("logit_bias");
        }
        if (request.path("stream").asBoolean(false) && request.path("n").asInt(1) > 1) {
            unsupported.add("n");
        }
        if (present(request, "audio")) {
            unsupported.add("audio");
        }
        for (JsonNode modality : request.path("modalities")) {
            if ("audio".equals(modality.asText())) {
                unsupported.add("modalities");
                break;
            }
        }
        if (present(request, "web_search_options")) {
            unsupported.add("web_search_options");
        }
        return unsupported;
    }

    private static boolean present(ObjectNode request, String field) {
        return request.hasNonNull(field);
    }

    private static VendorFailure rejected(GeminiRequestTranslator.Rejected e) {
        return VendorFailure.of(VendorFailure.Kind.BAD_REQUEST, 0, e.getMessage());
    }

    private HttpRequest request(VendorCall call, ObjectNode body, boolean stream) {
        return HttpRequest.newBuilder(endpoint(call, stream))
                .timeout(timeouts(call).requestTimeout(stream))
                .header("x-goog-api-key", call.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    /** {@code {base}/v1beta/models/{upstream}:generateContent}, or {@code :streamGenerateContent?alt=sse}. */
    static URI endpoint(VendorCall call, boolean stream) {
        String base = call.vendor().baseUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!VERSIONED.matcher(base).find()) {
            base += "/v1beta";
        }
        String model = call.model().upstream();
        // "models/x" and "tunedModels/x" are full resource names already
        String resource = model.contains("/") ? model : "models/" + model;
        return URI.create(base + "/" + resource + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"));
    }

}
