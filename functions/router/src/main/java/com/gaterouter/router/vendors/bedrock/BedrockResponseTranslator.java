package com.gaterouter.router.vendors.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import java.util.Optional;

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
        return completion(response, id, created, model, Optional.empty());
    }

    /**
     * @param jsonTool the forced tool carrying a {@code json_schema} answer
     *                 ({@code BedrockRequestTranslator.jsonResponseTool}): its input becomes the content
     */
    static ObjectNode completion(JsonNode response, String id, long created, String model, Optional<String> jsonTool) {
        JsonNode message = response.path("output").path("message");
        if (!message.path("content").isArray()) {
            throw new MalformedAnswer("no output.message.content");
        }
        StringBuilder text = new StringBuilder();
        boolean jsonAnswer = false;
        StringBuilder reasoning = new StringBuilder();
        ArrayNode thinkingBlocks = Json.MAPPER.createArrayNode();
        ArrayNode toolCalls = Json.MAPPER.createArrayNode();
        for (JsonNode block : message.path("content")) {
            if (block.has("text")) {
                text.append(block.path("text").asText(""));
            } else if (block.has("reasoningContent")) {
                // Claude's thinking: shown as reasoning_content and kept verbatim as thinking_blocks (as the Anthropic adapter)
                JsonNode r = block.get("reasoningContent");
                if (r.has("redactedContent")) {
                    thinkingBlocks.addObject().put("type", "redacted_thinking").put("data", r.path("redactedContent").asText(""));
                } else {
                    String thought = r.path("reasoningText").path("text").asText("");
                    reasoning.append(thought);
                    thinkingBlocks.addObject().put("type", "thinking").put("thinking", thought)
                            .put("signature", r.path("reasoningText").path("signature").asText(""));
                }
            } else if (block.has("toolUse") && jsonTool.isPresent()
                    && jsonTool.get().equals(block.path("toolUse").path("name").asText(""))) {
                JsonNode input = block.path("toolUse").path("input");
                text.append(input.isMissingNode() ? "{}" : input.toString());
                jsonAnswer = true;
            } else if (block.has("toolUse")) {
                JsonNode toolUse = block.get("toolUse");
                ObjectNode call = toolCalls.addObject().put("id", toolUse.path("toolUseId").asText(""))
                        .put("type", "function");
                call.putObject("function").put("name", toolUse.path("name").asText(""))
                        .put("arguments", toolUse.path("input").isMissingNode() ? "{}" : toolUse.path("input").toString());
            }
            // citations, images: no Chat Completions equivalent
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
        if (!thinkingBlocks.isEmpty()) {
            out.put("reasoning_content", reasoning.toString());
            out.set("thinking_blocks", thinkingBlocks);
        }
        choice.putNull("logprobs");
        String finish = finishReason(response.path("stopReason").asText(""));
        choice.put("finish_reason", jsonAnswer && finish.equals("tool_calls") ? "stop" : finish);
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
