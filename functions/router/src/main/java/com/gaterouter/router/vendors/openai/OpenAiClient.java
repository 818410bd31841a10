package com.gaterouter.router.vendors.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.ChunkDelivery;
import com.gaterouter.router.vendors.HttpFailures;
import com.gaterouter.router.vendors.OpenAiUsage;
import com.gaterouter.router.vendors.SseReader;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.TokenEstimate;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.HttpVendorClient;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorHttp;
import com.gaterouter.router.vendors.VendorHttpClients;
import com.gaterouter.router.vendors.VendorResult;
import com.gaterouter.router.vendors.StreamDeadline;
import com.gaterouter.router.vendors.VendorTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The OpenAI Chat Completions wire format: OpenAI itself and every endpoint that speaks it
 * (DeepSeek, which adds {@code prompt_cache_hit_tokens}). The normal form is this format, so the
 * request only needs the upstream model name and, for streams, {@code include_usage}.
 */
public final class OpenAiClient extends HttpVendorClient {

    public OpenAiClient(VendorHttpClients http, VendorTimeouts timeouts) {
        super(http, timeouts);
    }

    @Override
    public VendorResult complete(VendorCall call) {
        ObjectNode body = upstreamBody(call, false);
        String vendor = call.vendor().name();
        return switch (VendorHttp.sendForJson(client(call), request(call, body), vendor, HttpFailures::fromStatus)) {
            case VendorHttp.JsonAnswer.Failed failed -> new VendorResult.Failed(failed.failure());
            case VendorHttp.JsonAnswer.Parsed(JsonNode completion) -> {
                if (!(completion instanceof ObjectNode object) || !completion.path("choices").isArray()) {
                    yield new VendorResult.Failed(HttpFailures.malformed(vendor, "no choices"));
                }
                yield new VendorResult.Completed(object, OpenAiUsage.parse(completion.path("usage")));
            }
        };
    }

    @Override
    public VendorResult embed(VendorCall call) {
        ObjectNode body = call.request().deepCopy();
        body.put("model", call.model().upstream());
        String vendor = call.vendor().name();
        HttpRequest request = post(call, "/embeddings", body, "application/json", timeouts(call).total());
        return switch (VendorHttp.sendForJson(client(call), request, vendor, HttpFailures::fromStatus)) {
            case VendorHttp.JsonAnswer.Failed failed -> new VendorResult.Failed(failed.failure());
            case VendorHttp.JsonAnswer.Parsed(JsonNode embeddings) -> {
                if (!(embeddings instanceof ObjectNode object) || !embeddings.path("data").isArray()) {
                    yield new VendorResult.Failed(HttpFailures.malformed(vendor, "no data"));
                }
                long prompt = embeddings.path("usage").path("prompt_tokens").asLong(0);
                yield new VendorResult.Completed(object, new TokenUsage(prompt, 0, 0, 0, 0));
            }
        };
    }

    @Override
    public StreamOutcome stream(VendorCall call, ChunkConsumer consumer) {
        ObjectNode body = upstreamBody(call, true);
        return switch (VendorHttp.openStream(client(call), request(call, body), call.vendor().name(), HttpFailures::fromStatus)) {
            case VendorHttp.StreamStart.Failed failed -> new StreamOutcome.FailedBeforeFirstChunk(failed.failure());
            case VendorHttp.StreamStart.Opened(var response) ->
                    new StreamRead(call, consumer).readAll(StreamDeadline.guard(response.body(), timeouts(call).total()));
        };
    }

    /** State of one stream being relayed: what has been generated, for metering if it ends early. */
    private static final class StreamRead {
        private final VendorCall call;
        private final ChunkDelivery delivery;
        private long generatedChars;
        private TokenUsage reported;

        StreamRead(VendorCall call, ChunkConsumer consumer) {
            this.call = call;
            this.delivery = new ChunkDelivery(consumer);
        }

