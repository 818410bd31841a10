package com.gaterouter.router.vendors.anthropic;

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
import com.gaterouter.router.vendors.TokenEstimate;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Anthropic SSE stream relayed as OpenAI {@code chat.completion.chunk}s, in the order the
 * {@code VendorClient} contract asks: role, content / tool-call deltas, finish, usage.
 *
 * <p>Thinking blocks stream as {@code reasoning_content} deltas, each closed by a
 * {@code thinking_blocks} delta carrying its signature; a redacted block is one {@code thinking_blocks}
 * delta. When the request's {@code json_schema} was sent as a forced tool, that tool's input streams
 * as {@code content}.
 *
 * <p>The role chunk is held back until the first event that carries something for the client
 * (thinking, text, a tool call, the finish). Anthropic sends {@code message_start} at once and reports
 * overload as an {@code error} event right after it; holding the role back keeps such a failure
 * {@link StreamOutcome.FailedBeforeFirstChunk}, so the core can still retry or fall back.
 *
 * <p>Single use, one thread.
 */
final class AnthropicStreamTranslator {

    private static final int MAX_MESSAGE = 300;

    private final VendorCall call;
    private final ChunkDelivery delivery;
    private final String vendor;
    private final long created = Instant.now().getEpochSecond();
    /** Anthropic content-block index → OpenAI tool_calls index (tool_use blocks only, numbered from 0). */
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    /** The forced tool carrying a json_schema answer, if the request was translated that way. */
    private final Optional<String> jsonTool;
    /** Content-block indexes of that tool's blocks: their input JSON is streamed as content. */
    private final Set<Integer> jsonBlocks = new HashSet<>();
    /** Thinking blocks whose signature came with content_block_start, sent at the block's end. */
    private final Map<Integer, String> pendingSignatures = new HashMap<>();

    private String id;
    private String model;
    private boolean inputReported;
    private long inputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private boolean outputReported;
    private long outputTokens;
    private boolean finishSent;

    /** Generated text, tool arguments and thinking: the output estimate if the stream stops before its usage. */
    private long generatedChars;

    AnthropicStreamTranslator(VendorCall call, ChunkConsumer consumer) {
        this.call = call;
        this.delivery = new ChunkDelivery(consumer);
        this.vendor = call.vendor().name();
        this.model = call.model().upstream();
        this.jsonTool = AnthropicRequestTranslator.jsonResponseTool(call.request(), call.model());
    }

    /** Reads the stream to its end (or the first failure) and closes it. */
    StreamOutcome readAll(InputStream in) {
        try (SseReader reader = new SseReader(in)) {
            Optional<SseReader.Event> next;
            while ((next = reader.next()).isPresent()) {
                JsonNode data;
                try {
                    data = Json.MAPPER.readTree(next.get().data());
                } catch (JsonProcessingException e) {
                    return failed(HttpFailures.malformed(vendor, "invalid JSON in stream"));
                }
                if (data == null || !data.isObject()) {
                    return failed(HttpFailures.malformed(vendor, "stream event is not an object"));
                }
                // Anthropic names every event and repeats the name as "type"; trust either
                String type = "message".equals(next.get().name()) ? data.path("type").asText("") : next.get().name();
                try {
                    switch (type) {
                        case "message_start" -> onMessageStart(data.path("message"));
                        case "content_block_start" -> onBlockStart(data.path("index").asInt(-1), data.path("content_block"));
                        case "content_block_delta" -> onBlockDelta(data.path("index").asInt(-1), data.path("delta"));
                        case "content_block_stop" -> onBlockStop(data.path("index").asInt(-1));
                        case "message_delta" -> onMessageDelta(data);
                        case "message_stop" -> {
                            onMessageStop();
                            return new StreamOutcome.Finished(usageSoFar(), delivery.firstChunkNanos());
                        }
                        case "error" -> {
                            return failed(streamError(data.path("error")));
                        }
                        default -> {
                            // ping, and event types Anthropic may add (its versioning policy allows it)
                        }
                    }
                } catch (AnthropicResponseTranslator.MalformedAnswer e) {
                    return failed(HttpFailures.malformed(vendor, "stream " + e.getMessage()));
                }
            }
            return failed(VendorFailure.of(VendorFailure.Kind.CONNECTION, 200, vendor + " stream ended before message_stop"));
        } catch (ClientGoneSignal gone) {
            return new StreamOutcome.ClientGone(usageSoFar(), delivery.firstChunkNanos());
        } catch (IOException e) {
            return failed(HttpFailures.fromException(vendor, e));
        }
    }

    // ---------------------------------------------------------------- events

