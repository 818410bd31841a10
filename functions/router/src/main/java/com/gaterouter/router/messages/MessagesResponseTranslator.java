package com.gaterouter.router.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;

/**
 * A normal-form answer (OpenAI {@code chat.completion}, with the gateway's {@code reasoning_content} and
 * {@code thinking_blocks} extensions) as an Anthropic {@code message}. Pure: no I/O.
 *
 * <ul>
 *   <li>{@code model}: the catalog id of the model that served (as {@code /v1/chat/completions} answers; for
 *       {@code auto} or an alias it says what actually ran; {@code x-gaterouter-model} says the same);</li>
 *   <li>{@code content}: thinking first — the vendor's {@code thinking_blocks} verbatim (signatures kept, so the
 *       client can send them back in a tool loop), else the {@code reasoning_content} other vendors show, as one
 *       thinking block with an empty signature (which this gateway does not replay) — then the text, then one
 *       {@code tool_use} per tool call with its arguments parsed ({@code {}} when the model wrote arguments that
 *       are not a JSON object, which the client's schema check then reports to the model);</li>
 *   <li>{@code stop_reason}: stop → end_turn, length → max_tokens, tool_calls → tool_use, content_filter →
 *       refusal. A stop sequence ends the answer as {@code end_turn} with {@code stop_sequence: null}: the normal
 *       form does not say which sequence (if any) stopped it;</li>
 *   <li>{@code usage}: input_tokens are the prompt tokens billed at the plain input price (the normal form's
 *       prompt_tokens less cache reads and writes), as Anthropic counts them; the cost is in the
 *       {@code x-gaterouter-cost-usd} header only, so the body stays exactly Anthropic's shape.</li>
 * </ul>
 */
public final class MessagesResponseTranslator {

    private MessagesResponseTranslator() {
    }

    /**
     * @param completion the vendor's answer in the normal form
     * @param id         the message id ({@code msg_…})
     * @param model      the model id to echo
     * @param usage      the tokens the request is metered at
     */
    public static ObjectNode toMessage(JsonNode completion, String id, String model, TokenUsage usage) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        ArrayNode content = message.putArray("content");
        JsonNode choice = completion.path("choices").path(0);
        JsonNode answer = choice.path("message");

        JsonNode thinkingBlocks = answer.path("thinking_blocks");
        if (thinkingBlocks.isArray() && !thinkingBlocks.isEmpty()) {
            for (JsonNode block : thinkingBlocks) {
                content.add(thinkingBlock(block));
            }
        } else if (answer.path("reasoning_content").isTextual() && !answer.get("reasoning_content").asText().isEmpty()) {
            content.addObject().put("type", "thinking").put("thinking", answer.get("reasoning_content").asText()).put("signature", "");
        }
        String text = text(answer.path("content"));
        boolean refused = false;
        if (text.isEmpty() && answer.path("refusal").isTextual() && !answer.get("refusal").asText().isEmpty()) {
            text = answer.get("refusal").asText();
            refused = true;
        }
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        boolean calls = false;
        for (JsonNode call : answer.path("tool_calls")) {
            content.add(toolUse(call));
            calls = true;
        }
        String finish = choice.path("finish_reason").asText("stop");
        message.put("stop_reason", refused ? "refusal" : stopReason(finish, calls));
        message.putNull("stop_sequence");
        message.set("usage", usage(usage));
        return message;
    }

    /** Anthropic's stop_reason for the normal form's finish_reason; a tool call the vendor ended with "stop" is still tool_use. */
    static String stopReason(String finishReason, boolean toolCalls) {
        return switch (finishReason == null ? "stop" : finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> toolCalls ? "tool_use" : "end_turn";
        };
    }

    /**
     * Anthropic's usage: {@code input_tokens} without the cached and cache-write tokens (each its own field), output
     * including any thinking. {@code cache_creation} splits the writes by lifetime: all 5-minute, the only cache the
     * gateway's Anthropic adapter asks for.
     */
    static ObjectNode usage(TokenUsage usage) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("input_tokens", usage.uncachedPromptTokens());
        out.put("cache_creation_input_tokens", usage.cacheWriteTokens());
        out.put("cache_read_input_tokens", usage.cachedPromptTokens());
        out.put("output_tokens", usage.completionTokens());
        out.putObject("cache_creation").put("ephemeral_5m_input_tokens", usage.cacheWriteTokens()).put("ephemeral_1h_input_tokens", 0);
        out.put("service_tier", "standard");
        return out;
    }

    /** A thinking entry of the normal form as Anthropic's block: thinking with its signature, or redacted. */
    static ObjectNode thinkingBlock(JsonNode block) {
        if ("redacted_thinking".equals(block.path("type").asText())) {
            return Json.MAPPER.createObjectNode().put("type", "redacted_thinking").put("data", block.path("data").asText(""));
        }
        return Json.MAPPER.createObjectNode().put("type", "thinking").put("thinking", block.path("thinking").asText(""))
                .put("signature", block.path("signature").asText(""));
    }

    /** A tool call as a tool_use block; its arguments as the input object ({@code {}} when they are not one). */
    static ObjectNode toolUse(JsonNode call) {
        ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", call.path("id").asText(""))
                .put("name", call.path("function").path("name").asText(""));
        block.set("input", input(call.path("function").path("arguments").asText("")));
        return block;
    }

    static ObjectNode input(String arguments) {
        if (!arguments.isBlank()) {
            try {
                if (Json.MAPPER.readTree(arguments) instanceof ObjectNode object) {
                    return object;
                }
            } catch (JsonProcessingException notJson) {
                // a model's malformed arguments: an empty input, which the client's schema check reports to the model
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    /** The message's text: a string, or the text of its text parts. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                text.append(part.path("text").asText(""));
            }
        }
        return text.toString();
    }
}
