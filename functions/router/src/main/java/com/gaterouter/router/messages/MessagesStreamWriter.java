package com.gaterouter.router.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.lifecycle.Endpoint;
import com.gaterouter.router.vendors.OpenAiUsage;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * One stream of normal-form chunks ({@code chat.completion.chunk}, see {@code VendorClient}) written as Anthropic's
 * Messages event grammar: {@code message_start}, {@code ping}, then per content block {@code content_block_start},
 * its deltas and {@code content_block_stop}, then {@code message_delta} (stop reason and final usage) and
 * {@code message_stop}; a failure after the first event ends it with an {@code error} event. Nothing of OpenAI's
 * ({@code [DONE]}, unnamed events) is written.
 *
 * <p>Blocks are numbered from 0 in the order they start; a new block starts when the kind of delta changes:
 * {@code reasoning_content} → a thinking block ({@code thinking_delta}), ended by a {@code thinking_blocks} entry
 * carrying its signature ({@code signature_delta}); a redacted thinking entry → a {@code redacted_thinking} block of
 * its own; {@code content} → a text block ({@code text_delta}); a tool-call delta with an id or a name → a
 * {@code tool_use} block, whose arguments follow as {@code input_json_delta}s. The adapters send a tool call's
 * pieces in order, one call after another, so a piece for a call other than the open block's is dropped (it could
 * not be written after its block stopped).
 *
 * <p>{@code message_start} carries the gateway's estimate of the input tokens (the vendor's count is not known
 * until the end); {@code message_delta} carries the vendor's final counts, when the usage chunk arrives — or at the
 * end, with zeros beyond the estimate, if a stream never reported usage. One writer per stream; not thread-safe.
 */
public final class MessagesStreamWriter implements Endpoint.StreamWriter {

    private enum Kind { NONE, THINKING, REDACTED_THINKING, TEXT, TOOL_USE }

    private final String messageId;
    private final Supplier<String> model;
    private final long inputEstimate;
    private final String requestId;

    private boolean started;
    private boolean delivered;
    private Kind open = Kind.NONE;
    private int blocks;
    /** The OpenAI tool_calls index of the open tool_use block. */
    private int openToolIndex = -1;
    private String openToolId = "";
    private boolean toolCalls;
    private String finishReason;

    /**
     * @param messageId     the message's id ({@code msg_…})
     * @param model         the model to name, read at the first event (a fallback may change it until then)
     * @param inputEstimate the input tokens {@code message_start} announces
     * @param requestId     the request id an {@code error} event carries
     */
    public MessagesStreamWriter(String messageId, Supplier<String> model, long inputEstimate, String requestId) {
        this.messageId = messageId;
        this.model = model;
        this.inputEstimate = Math.max(0, inputEstimate);
        this.requestId = requestId;
    }

