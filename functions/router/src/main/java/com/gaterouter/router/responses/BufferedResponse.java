package com.gaterouter.router.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.usage.TokenUsage;

/**
 * A complete {@code chat.completion} (the normal form) as a Responses {@code response} object: a
 * reasoning item when the completion shows reasoning ({@code reasoning_content}), a message item
 * with the text (and refusal), then one {@code function_call} item per tool call. Pure: no I/O.
 */
final class BufferedResponse {

    private BufferedResponse() {
    }

    /**
     * @param completedAt epoch seconds when the answer was complete
     */
    static ObjectNode of(ResponsesRequest request, JsonNode completion, ResponseObjects.Ids ids, long createdAt, long completedAt,
                         String model, TokenUsage tokens, long costMicros) {
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        String incomplete = ResponseObjects.incompleteReason(choice.path("finish_reason").asText(null));
        String itemStatus = incomplete == null ? "completed" : "incomplete";
        ObjectNode response = ResponseObjects.envelope(request, ids, createdAt, model, "completed");
        ArrayNode output = (ArrayNode) response.get("output");
        String reasoning = text(message.get("reasoning_content"));
        if (reasoning != null && !reasoning.isEmpty()) {
            output.add(ResponseObjects.reasoning(ids.item("rs", output.size()), reasoning, itemStatus));
        }
        String content = contentText(message.get("content"));
        String refusal = text(message.get("refusal"));
        if (content != null && !content.isEmpty() || refusal != null && !refusal.isEmpty()
                || !message.path("tool_calls").isArray() || message.path("tool_calls").isEmpty()) {
            ObjectNode item = ResponseObjects.message(ids.item("msg", output.size()), itemStatus);
            ArrayNode parts = (ArrayNode) item.get("content");
            if (content != null && !content.isEmpty() || refusal == null || refusal.isEmpty()) {
                parts.add(ResponseObjects.outputText(content == null ? "" : content));
            }
            if (refusal != null && !refusal.isEmpty()) {
                parts.add(ResponseObjects.refusal(refusal));
            }
            output.add(item);
        }
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            output.add(ResponseObjects.functionCall(ids.item("fc", output.size()), call.path("id").asText(),
                    function.path("name").asText(), function.path("arguments").asText(""), itemStatus));
        }
        ResponseObjects.finish(response, incomplete, completedAt);
        response.set("usage", ResponseObjects.usage(tokens, costMicros));
        return response;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /** A message's content as text: a string, or its text parts joined. */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText("")));
        return text.toString();
    }
}
