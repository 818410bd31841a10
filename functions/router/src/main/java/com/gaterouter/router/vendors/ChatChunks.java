package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;

/**
 * OpenAI {@code chat.completion.chunk}s as the stream translators build them, so every vendor's
 * stream reaches the caller with the same fields in the same order.
 */
public final class ChatChunks {

    private ChatChunks() {
    }

    /** A chunk with its identity only: {@code id}, {@code object}, {@code created}, {@code model}. */
    public static ObjectNode chunk(String id, long created, String model) {
        return Json.MAPPER.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
    }

    /** Adds the one choice, {@code delta} at index 0, with a {@code finish_reason} or JSON null; returns {@code chunk}. */
    public static ObjectNode withChoice(ObjectNode chunk, ObjectNode delta, String finishReason) {
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }
}
