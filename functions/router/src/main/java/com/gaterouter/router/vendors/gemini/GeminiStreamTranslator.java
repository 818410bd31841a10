package com.gaterouter.router.vendors.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.vendors.ChatChunks;
import com.gaterouter.router.vendors.ChunkConsumer;
import com.gaterouter.router.vendors.ChunkDelivery;
import com.gaterouter.router.vendors.ChunkDelivery.ClientGoneSignal;
import com.gaterouter.router.vendors.HttpFailures;
import com.gaterouter.router.vendors.SseReader;
import com.gaterouter.router.vendors.StreamOutcome;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * One Gemini SSE stream ({@code alt=sse}) relayed as OpenAI chunks. Gemini has no terminal event:
 * each frame is a whole GenerateContentResponse, the last one carries {@code finishReason}, and the
 * server then closes the connection. So the finish and usage chunks are sent when the stream ends
 * after a finishReason; an end without one is a cut.
 */
final class GeminiStreamTranslator {

    private final VendorCall call;
    private final ChunkDelivery delivery;
    private final String vendor;
    private final long created = Instant.now().getEpochSecond();
    private String id;
    private long generatedChars;
    private int toolCalls;
    private JsonNode lastUsage;
    private String finishReason;
    /** Thought parts are relayed as reasoning_content deltas (the client's thinking asked for them). */
    private final boolean showThoughts;

    GeminiStreamTranslator(VendorCall call, ChunkConsumer consumer) {
        this.call = call;
        this.showThoughts = GeminiRequestTranslator.showsThoughts(call.model(), call.request());
        this.delivery = new ChunkDelivery(consumer);
        this.vendor = call.vendor().name();
    }

    StreamOutcome readAll(InputStream in) {
        try (SseReader reader = new SseReader(in)) {
            try {
                Optional<SseReader.Event> event;
                while ((event = reader.next()).isPresent()) {
                    Optional<VendorFailure> failure = frame(event.get().data().trim());
                    if (failure.isPresent()) {
                        return failed(failure.get());
                    }
                }
            } catch (IOException broken) {
                // after the finishing frame nothing is lost: only the close went wrong
                if (finishReason == null) {
                    return failed(HttpFailures.fromException(vendor, broken));
                }
            }
            if (finishReason == null) {
                return failed(VendorFailure.of(VendorFailure.Kind.CONNECTION, 200, vendor + " stream ended before the model finished"));
            }
            return finish();
        } catch (ClientGoneSignal gone) {
            return new StreamOutcome.ClientGone(usageSoFar(), delivery.firstChunkNanos());
        } catch (IOException closing) {
            // closing the body failed; what was read stands
            return finishReason == null
                    ? failed(HttpFailures.fromException(vendor, closing))
                    : new StreamOutcome.Finished(usageSoFar(), delivery.firstChunkNanos());
        }
    }