    private void onMessageStart(JsonNode message) {
        id = message.path("id").asText(null);
        model = message.path("model").asText(model);
        if (message.path("usage").isObject()) {
            // output_tokens here is a placeholder (1); the real figure comes with message_delta
            TokenUsage usage = AnthropicResponseTranslator.usage(message.get("usage"));
            inputTokens = usage.uncachedPromptTokens();
            cacheReadTokens = usage.cachedPromptTokens();
            cacheWriteTokens = usage.cacheWriteTokens();
            inputReported = true;
        }
    }

    private void onBlockStart(int index, JsonNode block) throws ClientGoneSignal {
        switch (block.path("type").asText("")) {
            case "text" -> {
                String text = block.path("text").asText("");
                if (!text.isEmpty()) { // always "" in practice; relay it if not
                    generatedChars += text.length();
                    emit(contentDelta(text));
                }
            }
            case "tool_use" -> {
                if (jsonTool.isPresent() && jsonTool.get().equals(block.path("name").asText(""))) {
                    jsonBlocks.add(index); // the structured answer: its input arrives as content
                    return;
                }
                int toolIndex = toolIndexByBlock.size();
                toolIndexByBlock.put(index, toolIndex);
                ObjectNode delta = Json.MAPPER.createObjectNode();
                ObjectNode call = delta.putArray("tool_calls").addObject()
                        .put("index", toolIndex).put("id", block.path("id").asText("")).put("type", "function");
                String name = block.path("name").asText("");
                generatedChars += name.length();
                call.putObject("function").put("name", name).put("arguments", "");
                emit(delta);
            }
            case "thinking" -> {
                String thinking = block.path("thinking").asText("");
                if (!thinking.isEmpty()) { // always "" in practice
                    generatedChars += thinking.length();
                    emit(reasoningDelta(thinking));
                }
                String signature = block.path("signature").asText("");
                if (!signature.isEmpty()) {
                    pendingSignatures.put(index, signature);
                }
            }
            case "redacted_thinking" -> {
                ObjectNode delta = Json.MAPPER.createObjectNode();
                delta.putArray("thinking_blocks").addObject().put("type", "redacted_thinking").put("data", block.path("data").asText(""));
                emit(delta);
            }
            default -> {
                // server tool blocks: not shown to the client
            }
        }
    }

    private void onBlockStop(int index) throws ClientGoneSignal {
        String signature = pendingSignatures.remove(index);
        if (signature != null) {
            emit(signatureDelta(signature));
        }
    }

    private void onBlockDelta(int index, JsonNode delta) throws ClientGoneSignal {
        switch (delta.path("type").asText("")) {
            case "text_delta" -> {
                String text = delta.path("text").asText("");
                if (!text.isEmpty()) {
                    generatedChars += text.length();
                    emit(contentDelta(text));
                }
            }
            case "input_json_delta" -> {
                Integer toolIndex = toolIndexByBlock.get(index);
                String fragment = delta.path("partial_json").asText("");
                generatedChars += fragment.length();
                if (jsonBlocks.contains(index) && !fragment.isEmpty()) {
                    emit(contentDelta(fragment));
                } else if (toolIndex != null && !fragment.isEmpty()) {
                    ObjectNode out = Json.MAPPER.createObjectNode();
                    out.putArray("tool_calls").addObject().put("index", toolIndex)
                            .putObject("function").put("arguments", fragment);
                    emit(out);
                }
            }
            case "thinking_delta" -> {
                String thinking = delta.path("thinking").asText("");
                if (!thinking.isEmpty()) {
                    generatedChars += thinking.length();
                    emit(reasoningDelta(thinking));
                }
            }
            case "signature_delta" -> {
                String signature = delta.path("signature").asText("");
                if (!signature.isEmpty()) {
                    pendingSignatures.remove(index);
                    emit(signatureDelta(signature));
                }
            }
            default -> {
                // citations_delta, …
            }
        }
    }

    private void onMessageDelta(JsonNode data) throws ClientGoneSignal {
        JsonNode usage = data.path("usage");
        if (usage.isObject()) {
            if (usage.hasNonNull("output_tokens")) {
                outputTokens = AnthropicResponseTranslator.usage(usage).completionTokens();
                outputReported = true;
            }
            // newer API revisions repeat (cumulative) input figures here; they supersede message_start's
            if (usage.hasNonNull("input_tokens")) {
                TokenUsage folded = AnthropicResponseTranslator.usage(usage);
                inputTokens = folded.uncachedPromptTokens();
                cacheReadTokens = usage.hasNonNull("cache_read_input_tokens") ? folded.cachedPromptTokens() : cacheReadTokens;
                cacheWriteTokens = usage.hasNonNull("cache_creation_input_tokens") ? folded.cacheWriteTokens() : cacheWriteTokens;
                inputReported = true;
            }
        }
        String finish = AnthropicResponseTranslator.finishReason(data.path("delta").path("stop_reason").asText(null));
        if ("tool_calls".equals(finish) && !jsonBlocks.isEmpty() && toolIndexByBlock.isEmpty()) {
            finish = "stop"; // the forced tool call was the answer itself
        }
        if (finish != null && !finishSent) {
            emitFinish(finish);
        }
    }

