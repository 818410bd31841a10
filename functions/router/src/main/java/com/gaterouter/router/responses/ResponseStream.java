package com.gaterouter.router.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.SseSink;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.lifecycle.Endpoint;
import com.gaterouter.router.vendors.OpenAiUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One Responses stream: the normal form's {@code chat.completion.chunk}s as OpenAI's named events,
 * each {@code event: <type>} with {@code data: {"type":<type>,"sequence_number":n,…}}, n counting
 * from 0 by one. The stream opens with {@code response.created} and {@code response.in_progress};
 * each output item — reasoning (from {@code reasoning_content} deltas, as {@code reasoning_text}),
 * the assistant message (text, refusal), each function call — is added, filled by deltas and done
 * in turn (a new item closes the one before); the finish reason closes the last; at the end,
 * after the usage chunk, {@code response.completed} (or {@code response.incomplete} when the output
 * limit or a content filter cut it) carries the whole response with its usage. A failure after the
 * first chunk is one {@code error} event, and nothing follows. There is no {@code [DONE]}.
 *
 * <p>Stateful: one instance per stream. Pure apart from writing to the sink.
 */
final class ResponseStream implements Endpoint.StreamWriter {

    private final ResponsesRequest request;
    private final ResponseObjects.Ids ids;
    private final long createdAt;
    private final Supplier<String> model;
    private final ToLongFunction<TokenUsage> costMicros;
    private final LongSupplier epochSecondsNow;

    private int sequence;
    private ObjectNode envelope;
    /** Each output item as it is when done, in output order (an open item's entry is filled when it closes). */
    private final List<ObjectNode> output = new ArrayList<>();
    private Item open;
    /** The function call items by the chunk's tool call index. */
    private final Map<Integer, Call> calls = new HashMap<>();
    private String finishReason;
    private TokenUsage usage;

    /**
     * @param model           the served model's id, read when the stream starts (after any fallback)
     * @param costMicros      what the usage costs the caller
     * @param epochSecondsNow the clock for {@code completed_at}
     */
    ResponseStream(ResponsesRequest request, ResponseObjects.Ids ids, long createdAt, Supplier<String> model,
                   ToLongFunction<TokenUsage> costMicros, LongSupplier epochSecondsNow) {
        this.request = request;
        this.ids = ids;
        this.createdAt = createdAt;
        this.model = model;
        this.costMicros = costMicros;
        this.epochSecondsNow = epochSecondsNow;
    }

    @Override
    public void chunk(ObjectNode chunk, SseSink out) throws IOException {
        start(out);
        JsonNode usageNode = chunk.get("usage");
        if (usageNode != null && usageNode.isObject()) {
            usage = OpenAiUsage.parse(usageNode);
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (!choice.isObject()) {
            return;
        }
        JsonNode delta = choice.path("delta");
        String reasoning = text(delta.get("reasoning_content"));
        if (reasoning != null && !reasoning.isEmpty()) {
            (open instanceof Reasoning r ? r : open(new Reasoning(output.size()), out)).delta(reasoning, out);
        }
        String content = text(delta.get("content"));
        if (content != null && !content.isEmpty()) {
            message(out).delta(Part.Kind.TEXT, content, out);
        }
        String refusal = text(delta.get("refusal"));
        if (refusal != null && !refusal.isEmpty()) {
            message(out).delta(Part.Kind.REFUSAL, refusal, out);
        }
        for (JsonNode toolCall : delta.path("tool_calls")) {
            int index = toolCall.path("index").asInt(0);
            JsonNode function = toolCall.path("function");
            Call call = calls.get(index);
            if (call == null) {
                call = open(new Call(output.size(), toolCall.path("id").asText(""), function.path("name").asText("")), out);
                calls.put(index, call);
            }
            String arguments = text(function.get("arguments"));
            if (arguments != null && !arguments.isEmpty()) {
                call.delta(arguments, out);
            }
        }
        String finish = text(choice.get("finish_reason"));
        if (finish != null) {
            finishReason = finish;
            close(out);
        }
    }

    @Override
    public void end(SseSink out) throws IOException {
        start(out);
        close(out);
        String incomplete = ResponseObjects.incompleteReason(finishReason);
        ObjectNode response = envelope.deepCopy();
        ArrayNode items = (ArrayNode) response.get("output");
        output.forEach(items::add);
        ResponseObjects.finish(response, incomplete, epochSecondsNow.getAsLong());
        if (usage != null) {
            response.set("usage", ResponseObjects.usage(usage, costMicros.applyAsLong(usage)));
        }
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.set("response", response);
        emit(incomplete == null ? "response.completed" : "response.incomplete", event, out);
    }

    @Override
    public void error(ApiError error, SseSink out) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("code", error.code());
        event.put("message", error.message());
        event.put("param", error.param());
        emit("error", event, out);
    }

