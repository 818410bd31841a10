package com.gaterouter.router.vendors.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.vendors.ChatChunks;
import com.gaterouter.router.vendors.TokenEstimate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ConverseStream events as OpenAI {@code chat.completion.chunk}s, in the order the
 * {@code VendorClient} contract asks: the role chunk (held back from {@code messageStart} until the
 * first content, so failures Bedrock reports right after {@code messageStart} stay retryable);
 * {@code contentBlockStart} with a {@code toolUse} → a tool call's first delta (index, id, name);
 * {@code contentBlockDelta} → content or argument fragments; {@code messageStop} → the
 * {@code finish_reason} chunk; {@code metadata} → the usage chunk ({@code choices: []}). Keeps what
 * was generated, so a stream that breaks early is still metered (an estimate, never $0).
 * No I/O: the client feeds it decoded events.
 */
final class BedrockStreamTranslator {

    private final String id;
    private final long created;
    private final String model;
    private final long promptEstimate;
    /** Converse contentBlockIndex → OpenAI tool_calls index. */
    private final Map<Integer, Integer> toolIndexes = new HashMap<>();
    private boolean roleSent;
    private long generatedChars;
    private TokenUsage reported;

    /** The forced tool carrying a json_schema answer, if any; the blocks it was sent in (streamed as content). */
    private final Optional<String> jsonTool;
    private final Set<Integer> jsonBlocks = new HashSet<>();

    /** @param promptChars size of the request, for the prompt estimate when no usage arrives */
    BedrockStreamTranslator(String id, long created, String model, long promptChars) {
        this(id, created, model, promptChars, Optional.empty());
    }

    /** @param jsonTool {@code BedrockRequestTranslator.jsonResponseTool} of the request: its input streams as content */
    BedrockStreamTranslator(String id, long created, String model, long promptChars, Optional<String> jsonTool) {
        this.jsonTool = jsonTool;
        this.id = id;
        this.created = created;
        this.model = model;
        this.promptEstimate = Math.max(1, TokenEstimate.ofChars(promptChars));
    }

