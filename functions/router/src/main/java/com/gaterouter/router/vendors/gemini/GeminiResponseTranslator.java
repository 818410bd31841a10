package com.gaterouter.router.vendors.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.vendors.HttpFailures;
import com.gaterouter.router.vendors.TokenEstimate;
import com.gaterouter.router.vendors.VendorCall;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A Gemini {@code GenerateContentResponse} as an OpenAI {@code chat.completion}, and the pieces the
 * stream translation shares: parts of a candidate, finish reasons, usage.
 */
final class GeminiResponseTranslator {

    private GeminiResponseTranslator() {
    }

    /**
     * What one candidate (or one stream frame of it) says.
     *
     * @param text         the visible text: text parts without {@code thought: true}, concatenated
     * @param thoughtChars characters of thought parts (billed as output; shown only when the client asked)
     * @param calls        tool calls in OpenAI form ({@code id}, {@code type}, {@code function})
     * @param finishReason Gemini's reason, or null while the candidate is unfinished
     * @param reasoning    the text of the thought parts (thought summaries), concatenated
     */
    record Candidate(int index, String text, boolean hasText, long thoughtChars, List<ObjectNode> calls, String finishReason,
                     String reasoning) {
    }

    static Candidate candidate(JsonNode candidate) {
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        long thoughtChars = 0;
        StringBuilder reasoning = new StringBuilder();
        List<ObjectNode> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("functionCall")) {
                calls.add(toolCall(part));
            } else if (part.path("text").isTextual()) {
                if (part.path("thought").asBoolean(false)) {
                    thoughtChars += part.get("text").asText().length();
                    reasoning.append(part.get("text").asText());
                } else {
                    text.append(part.get("text").asText());
                    hasText = true;
                }
            }
            // inlineData, executableCode, codeExecutionResult: only produced by features we never enable
        }
        String finish = candidate.path("finishReason").asText("");
        return new Candidate(candidate.path("index").asInt(0), text.toString(), hasText, thoughtChars, calls,
                finish.isEmpty() || finish.equals("FINISH_REASON_UNSPECIFIED") ? null : finish, reasoning.toString());
    }

    /** A functionCall part as an OpenAI tool call; Gemini has no call ids, so one is made up (results are matched by name). */
    private static ObjectNode toolCall(JsonNode part) {
        JsonNode call = part.get("functionCall");
        ObjectNode toolCall = Json.MAPPER.createObjectNode()
                .put("id", call.path("id").isTextual() ? call.get("id").asText() : newId("call_"))
                .put("type", "function");
        JsonNode args = call.get("args");
        toolCall.putObject("function").put("name", call.path("name").asText(""))
                .put("arguments", args == null || args.isNull() ? "{}" : args.toString());
        if (part.path("thoughtSignature").isTextual()) {
            // Gemini 3 needs the signature back with the call; Google's OpenAI-compatible API carries it here too
            toolCall.putObject("extra_content").putObject("google").put("thought_signature", part.get("thoughtSignature").asText());
        }
        return toolCall;
    }

    static String finishReason(String gemini, boolean toolCalls) {
        if (gemini == null) {
            return "stop";
        }
        return switch (gemini) {
            case "STOP" -> toolCalls ? "tool_calls" : "stop";
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
            default -> "stop"; // LANGUAGE, OTHER, MALFORMED_FUNCTION_CALL, …: ended, for no reason OpenAI has a name for
        };
    }

    /**
     * Gemini's usageMetadata in the normal form. {@code promptTokenCount} already includes
     * {@code cachedContentTokenCount}; thoughts are billed as output but not part of
     * {@code candidatesTokenCount}, so completion = candidates + thoughts; tokens of tool-use
     * prompts (built-in tools) are billed as input.
     */
    static TokenUsage usage(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return TokenUsage.NONE;
        }
        long prompt = metadata.path("promptTokenCount").asLong(0) + metadata.path("toolUsePromptTokenCount").asLong(0);
        long cached = Math.min(metadata.path("cachedContentTokenCount").asLong(0), prompt);
        long thoughts = metadata.path("thoughtsTokenCount").asLong(0);
        long completion = metadata.path("candidatesTokenCount").asLong(0) + thoughts;
        return new TokenUsage(prompt, cached, 0, completion, thoughts);
    }

    /** OpenAI's usage object; {@code total_tokens} is Gemini's own total when it sent one. */
    static ObjectNode usageJson(TokenUsage usage, JsonNode metadata) {
        long total = metadata != null && metadata.path("totalTokenCount").canConvertToLong()
                ? metadata.get("totalTokenCount").asLong() : usage.totalTokens();
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", total);
        json.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedPromptTokens());
        json.putObject("completion_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
        return json;
    }

    /**
     * A prompt Gemini refused to answer: {@code promptFeedback.blockReason} (SAFETY, BLOCKLIST,
     * PROHIBITED_CONTENT, …) and no candidates — a content-policy refusal of the caller's prompt.
     */
    static Optional<VendorFailure> blocked(String vendor, JsonNode body) {
        JsonNode candidates = body.path("candidates");
        String reason = body.path("promptFeedback").path("blockReason").asText("");
        if ((candidates.isMissingNode() || candidates.isEmpty()) && !reason.isEmpty()) {
            return Optional.of(VendorFailure.of(VendorFailure.Kind.CONTENT_FILTERED, 200,
                    vendor + " blocked the prompt (" + reason + ")"
                            + body.path("promptFeedback").path("blockReasonMessage").asText("").transform(m -> m.isEmpty() ? "" : ": " + m)));
        }
        return Optional.empty();
    }

    static VendorResult completion(VendorCall call, JsonNode body) {
        String vendor = call.vendor().name();
        if (!(body instanceof ObjectNode)) {
            return new VendorResult.Failed(HttpFailures.malformed(vendor, "not a JSON object"));
        }
        Optional<VendorFailure> blocked = blocked(vendor, body);
        if (blocked.isPresent()) {
            return new VendorResult.Failed(blocked.get());
        }
        JsonNode candidates = body.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            return new VendorResult.Failed(HttpFailures.malformed(vendor, "no candidates"));
        }
        ObjectNode completion = Json.MAPPER.createObjectNode()
                .put("id", body.path("responseId").isTextual() ? body.get("responseId").asText() : newId("chatcmpl-"))
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", body.path("modelVersion").asText(call.model().upstream()));
        ArrayNode choices = completion.putArray("choices");
        long generatedChars = 0;
        boolean showThoughts = GeminiRequestTranslator.showsThoughts(call.model(), call.request());
        // n > 1 asks Gemini for candidateCount: each candidate is a choice
        for (JsonNode c : candidates) {
            Candidate candidate = candidate(c);
            generatedChars += candidate.text().length() + candidate.thoughtChars();
            ObjectNode choice = choices.addObject().put("index", candidate.index());
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            if (candidate.hasText() || candidate.calls().isEmpty()) {
                message.put("content", candidate.text());
            } else {
                message.putNull("content");
            }
            if (!candidate.calls().isEmpty()) {
                ArrayNode toolCalls = message.putArray("tool_calls");
                candidate.calls().forEach(toolCalls::add);
                generatedChars += candidate.calls().stream().mapToLong(t -> t.path("function").path("arguments").asText().length()).sum();
            }
            if (showThoughts && !candidate.reasoning().isEmpty()) {
                message.put("reasoning_content", candidate.reasoning()); // DeepSeek's field, as the other adapters
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason(candidate.finishReason(), !candidate.calls().isEmpty()));
        }
        JsonNode metadata = body.get("usageMetadata");
        TokenUsage usage = metadata != null && metadata.isObject() ? usage(metadata) : estimate(call, generatedChars);
        completion.set("usage", usageJson(usage, metadata));
        return new VendorResult.Completed(completion, usage);
    }

    /** When Gemini reports no usage: an estimate, so a served answer is never metered at $0. */
    static TokenUsage estimate(VendorCall call, long generatedChars) {
        return new TokenUsage(TokenEstimate.ofChars(call.request().path("messages").toString().length()), 0, 0,
                TokenEstimate.ofChars(generatedChars), 0);
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