    // ---------------------------------------------------------------- events

    /** The opening events, once. */
    private void start(SseSink out) throws IOException {
        if (envelope != null) {
            return;
        }
        envelope = ResponseObjects.envelope(request, ids, createdAt, model.get(), "in_progress");
        for (String type : List.of("response.created", "response.in_progress")) {
            ObjectNode event = Json.MAPPER.createObjectNode();
            event.set("response", envelope.deepCopy());
            emit(type, event, out);
        }
    }

    /** Writes one event: its type and sequence number first, then {@code fields}. */
    private void emit(String type, ObjectNode fields, SseSink out) throws IOException {
        ObjectNode event = Json.MAPPER.createObjectNode().put("type", type).put("sequence_number", sequence++);
        event.setAll(fields);
        out.event(type, event.toString());
    }

    private <I extends Item> I open(I item, SseSink out) throws IOException {
        close(out);
        open = item;
        output.add(null);
        ObjectNode event = Json.MAPPER.createObjectNode().put("output_index", item.index);
        event.set("item", item.inProgress());
        emit("response.output_item.added", event, out);
        item.opened(out);
        return item;
    }

    private Message message(SseSink out) throws IOException {
        return open instanceof Message m ? m : open(new Message(output.size()), out);
    }

    /** Closes the open item, if any: its done events, and its final form in the output. */
    private void close(SseSink out) throws IOException {
        if (open == null) {
            return;
        }
        Item item = open;
        open = null;
        String status = ResponseObjects.incompleteReason(finishReason) == null ? "completed" : "incomplete";
        ObjectNode done = item.close(status, out);
        output.set(item.index, done);
        ObjectNode event = Json.MAPPER.createObjectNode().put("output_index", item.index);
        event.set("item", done);
        emit("response.output_item.done", event, out);
    }

