package com.gaterouter.router.vendors.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import java.util.Optional;

/**
 * Anthropic's {@code message} object as an OpenAI {@code chat.completion}, and the pieces the
 * stream translator shares with it: usage folding and stop-reason mapping. Pure, no I/O.
 */
final class AnthropicResponseTranslator {

    /** The answer does not have the shape Anthropic documents; {@code what} says which part (never content). */
    static final class MalformedAnswer extends RuntimeException {
        MalformedAnswer(String what) {
            super(what, null, false, false);
        }
    }

    record Translated(ObjectNode completion, TokenUsage usage) {
    }

    private AnthropicResponseTranslator() {
    }

    /**
     * @param fallbackModel the upstream name, used if the answer does not name its model
     * @param created       epoch seconds for {@code created}
     */
    static Translated toCompletion(JsonNode message, String fallbackModel, long created) {
        return toCompletion(message, fallbackModel, created, Optional.empty());
    }

    /**
     * @param jsonTool the forced tool that carries a {@code json_schema} answer
     *                 ({@code AnthropicRequestTranslator.jsonResponseTool}): its input becomes the content
     */
    static Translated toCompletion(JsonNode message, String fallbackModel, long created, Optional<String> jsonTool) {
        if (!message.isObject() || !message.path("content").isArray()) {
            throw new MalformedAnswer("no content");
        }
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        boolean jsonAnswer = false;
        StringBuilder reasoning = new StringBuilder();
        ArrayNode thinkingBlocks = Json.MAPPER.createArrayNode();
        ArrayNode toolCalls = Json.MAPPER.createArrayNode();
        for (JsonNode block : message.get("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> {
                    text.append(block.path("text").asText(""));
                    hasText = true;
                }
                case "tool_use" -> {
                    if (jsonTool.isPresent() && jsonTool.get().equals(block.path("name").asText(""))) {
                        text.append(block.has("input") ? block.get("input").toString() : "{}");
                        hasText = true;
                        jsonAnswer = true;
                        break;
                    }
                    ObjectNode call = toolCalls.addObject().put("id", block.path("id").asText("")).put("type", "function");
                    call.putObject("function").put("name", block.path("name").asText(""))
                            .put("arguments", block.has("input") ? block.get("input").toString() : "{}");
                }
                case "thinking" -> {
                    // shown as reasoning_content (DeepSeek's field) and kept verbatim, signature and all,
                    // so the client can send it back in a tool-use loop (LiteLLM's thinking_blocks)
                    String thinking = block.path("thinking").asText("");
                    reasoning.append(thinking);
                    thinkingBlocks.addObject().put("type", "thinking").put("thinking", thinking)
                            .put("signature", block.path("signature").asText(""));
                }
                case "redacted_thinking" ->
                        thinkingBlocks.addObject().put("type", "redacted_thinking").put("data", block.path("data").asText(""));
                default -> {
                    // server tool blocks: Anthropic-side tools with no OpenAI form
                }
            }
        }
        TokenUsage usage = usage(message.path("usage"));

        ObjectNode completion = Json.MAPPER.createObjectNode();
        completion.put("id", message.path("id").asText("msg_unknown"));
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", message.path("model").asText(fallbackModel));
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode out = choice.putObject("message");
        out.put("role", "assistant");
        if (hasText || toolCalls.isEmpty()) {
            out.put("content", text.toString());
        } else {
            out.putNull("content"); // OpenAI's shape for a turn that only calls tools
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
        String finish = finishReason(message.path("stop_reason").asText(null));
        if (jsonAnswer && "tool_calls".equals(finish)) {
            finish = "stop"; // the forced tool call was the answer itself
        }
        choice.put("finish_reason", finish == null ? "stop" : finish);
        completion.set("usage", openAiUsage(usage));
        return new Translated(completion, usage);
    }

    /**
     * Anthropic's usage in the normal form. Anthropic's {@code input_tokens} excludes cached
     * tokens; the normal form's prompt tokens include both cache reads and cache writes, each also
     * counted in its own class so it is priced at its own rate. Anthropic reports no separate
     * thinking-token count: thinking is in {@code output_tokens}, so reasoning stays 0.
     */
    static TokenUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            throw new MalformedAnswer("no usage");
        }
        long input = count(usage, "input_tokens");
        long cacheRead = count(usage, "cache_read_input_tokens");
        long cacheWrite = count(usage, "cache_creation_input_tokens");
        long output = count(usage, "output_tokens");
        return new TokenUsage(input + cacheRead + cacheWrite, cacheRead, cacheWrite, output, 0);
    }

    private static long count(JsonNode usage, String field) {
        JsonNode value = usage.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToLong() || value.asLong() < 0) {
            throw new MalformedAnswer("usage." + field);
        }
        return value.asLong();
    }

    /**
     * The normal form's usage object. {@code prompt_tokens_details.cache_write_tokens} is not an
     * OpenAI field (OpenAI has no billed cache writes); it follows OpenRouter so clients and the
     * gateway can see the tokens billed at the cache-write rate.
     */
    static ObjectNode openAiUsage(TokenUsage usage) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("prompt_tokens", usage.promptTokens());
        out.put("completion_tokens", usage.completionTokens());
        out.put("total_tokens", usage.totalTokens());
        out.putObject("prompt_tokens_details")
                .put("cached_tokens", usage.cachedPromptTokens())
                .put("cache_write_tokens", usage.cacheWriteTokens());
        return out;
    }

    /** OpenAI's finish_reason for an Anthropic stop_reason; null stays null (not finished yet). */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            // pause_turn (a server tool paused a long turn) and reasons added later: the turn ended
            default -> "stop";
        };
    }
}