    @Override
    public void chunk(ObjectNode chunk, SseSink out) throws IOException {
        start(out);
        for (JsonNode choice : chunk.path("choices")) {
            delta(choice.path("delta"), out);
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isTextual()) {
                finishReason = finish.asText();
            }
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject() && !delivered) {
            closeBlock(out);
            messageDelta(OpenAiUsage.parse(usage), out);
        }
    }

    @Override
    public void end(SseSink out) throws IOException {
        start(out);
        if (!delivered) {
            closeBlock(out);
            messageDelta(new TokenUsage(inputEstimate, 0, 0, 0, 0), out);
        }
        out.event("message_stop", Json.MAPPER.createObjectNode().put("type", "message_stop").toString());
    }

    @Override
    public void error(ApiError error, SseSink out) throws IOException {
        out.event("error", AnthropicErrors.body(error, requestId).toString());
    }

    private void start(SseSink out) throws IOException {
        if (started) {
            return;
        }
        started = true;
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", "message_start");
        ObjectNode message = event.putObject("message").put("id", messageId).put("type", "message").put("role", "assistant")
                .put("model", model.get());
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", MessagesResponseTranslator.usage(new TokenUsage(inputEstimate, 0, 0, 0, 0)));
        out.event("message_start", event.toString());
        out.event("ping", Json.MAPPER.createObjectNode().put("type", "ping").toString());
    }

    private void delta(JsonNode delta, SseSink out) throws IOException {
        String reasoning = delta.path("reasoning_content").asText("");
        if (!reasoning.isEmpty()) {
            open(Kind.THINKING, out);
            blockDelta(out, Json.MAPPER.createObjectNode().put("type", "thinking_delta").put("thinking", reasoning));
        }
        for (JsonNode entry : delta.path("thinking_blocks")) {
            thinkingEntry(entry, out);
        }
        String text = delta.path("content").asText("");
        if (!text.isEmpty()) {
            open(Kind.TEXT, out);
            blockDelta(out, Json.MAPPER.createObjectNode().put("type", "text_delta").put("text", text));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            toolCall(call, out);
        }
    }

    /** A signature ends the thinking block it belongs to; a redacted block is whole in one entry. */
    private void thinkingEntry(JsonNode entry, SseSink out) throws IOException {
        if ("redacted_thinking".equals(entry.path("type").asText())) {
            closeBlock(out);
            ObjectNode block = Json.MAPPER.createObjectNode().put("type", "redacted_thinking").put("data", entry.path("data").asText(""));
            startBlock(block, Kind.REDACTED_THINKING, out);
            closeBlock(out);
            return;
        }
        String thinking = entry.path("thinking").asText("");
        String signature = entry.path("signature").asText("");
        if (!thinking.isEmpty()) {
            open(Kind.THINKING, out);
            blockDelta(out, Json.MAPPER.createObjectNode().put("type", "thinking_delta").put("thinking", thinking));
        }
        if (!signature.isEmpty()) {
            open(Kind.THINKING, out);
            blockDelta(out, Json.MAPPER.createObjectNode().put("type", "signature_delta").put("signature", signature));
            closeBlock(out);
        }
    }

    private void toolCall(JsonNode call, SseSink out) throws IOException {
        int index = call.path("index").asInt(0);
        String id = call.path("id").asText("");
        String name = call.path("function").path("name").asText("");
        boolean sameCall = open == Kind.TOOL_USE && openToolIndex == index && (id.isEmpty() || id.equals(openToolId));
        if ((!id.isEmpty() || !name.isEmpty()) && !sameCall) {
            closeBlock(out);
            ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", id).put("name", name);
            block.putObject("input");
            startBlock(block, Kind.TOOL_USE, out);
            openToolIndex = index;
            openToolId = id;
            toolCalls = true;
        }
        String arguments = call.path("function").path("arguments").asText("");
        if (!arguments.isEmpty() && open == Kind.TOOL_USE && openToolIndex == index) {
            blockDelta(out, Json.MAPPER.createObjectNode().put("type", "input_json_delta").put("partial_json", arguments));
        }
    }

    /** Continues the open block when it is of {@code kind}; otherwise closes it and starts one of {@code kind}. */
    private void open(Kind kind, SseSink out) throws IOException {
        if (open == kind) {
            return;
        }
        closeBlock(out);
        ObjectNode block = switch (kind) {
            case THINKING -> Json.MAPPER.createObjectNode().put("type", "thinking").put("thinking", "").put("signature", "");
            case TEXT -> Json.MAPPER.createObjectNode().put("type", "text").put("text", "");
            case TOOL_USE, REDACTED_THINKING, NONE -> throw new IllegalStateException(kind + " blocks start whole");
        };
        startBlock(block, kind, out);
    }

    private void startBlock(ObjectNode block, Kind kind, SseSink out) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", "content_block_start").put("index", blocks);
        event.set("content_block", block);
        out.event("content_block_start", event.toString());
        open = kind;
    }

    private void blockDelta(SseSink out, ObjectNode delta) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", blocks);
        event.set("delta", delta);
        out.event("content_block_delta", event.toString());
    }

    /** Stops the open block, if any: the next block gets the next index. */
    private void closeBlock(SseSink out) throws IOException {
        if (open == Kind.NONE) {
            return;
        }
        out.event("content_block_stop", Json.MAPPER.createObjectNode().put("type", "content_block_stop").put("index", blocks).toString());
        blocks++;
        open = Kind.NONE;
        openToolIndex = -1;
        openToolId = "";
    }

    private void messageDelta(TokenUsage usage, SseSink out) throws IOException {
        delivered = true;
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", "message_delta");
        String stopReason = MessagesResponseTranslator.stopReason(finishReason, toolCalls);
        event.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        ObjectNode counts = event.putObject("usage");
        counts.put("input_tokens", usage.uncachedPromptTokens());
        counts.put("cache_creation_input_tokens", usage.cacheWriteTokens());
        counts.put("cache_read_input_tokens", usage.cachedPromptTokens());
        counts.put("output_tokens", usage.completionTokens());
        out.event("message_delta", event.toString());
    }
}