    private void onMessageStop() throws ClientGoneSignal {
        if (!finishSent) {
            emitFinish("stop"); // message_delta never came: still close the choice as the contract promises
        }
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        chunk.set("usage", AnthropicResponseTranslator.openAiUsage(usageSoFar()));
        delivery.deliver(chunk);
    }

    /** Anthropic's in-stream error types, as the failure the same error would be as an HTTP status. */
    private VendorFailure streamError(JsonNode error) {
        String type = error.path("type").asText("api_error");
        VendorFailure.Kind kind;
        int status;
        switch (type) {
            case "overloaded_error" -> { kind = VendorFailure.Kind.SERVER_ERROR; status = 529; }
            case "rate_limit_error" -> { kind = VendorFailure.Kind.RATE_LIMITED; status = 429; }
            case "timeout_error" -> { kind = VendorFailure.Kind.TIMEOUT; status = 504; }
            case "authentication_error" -> { kind = VendorFailure.Kind.UNAUTHORIZED; status = 401; }
            case "permission_error" -> { kind = VendorFailure.Kind.UNAUTHORIZED; status = 403; }
            case "invalid_request_error" -> { kind = HttpFailures.requestError(type, error.path("message").asText("")); status = 400; }
            case "not_found_error" -> { kind = VendorFailure.Kind.NOT_FOUND; status = 404; }
            case "request_too_large" -> { kind = VendorFailure.Kind.BAD_REQUEST; status = 413; }
            case "billing_error" -> { kind = VendorFailure.Kind.QUOTA_EXHAUSTED; status = 402; }
            default -> { kind = VendorFailure.Kind.SERVER_ERROR; status = 500; } // api_error and unknown types
        }
        String message = error.path("message").asText("");
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return VendorFailure.of(kind, status, vendor + " reported " + type + " in the stream" + (message.isEmpty() ? "" : ": " + message));
    }

    // ---------------------------------------------------------------- chunks

    private ObjectNode chunk() {
        return ChatChunks.chunk(id != null ? id : "chatcmpl-" + call.requestId(), created, model);
    }

    private static ObjectNode contentDelta(String text) {
        return Json.MAPPER.createObjectNode().put("content", text);
    }

    private static ObjectNode reasoningDelta(String text) {
        return Json.MAPPER.createObjectNode().put("reasoning_content", text);
    }

    /** The end of a thinking block: its signature, on an empty block the client appends to the reasoning so far. */
    private static ObjectNode signatureDelta(String signature) {
        ObjectNode delta = Json.MAPPER.createObjectNode();
        delta.putArray("thinking_blocks").addObject().put("type", "thinking").put("thinking", "").put("signature", signature);
        return delta;
    }

    private void emitFinish(String finish) throws ClientGoneSignal {
        finishSent = true;
        emitChoice(Json.MAPPER.createObjectNode(), finish);
    }

    /** A content or tool-call delta, preceded by the role chunk the first time. */
    private void emit(ObjectNode delta) throws ClientGoneSignal {
        emitChoice(delta, null);
    }

    private void emitChoice(ObjectNode delta, String finish) throws ClientGoneSignal {
        if (!delivery.started()) {
            ObjectNode role = Json.MAPPER.createObjectNode().put("role", "assistant");
            if (delta.has("tool_calls")) {
                role.putNull("content"); // as OpenAI starts a tool-call turn
            } else {
                role.put("content", "");
            }
            delivery.deliver(choiceChunk(role, null));
        }
        delivery.deliver(choiceChunk(delta, finish));
    }

    private ObjectNode choiceChunk(ObjectNode delta, String finish) {
        return ChatChunks.withChoice(chunk(), delta, finish);
    }

    // ---------------------------------------------------------------- outcome

    private StreamOutcome failed(VendorFailure failure) {
        return delivery.started() ? new StreamOutcome.FailedMidStream(failure, usageSoFar(), delivery.firstChunkNanos())
                : new StreamOutcome.FailedBeforeFirstChunk(failure);
    }

    /**
     * What the vendor reported, completed by estimates where the stream stopped early: Anthropic's
     * input figures arrive with message_start, the output count only with message_delta, so a cut
     * stream bills the reported input and the output estimated from what was generated — never $0.
     */
    private TokenUsage usageSoFar() {
        long output = outputReported ? outputTokens : TokenEstimate.ofChars(generatedChars);
        if (!inputReported) {
            long prompt = TokenEstimate.ofChars(call.request().path("messages").toString().length());
            return new TokenUsage(prompt, 0, 0, output, 0);
        }
        return new TokenUsage(inputTokens + cacheReadTokens + cacheWriteTokens, cacheReadTokens, cacheWriteTokens, output, 0);
    }
}
