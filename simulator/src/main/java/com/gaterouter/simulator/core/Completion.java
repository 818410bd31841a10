package com.gaterouter.simulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The generated answer, vendor-neutral; each vendor renders it as JSON or as a stream.
 *
 * @param text          visible reply text (empty when answering with tool calls)
 * @param toolCalls     tool calls, when the model calls tools
 * @param reasoningText reasoning text for vendors that show it (DeepSeek, Gemini thoughts, Claude thinking)
 * @param finish        why generation ended
 * @param stopSequence  the stop sequence that ended it, for {@link FinishReason#STOP_SEQUENCE}
 * @param usage         token usage
 */
public record Completion(
        String text,
        List<ToolCall> toolCalls,
        String reasoningText,
        FinishReason finish,
        Optional<String> stopSequence,
        Usage usage) {

    public Completion {
        Objects.requireNonNull(text, "text");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(reasoningText, "reasoningText");
        Objects.requireNonNull(finish, "finish");
        Objects.requireNonNull(stopSequence, "stopSequence");
        Objects.requireNonNull(usage, "usage");
    }

    /** Why generation ended; {@code CONTENT_FILTER}: the vendor's content policy refused the prompt (nothing generated). */
    public enum FinishReason { END, LENGTH, STOP_SEQUENCE, TOOL_CALLS, CONTENT_FILTER }

    /** A generated call; vendors give it their own id format. */
    public record ToolCall(String name, JsonNode arguments, String argumentsJson) {
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    public boolean hasReasoning() {
        return usage.reasoningTokens() > 0;
    }
}