    private ObjectNode at(Item item) {
        return Json.MAPPER.createObjectNode().put("item_id", item.id).put("output_index", item.index);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    // ---------------------------------------------------------------- items

    /** An output item being streamed. */
    private abstract sealed class Item permits Reasoning, Message, Call {
        final int index;
        final String id;

        Item(int index, String prefix) {
            this.index = index;
            this.id = ids.item(prefix, index);
        }

        /** The item as {@code response.output_item.added} shows it. */
        abstract ObjectNode inProgress();

        /** Events right after the item is added. */
        void opened(SseSink out) throws IOException {
        }

        /** Writes the item's closing events (before {@code output_item.done}) and returns its final form. */
        abstract ObjectNode close(String status, SseSink out) throws IOException;
    }

    /** The model's reasoning text, one {@code reasoning_text} part. */
    private final class Reasoning extends Item {
        private final StringBuilder text = new StringBuilder();

        Reasoning(int index) {
            super(index, "rs");
        }

        @Override
        ObjectNode inProgress() {
            return ResponseObjects.reasoning(id, null, "in_progress");
        }

        @Override
        void opened(SseSink out) throws IOException {
            ObjectNode event = at(this).put("content_index", 0);
            event.set("part", ResponseObjects.reasoningText(""));
            emit("response.content_part.added", event, out);
        }

        void delta(String piece, SseSink out) throws IOException {
            text.append(piece);
            emit("response.reasoning_text.delta", at(this).put("content_index", 0).put("delta", piece), out);
        }

        @Override
        ObjectNode close(String status, SseSink out) throws IOException {
            emit("response.reasoning_text.done", at(this).put("content_index", 0).put("text", text.toString()), out);
            ObjectNode event = at(this).put("content_index", 0);
            event.set("part", ResponseObjects.reasoningText(text.toString()));
            emit("response.content_part.done", event, out);
            return ResponseObjects.reasoning(id, text.toString(), status);
        }
    }

    /** One content part of the message: text or a refusal. */
    private record Part(Kind kind, StringBuilder text) {
        enum Kind { TEXT, REFUSAL }

        ObjectNode json() {
            return kind == Kind.TEXT ? ResponseObjects.outputText(text.toString()) : ResponseObjects.refusal(text.toString());
        }
    }

    /** The assistant's message: its parts in turn, a change of kind closing the part before. */
    private final class Message extends Item {
        private final List<Part> parts = new ArrayList<>();

        Message(int index) {
            super(index, "msg");
        }

        @Override
        ObjectNode inProgress() {
            return ResponseObjects.message(id, "in_progress");
        }

        void delta(Part.Kind kind, String piece, SseSink out) throws IOException {
            Part part = parts.isEmpty() ? null : parts.getLast();
            if (part == null || part.kind() != kind) {
                if (part != null) {
                    closePart(parts.size() - 1, out);
                }
                part = new Part(kind, new StringBuilder());
                parts.add(part);
                ObjectNode event = at(this).put("content_index", parts.size() - 1);
                event.set("part", part.json());
                emit("response.content_part.added", event, out);
            }
            part.text().append(piece);
            ObjectNode event = at(this).put("content_index", parts.size() - 1).put("delta", piece);
            if (kind == Part.Kind.TEXT) {
                event.putArray("logprobs");
                emit("response.output_text.delta", event, out);
            } else {
                emit("response.refusal.delta", event, out);
            }
        }

        private void closePart(int contentIndex, SseSink out) throws IOException {
            Part part = parts.get(contentIndex);
            ObjectNode done = at(this).put("content_index", contentIndex);
            if (part.kind() == Part.Kind.TEXT) {
                done.put("text", part.text().toString()).putArray("logprobs");
                emit("response.output_text.done", done, out);
            } else {
                emit("response.refusal.done", done.put("refusal", part.text().toString()), out);
            }
            ObjectNode event = at(this).put("content_index", contentIndex);
            event.set("part", part.json());
            emit("response.content_part.done", event, out);
        }

        @Override
        ObjectNode close(String status, SseSink out) throws IOException {
            if (!parts.isEmpty()) {
                closePart(parts.size() - 1, out);
            }
            ObjectNode item = ResponseObjects.message(id, status);
            ArrayNode content = (ArrayNode) item.get("content");
            parts.forEach(part -> content.add(part.json()));
            return item;
        }
    }

    /** One function call: its arguments streamed as they come. */
    private final class Call extends Item {
        private final String callId;
        private final String name;
        private final StringBuilder arguments = new StringBuilder();

        Call(int index, String callId, String name) {
            super(index, "fc");
            this.callId = callId;
            this.name = name;
        }

        @Override
        ObjectNode inProgress() {
            return ResponseObjects.functionCall(id, callId, name, "", "in_progress");
        }

        /** Arguments for this call; a late piece (after the call was closed by another item) is still sent. */
        void delta(String piece, SseSink out) throws IOException {
            arguments.append(piece);
            emit("response.function_call_arguments.delta", at(this).put("delta", piece), out);
            if (open != this && output.get(index) != null) {
                output.get(index).put("arguments", arguments.toString());
            }
        }

        @Override
        ObjectNode close(String status, SseSink out) throws IOException {
            emit("response.function_call_arguments.done", at(this).put("name", name).put("arguments", arguments.toString()), out);
            return ResponseObjects.functionCall(id, callId, name, arguments.toString(), status);
        }
    }
}
