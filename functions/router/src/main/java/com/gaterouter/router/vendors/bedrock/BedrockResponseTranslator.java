package com.gaterouter.router.vendors.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;

/**
 * A Converse answer in OpenAI's terms: the {@code ConverseResponse} JSON as a
 * {@code chat.completion}, Bedrock's stop reasons as finish reasons, and Bedrock's usage folded
 * into the normal form ({@code inputTokens} excludes cache reads and writes; prompt tokens include them).
 */
final class BedrockResponseTranslator {

    private BedrockResponseTranslator() {
    }

    /** Thrown when the answer lacks what every Converse response has. */
    static final class MalformedAnswer extends RuntimeException {
        MalformedAnswer(String what) {
            super(what, null, false, false);
        }
    }

    /**
     * @param id      the completion id ({@code chatcmpl-…})
     * @param created epoch seconds
     * @param model   the upstream model id (the core replaces it with the public id)
     */
    static ObjectNode completion(JsonNode response, String id, long created, String model) {
        JsonNode message = response.path("output").path("message");
        if (!message.path("content").isArray()) {
            throw new MalformedAnswer("no output.message.content");
        }
        StringBuilder text = new StringBuilder();
        ArrayNode toolCalls = Json.MAPPER.createArrayNode();
        for (JsonNode block : message.path("content")) {
            if (block.has("text")) {
                text.append(block.path("text").asText(""));
            } else if (block.has("toolUse")) {
                JsonNode toolUse = block.get("toolUse");
                ObjectNode call = toolCalls.addObject().put("id", toolUse.path("toolUseId").asText(""))
                        .put("type", "function");
                call.putObject("function").put("name", toolUse.path("name").asText(""))
                        .put("arguments", toolUse.path("input").isMissingNode() ? "{}" : toolUse.path("input").toString());
            }
            // reasoningContent, citations, images: no Chat Completions equivalent
        }
        TokenUsage usage = usage(response.path("usage"));

        ObjectNode completion = Json.MAPPER.createObjectNode()
                .put("id", id).put("object", "chat.completion").put("created", created).put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode out = choice.putObject("message").put("role", "assistant");
        if (text.isEmpty() && !toolCalls.isEmpty()) {
            out.putNull("content");
        } else {
            out.put("content", text.toString());
        }
        if (!toolCalls.isEmpty()) {
            out.set("tool_calls", toolCalls);
        }
        out.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(response.path("stopReason").asText("")));
        completion.set("usage", openAiUsage(usage));
        return completion;
    }

    /** Bedrock's usage in the normal form: prompt = input + cache read + cache write. */
    static TokenUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return TokenUsage.NONE;
        }
        long input = Math.max(0, usage.path("inputTokens").asLong(0));
        long cacheRead = Math.max(0, usage.path("cacheReadInputTokens").asLong(0));
        long cacheWrite = Math.max(0, usage.path("cacheWriteInputTokens").asLong(0));
        long output = Math.max(0, usage.path("outputTokens").asLong(0));
        return new TokenUsage(input + cacheRead + cacheWrite, cacheRead, cacheWrite, output, 0);
    }

    /** OpenAI's usage object; cache writes (no OpenAI field) as {@code prompt_tokens_details.cache_write_tokens}. */
    static ObjectNode openAiUsage(TokenUsage usage) {
        ObjectNode out = Json.MAPPER.createObjectNode()
                .put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens());
        ObjectNode prompt = out.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedPromptTokens());
        if (usage.cacheWriteTokens() > 0) {
            prompt.put("cache_write_tokens", usage.cacheWriteTokens());
        }
        out.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return out;
    }

    static String finishReason(String stopReason) {
        return switch (stopReason) {
            case "tool_use" -> "tool_calls";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, and anything new
        };
    }
}