        StreamOutcome readAll(InputStream in) {
            try (SseReader reader = new SseReader(in)) {
                Optional<SseReader.Event> event;
                while ((event = reader.next()).isPresent()) {
                    String data = event.get().data();
                    if ("[DONE]".equals(data.trim())) {
                        return finished();
                    }
                    JsonNode chunk;
                    try {
                        chunk = Json.MAPPER.readTree(data);
                    } catch (JsonProcessingException e) {
                        return failed(HttpFailures.malformed(call.vendor().name(), "invalid JSON in stream"));
                    }
                    if (chunk.has("error")) {
                        return failed(VendorFailure.of(VendorFailure.Kind.SERVER_ERROR, 200,
                                call.vendor().name() + " reported an error mid-stream: " + chunk.path("error").path("message").asText("unknown")));
                    }
                    if (!(chunk instanceof ObjectNode object)) {
                        return failed(HttpFailures.malformed(call.vendor().name(), "stream event is not an object"));
                    }
                    if (chunk.hasNonNull("usage")) {
                        reported = OpenAiUsage.parse(chunk.get("usage"));
                    }
                    for (JsonNode choice : chunk.path("choices")) {
                        JsonNode delta = choice.path("delta");
                        generatedChars += delta.path("content").asText("").length()
                                + delta.path("reasoning_content").asText("").length();
                        for (JsonNode tool : delta.path("tool_calls")) {
                            generatedChars += tool.path("function").path("arguments").asText("").length();
                        }
                    }
                    try {
                        delivery.deliver(object);
                    } catch (ChunkDelivery.ClientGoneSignal gone) {
                        return new StreamOutcome.ClientGone(usageSoFar(), delivery.firstChunkNanos());
                    }
                }
                // the connection closed without [DONE]
                return reported != null && delivery.started() ? finished()
                        : failed(VendorFailure.of(VendorFailure.Kind.CONNECTION, 200, call.vendor().name() + " stream ended unexpectedly"));
            } catch (IOException e) {
                return failed(HttpFailures.fromException(call.vendor().name(), e));
            }
        }

        private StreamOutcome finished() {
            return new StreamOutcome.Finished(usageSoFar(), delivery.firstChunkNanos());
        }

        private StreamOutcome failed(VendorFailure failure) {
            return delivery.started() ? new StreamOutcome.FailedMidStream(failure, usageSoFar(), delivery.firstChunkNanos())
                    : new StreamOutcome.FailedBeforeFirstChunk(failure);
        }

        /** The vendor's figures when it sent them; otherwise an estimate, so a cut stream is not billed at $0. */
        private TokenUsage usageSoFar() {
            if (reported != null) {
                return reported;
            }
            long prompt = TokenEstimate.ofChars(call.request().path("messages").toString().length());
            return new TokenUsage(prompt, 0, 0, TokenEstimate.ofChars(generatedChars), 0);
        }
    }

    private HttpRequest request(VendorCall call, ObjectNode body) {
        boolean stream = body.path("stream").asBoolean(false);
        return post(call, "/chat/completions", body, stream ? "text/event-stream" : "application/json", timeouts(call).requestTimeout(stream));
    }

    private HttpRequest post(VendorCall call, String path, ObjectNode body, String accept, java.time.Duration timeout) {
        URI uri = URI.create(stripTrailingSlash(call.vendor().baseUrl().toString()) + path);
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + call.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    /**
     * Fields OpenAI-format vendors do not have. {@code top_k} is an Anthropic/Gemini sampling knob that
     * OpenAI's API lacks: refused rather than dropped, so the client learns its setting is not applied.
     */
    @Override
    public List<String> unsupportedParameters(ObjectNode request) {
        JsonNode topK = request.get("top_k");
        return topK != null && !topK.isNull() ? List.of("top_k") : List.of();
    }

    /** OpenAI's reasoning_effort for an Anthropic-shaped thinking budget: below 2048 low, below 8192 medium, else high. */
    static String effortFor(int budgetTokens) {
        return budgetTokens < 2048 ? "low" : budgetTokens < 8192 ? "medium" : "high";
    }

    static ObjectNode upstreamBody(VendorCall call, boolean stream) {
        ObjectNode body = call.request().deepCopy();
        body.put("model", call.model().upstream());
        // gateway-only fields and the normal form's extensions never go upstream
        body.remove("models");
        JsonNode thinking = body.remove("thinking");
        body.remove("top_k"); // refused by unsupportedParameters; never sent if the core did not ask
        if (thinking != null && "enabled".equals(thinking.path("type").asText()) && !body.hasNonNull("reasoning_effort")
                && call.model().supports("reasoning") && thinking.path("budget_tokens").canConvertToInt()) {
            body.put("reasoning_effort", effortFor(thinking.path("budget_tokens").asInt()));
        }
        for (JsonNode message : body.path("messages")) {
            if (message instanceof ObjectNode m) {
                m.remove("thinking_blocks"); // Claude's signed thinking means nothing to another vendor
                for (JsonNode part : m.path("content")) {
                    if (part instanceof ObjectNode p) {
                        p.remove("cache_control"); // Anthropic's prompt-cache breakpoints; OpenAI caches by itself
                    }
                }
            }
        }
        if (stream) {
            body.put("stream", true);
            // always ask for usage, so streamed calls are metered even when the client did not ask
            body.putObject("stream_options").put("include_usage", true);
        } else {
            body.remove("stream");
            body.remove("stream_options");
        }
        return body;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
