package com.gaterouter.router.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.vendors.OpenAiUsage;
import java.util.Locale;

/**
 * The pieces of an OpenAI {@code response} object, shared by the buffered answer and the stream's
 * events: the envelope that echoes the request, the output items, the usage. Every field the
 * official SDKs treat as required is written (as {@code null} where the gateway has no value), so
 * the SDKs' typed accessors work. Pure: no I/O.
 */
final class ResponseObjects {

    private ResponseObjects() {
    }

    /** The ids of one response and its output items, derived from the request id (unique per request). */
    record Ids(String base) {

        static Ids of(String requestId) {
            String base = requestId.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
            return new Ids(base.isEmpty() ? "0" : base);
        }

        String response() {
            return "resp_" + base;
        }

        /** The id of the output item at {@code outputIndex}: {@code msg_…}, {@code fc_…} or {@code rs_…}. */
        String item(String prefix, int outputIndex) {
            return prefix + "_" + base + "_" + outputIndex;
        }
    }

    /** Why a response stopped short, from the normal form's {@code finish_reason}; null when it did not. */
    static String incompleteReason(String finishReason) {
        return switch (finishReason == null ? "" : finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
    }

    /**
     * The response without output or usage, with {@code status}: what the request asked for echoed back (as OpenAI
     * does), and what the gateway never does (store, background) as false.
     */
    static ObjectNode envelope(ResponsesRequest request, Ids ids, long createdAt, String model, String status) {
        ObjectNode original = request.original();
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("id", ids.response());
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", status);
        response.put("background", false);
        response.putNull("error");
        response.putNull("incomplete_details");
        echo(original, response, "instructions");
        echo(original, response, "max_output_tokens");
        echo(original, response, "max_tool_calls");
        response.put("model", model);
        response.putArray("output");
        response.put("parallel_tool_calls", original.path("parallel_tool_calls").asBoolean(true));
        response.putNull("previous_response_id");
        echo(original, response, "prompt_cache_key");
        ObjectNode reasoning = response.putObject("reasoning");
        reasoning.set("effort", original.path("reasoning").path("effort").isTextual()
                ? original.path("reasoning").get("effort").deepCopy() : Json.MAPPER.nullNode());
        reasoning.set("summary", original.path("reasoning").path("summary").isTextual()
                ? original.path("reasoning").get("summary").deepCopy() : Json.MAPPER.nullNode());
        echo(original, response, "safety_identifier");
        response.put("service_tier", original.path("service_tier").asText("default"));
        response.put("store", false);
        echo(original, response, "temperature");
        ObjectNode text = response.putObject("text");
        JsonNode format = original.path("text").path("format");
        if (format.isObject()) {
            text.set("format", format.deepCopy());
        } else {
            text.putObject("format").put("type", "text");
        }
        text.put("verbosity", original.path("text").path("verbosity").asText("medium"));
        JsonNode toolChoice = original.get("tool_choice");
        response.set("tool_choice", toolChoice == null || toolChoice.isNull() ? Json.MAPPER.getNodeFactory().textNode("auto")
                : toolChoice.deepCopy());
        ArrayNode tools = response.putArray("tools");
        original.path("tools").forEach(tool -> {
            ObjectNode echoed = tool.deepCopy();
            echoed.putIfAbsent("description", Json.MAPPER.nullNode());
            echoed.putIfAbsent("parameters", Json.MAPPER.nullNode());
            echoed.putIfAbsent("strict", Json.MAPPER.nullNode());
            tools.add(echoed);
        });
        response.putNull("top_logprobs");
        echo(original, response, "top_p");
        response.put("truncation", original.path("truncation").asText("disabled"));
        response.putNull("usage");
        echo(original, response, "user");
        JsonNode metadata = original.get("metadata");
        response.set("metadata", metadata == null || metadata.isNull() ? Json.MAPPER.createObjectNode() : metadata.deepCopy());
        return response;
    }

    /** Marks {@code response} finished: completed, or incomplete for {@code incompleteReason}. */
    static void finish(ObjectNode response, String incompleteReason, long completedAt) {
        if (incompleteReason == null) {
            response.put("status", "completed");
            response.put("completed_at", completedAt);
        } else {
            response.put("status", "incomplete");
            response.putObject("incomplete_details").put("reason", incompleteReason);
        }
    }

    /** Copies {@code field} when the request set it; null otherwise (the SDKs require these fields, nullable). */
    private static void echo(ObjectNode original, ObjectNode response, String field) {
        JsonNode value = original.get(field);
        response.set(field, value == null ? Json.MAPPER.nullNode() : value.deepCopy());
    }

    /** The Responses usage of {@code tokens}, with the gateway's cost (micro-USD, as USD in {@code cost}). */
    static ObjectNode usage(TokenUsage tokens, long costMicros) {
        ObjectNode usage = Json.MAPPER.createObjectNode();
        usage.put("input_tokens", tokens.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", tokens.cachedPromptTokens())
                .put("cache_write_tokens", tokens.cacheWriteTokens());
        usage.put("output_tokens", tokens.completionTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", tokens.reasoningTokens());
        usage.put("total_tokens", tokens.promptTokens() + tokens.completionTokens());
        OpenAiUsage.putCost(usage, costMicros);
        return usage;
    }

    /** An assistant message item; {@code status} in_progress, completed or incomplete. */
    static ObjectNode message(String id, String status) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.putArray("content");
        item.put("role", "assistant");
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.MAPPER.createObjectNode().put("type", "output_text");
        part.putArray("annotations");
        part.putArray("logprobs");
        part.put("text", text);
        return part;
    }

    static ObjectNode refusal(String text) {
        return Json.MAPPER.createObjectNode().put("type", "refusal").put("refusal", text);
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        return Json.MAPPER.createObjectNode().put("id", id).put("type", "function_call").put("status", status)
                .put("arguments", arguments).put("call_id", callId).put("name", name);
    }

    /**
     * A reasoning item showing the model's reasoning text (what the normal form carries as {@code reasoning_content}),
     * as OpenAI shows raw reasoning: {@code content} of {@code reasoning_text} parts, no summary.
     */
    static ObjectNode reasoning(String id, String text, String status) {
        ObjectNode item = Json.MAPPER.createObjectNode().put("id", id).put("type", "reasoning");
        item.putArray("summary");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(reasoningText(text));
        }
        item.put("status", status);
        return item;
    }

    static ObjectNode reasoningText(String text) {
        return Json.MAPPER.createObjectNode().put("type", "reasoning_text").put("text", text);
    }
}