    /** The chunks one event becomes (often one, sometimes none). */
    List<ObjectNode> onEvent(String type, JsonNode event) {
        List<ObjectNode> out = new ArrayList<>();
        switch (type) {
            case "messageStart" -> {
                // Bedrock sends messageStart before the model has produced anything (and throttles or
                // fails inside the stream after it): the role chunk waits for the first content, so
                // such failures reach the core before any byte reached the client and stay retryable
            }
            case "contentBlockStart" -> {
                JsonNode toolUse = event.path("start").path("toolUse");
                if (toolUse.isObject() && jsonTool.isPresent() && jsonTool.get().equals(toolUse.path("name").asText(""))) {
                    jsonBlocks.add(event.path("contentBlockIndex").asInt(0)); // the structured answer
                } else if (toolUse.isObject()) {
                    ensureRole(out, true);
                    int index = toolIndex(event);
                    ObjectNode call = Json.MAPPER.createObjectNode().put("index", index)
                            .put("id", toolUse.path("toolUseId").asText("")).put("type", "function");
                    call.putObject("function").put("name", toolUse.path("name").asText("")).put("arguments", "");
                    ObjectNode delta = Json.MAPPER.createObjectNode();
                    delta.putArray("tool_calls").add(call);
                    out.add(chunk(delta, null));
                }
            }
            case "contentBlockDelta" -> {
                JsonNode delta = event.path("delta");
                if (delta.path("text").isTextual()) {
                    ensureRole(out, false);
                    String text = delta.get("text").asText();
                    generatedChars += text.length();
                    out.add(chunk(Json.MAPPER.createObjectNode().put("content", text), null));
                } else if (delta.path("toolUse").isObject() && jsonBlocks.contains(event.path("contentBlockIndex").asInt(0))) {
                    String fragment = delta.path("toolUse").path("input").asText("");
                    generatedChars += fragment.length();
                    if (!fragment.isEmpty()) {
                        ensureRole(out, false);
                        out.add(chunk(Json.MAPPER.createObjectNode().put("content", fragment), null));
                    }
                } else if (delta.path("toolUse").isObject()) {
                    ensureRole(out, true);
                    String fragment = delta.path("toolUse").path("input").asText("");
                    generatedChars += fragment.length();
                    ObjectNode call = Json.MAPPER.createObjectNode().put("index", toolIndex(event));
                    call.putObject("function").put("arguments", fragment);
                    ObjectNode openAi = Json.MAPPER.createObjectNode();
                    openAi.putArray("tool_calls").add(call);
                    out.add(chunk(openAi, null));
                } else if (delta.path("reasoningContent").isObject()) {
                    // Claude's thinking, as the Anthropic adapter streams it: text pieces, then the block's signature
                    JsonNode reasoning = delta.get("reasoningContent");
                    ObjectNode openAi = Json.MAPPER.createObjectNode();
                    if (reasoning.path("text").isTextual() && !reasoning.get("text").asText().isEmpty()) {
                        generatedChars += reasoning.get("text").asText().length();
                        openAi.put("reasoning_content", reasoning.get("text").asText());
                    } else if (reasoning.path("signature").isTextual()) {
                        openAi.putArray("thinking_blocks").addObject().put("type", "thinking").put("thinking", "")
                                .put("signature", reasoning.get("signature").asText());
                    } else if (reasoning.path("redactedContent").isTextual()) {
                        openAi.putArray("thinking_blocks").addObject().put("type", "redacted_thinking")
                                .put("data", reasoning.get("redactedContent").asText());
                    }
                    if (!openAi.isEmpty()) {
                        ensureRole(out, false);
                        out.add(chunk(openAi, null));
                    }
                }
                // citations: no Chat Completions equivalent
            }
            case "messageStop" -> {
                ensureRole(out, false);
                String finish = BedrockResponseTranslator.finishReason(event.path("stopReason").asText(""));
                if (finish.equals("tool_calls") && !jsonBlocks.isEmpty() && toolIndexes.isEmpty()) {
                    finish = "stop"; // the forced tool call was the answer itself
                }
                out.add(chunk(Json.MAPPER.createObjectNode(), finish));
            }
            case "metadata" -> {
                reported = BedrockResponseTranslator.usage(event.path("usage"));
                ObjectNode usageChunk = base();
                usageChunk.putArray("choices");
                usageChunk.set("usage", BedrockResponseTranslator.openAiUsage(reported));
                out.add(usageChunk);
            }
            default -> {
                // contentBlockStop and events added later carry nothing to relay
            }
        }
        return out;
    }

    /** True once Bedrock reported usage (its last event). */
    boolean reportedUsage() {
        return reported != null;
    }

    /** The reported usage, or an estimate of what was generated so far. */
    TokenUsage usageSoFar() {
        if (reported != null) {
            return reported;
        }
        return new TokenUsage(promptEstimate, 0, 0, TokenEstimate.ofChars(generatedChars), 0);
    }

    private int toolIndex(JsonNode event) {
        int block = event.path("contentBlockIndex").asInt(0);
        return toolIndexes.computeIfAbsent(block, b -> toolIndexes.size());
    }

    /** The role chunk before the first thing shown: {@code content: ""}, or {@code null} before a tool call (as OpenAI does). */
    private void ensureRole(List<ObjectNode> out, boolean toolCall) {
        if (!roleSent) {
            roleSent = true;
            ObjectNode delta = Json.MAPPER.createObjectNode().put("role", "assistant");
            if (toolCall) {
                delta.putNull("content");
            } else {
                delta.put("content", "");
            }
            out.add(chunk(delta, null));
        }
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        return ChatChunks.withChoice(base(), delta, finishReason);
    }

    private ObjectNode base() {
        return ChatChunks.chunk(id, created, model);
    }
}