    /** Relays one frame; a failure when the frame is an error, malformed, or a blocked prompt. */
    private Optional<VendorFailure> frame(String data) throws ClientGoneSignal {
        if (data.isEmpty() || data.equals("[DONE]")) {
            return Optional.empty(); // Gemini sends no [DONE]; tolerate proxies that add one
        }
        JsonNode frame;
        try {
            frame = Json.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            return Optional.of(HttpFailures.malformed(vendor, "invalid JSON in stream"));
        }
        if (frame == null || !frame.isObject()) {
            return Optional.of(HttpFailures.malformed(vendor, "stream event is not an object"));
        }
        if (frame.has("error")) {
            return Optional.of(GeminiFailures.fromStreamError(vendor, frame.get("error")));
        }
        Optional<VendorFailure> blocked = GeminiResponseTranslator.blocked(vendor, frame);
        if (blocked.isPresent()) {
            return blocked;
        }
        if (id == null && frame.path("responseId").isTextual()) {
            id = frame.get("responseId").asText();
        }
        if (frame.path("usageMetadata").isObject()) {
            lastUsage = frame.get("usageMetadata");
        }
        JsonNode first = null;
        for (JsonNode c : frame.path("candidates")) {
            if (c.path("index").asInt(0) == 0) {
                first = c; // n > 1 is refused for streams, so only candidate 0 exists
                break;
            }
        }
        if (first == null) {
            return Optional.empty(); // a usage-only frame
        }
        if (finishReason != null) {
            return Optional.empty(); // nothing may follow the finish; a trailing frame only updates usage
        }
        GeminiResponseTranslator.Candidate candidate = GeminiResponseTranslator.candidate(first);
        generatedChars += candidate.text().length() + candidate.thoughtChars();
        if (!delivery.started()) {
            ObjectNode role = chunk();
            role.putArray("choices").addObject().put("index", 0).set("delta",
                    Json.MAPPER.createObjectNode().put("role", "assistant").put("content", ""));
            finishReasonNull(role);
            delivery.deliver(role);
        }
        if (showThoughts && !candidate.reasoning().isEmpty()) {
            ObjectNode chunk = chunk();
            chunk.putArray("choices").addObject().put("index", 0).putObject("delta").put("reasoning_content", candidate.reasoning());
            finishReasonNull(chunk);
            delivery.deliver(chunk);
        }
        if (!candidate.text().isEmpty() || !candidate.calls().isEmpty()) {
            ObjectNode chunk = chunk();
            ObjectNode delta = chunk.putArray("choices").addObject().put("index", 0).putObject("delta");
            if (!candidate.text().isEmpty()) {
                delta.put("content", candidate.text());
            }
            if (!candidate.calls().isEmpty()) {
                var calls = delta.putArray("tool_calls");
                for (ObjectNode call : candidate.calls()) {
                    // Gemini sends each call whole: one delta carries id, name and all arguments
                    ObjectNode indexed = Json.MAPPER.createObjectNode().put("index", toolCalls++);
                    indexed.setAll(call);
                    calls.add(indexed);
                    generatedChars += call.path("function").path("arguments").asText().length();
                }
            }
            finishReasonNull(chunk);
            delivery.deliver(chunk);
        }
        if (candidate.finishReason() != null) {
            finishReason = candidate.finishReason();
        }
        return Optional.empty();
    }

    /** The finish chunk, then the usage chunk (when Gemini reported usage), as the VendorClient contract orders them. */
    private StreamOutcome finish() throws ClientGoneSignal {
        ObjectNode done = chunk();
        done.putArray("choices").addObject().put("index", 0).set("delta", Json.MAPPER.createObjectNode());
        ((ObjectNode) done.get("choices").get(0)).putNull("logprobs")
                .put("finish_reason", GeminiResponseTranslator.finishReason(finishReason, toolCalls > 0));
        delivery.deliver(done);
        TokenUsage usage = usageSoFar();
        if (lastUsage != null) {
            ObjectNode usageChunk = chunk();
            usageChunk.putArray("choices");
            usageChunk.set("usage", GeminiResponseTranslator.usageJson(usage, lastUsage));
            delivery.deliver(usageChunk);
        }
        return new StreamOutcome.Finished(usage, delivery.firstChunkNanos());
    }

    private StreamOutcome failed(VendorFailure failure) {
        return delivery.started() ? new StreamOutcome.FailedMidStream(failure, usageSoFar(), delivery.firstChunkNanos())
                : new StreamOutcome.FailedBeforeFirstChunk(failure);
    }

    /**
     * Gemini's last figures; where they lack a side (no usage yet, or none counted for output that
     * was streamed) the estimate fills it, so a cut stream is never metered at $0.
     */
    TokenUsage usageSoFar() {
        TokenUsage estimate = GeminiResponseTranslator.estimate(call, generatedChars);
        if (lastUsage == null) {
            return estimate;
        }
        TokenUsage reported = GeminiResponseTranslator.usage(lastUsage);
        boolean promptMissing = reported.promptTokens() == 0;
        boolean completionMissing = reported.completionTokens() == 0 && generatedChars > 0;
        if (!promptMissing && !completionMissing) {
            return reported;
        }
        return new TokenUsage(
                promptMissing ? estimate.promptTokens() : reported.promptTokens(),
                promptMissing ? 0 : reported.cachedPromptTokens(), 0,
                completionMissing ? estimate.completionTokens() : reported.completionTokens(),
                completionMissing ? 0 : reported.reasoningTokens());
    }

    private ObjectNode chunk() {
        if (id == null) {
            id = GeminiResponseTranslator.newId("chatcmpl-");
        }
        return ChatChunks.chunk(id, created, call.model().upstream());
    }

    private static void finishReasonNull(ObjectNode chunk) {
        ((ObjectNode) chunk.get("choices").get(0)).putNull("logprobs").putNull("finish_reason");
    }
}
