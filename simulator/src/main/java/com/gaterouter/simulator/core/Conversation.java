package com.gaterouter.simulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A chat request in vendor-neutral form: what every vendor parser produces and the reply
 * engine consumes.
 *
 * @param model           model name as requested
 * @param turns           system, user, assistant and tool turns in order
 * @param tools           declared functions
 * @param toolChoice      how the caller constrains tool use
 * @param maxTokens       the output limit (reasoning included), when given
 * @param stopSequences   strings that end the reply
 * @param format          plain text or JSON output
 * @param reasoningBudget reasoning/thinking tokens the model would spend (0 = not a reasoning call)
 * @param stream          whether the answer is streamed
 * @param caching         how prompt-cache usage is reported
 */
public record Conversation(
        String model,
        List<Turn> turns,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        OptionalInt maxTokens,
        List<String> stopSequences,
        OutputFormat format,
        int reasoningBudget,
        boolean stream,
        Caching caching) {

    public Conversation {
        Objects.requireNonNull(model, "model");
        turns = List.copyOf(turns);
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(maxTokens, "maxTokens");
        stopSequences = List.copyOf(stopSequences);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(caching, "caching");
    }

    public enum Role { SYSTEM, USER, ASSISTANT, TOOL }

    /** One message. */
    public record Turn(Role role, List<Part> parts) {
        public Turn {
            Objects.requireNonNull(role, "role");
            parts = List.copyOf(parts);
        }

        public static Turn text(Role role, String text) {
            return new Turn(role, List.of(new Part.Text(text)));
        }

        /** The text parts joined with newlines. */
        public String text() {
            StringBuilder b = new StringBuilder();
            for (Part p : parts) {
                if (p instanceof Part.Text t) {
                    if (!b.isEmpty()) {
                        b.append('\n');
                    }
                    b.append(t.text());
                }
            }
            return b.toString();
        }

        public boolean hasToolResult() {
            return parts.stream().anyMatch(p -> p instanceof Part.ToolResult);
        }

        public boolean hasText() {
            return parts.stream().anyMatch(p -> p instanceof Part.Text t && !t.text().isBlank());
        }
    }

    /** Message content. */
    public sealed interface Part {
        record Text(String text) implements Part {
            public Text {
                text = text == null ? "" : text;
            }
        }

        /** An image, audio clip or document: counted as a fixed number of tokens. */
        record Media(String kind) implements Part {
        }

        /** A call the assistant made earlier in the conversation. */
        record ToolCall(String name, String argumentsJson) implements Part {
        }

        /** What a tool returned. */
        record ToolResult(String name, String content) implements Part {
        }
    }

    /** A function the model may call. {@code schema} is its parameters' JSON Schema (may be missing). */
    public record ToolSpec(String name, String description, JsonNode schema) {
        public ToolSpec {
            Objects.requireNonNull(name, "name");
            description = description == null ? "" : description;
        }
    }

    /** AUTO: may call; NONE: must not; ANY: must call some tool; NAMED: must call {@code name}. */
    public record ToolChoice(Mode mode, String name) {
        public enum Mode { AUTO, NONE, ANY, NAMED }

        public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
        public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
        public static final ToolChoice ANY = new ToolChoice(Mode.ANY, null);

        public static ToolChoice named(String name) {
            return new ToolChoice(Mode.NAMED, name);
        }

        public boolean forced() {
            return mode == Mode.ANY || mode == Mode.NAMED;
        }
    }

    /** Output format requested. */
    public sealed interface OutputFormat {
        record Text() implements OutputFormat {
        }

        record JsonObject() implements OutputFormat {
        }

        record JsonSchema(JsonNode schema) implements OutputFormat {
        }

        OutputFormat TEXT = new Text();
    }

    /**
     * How cached prompt tokens are reported.
     *
     * @param implicit       automatic caching (OpenAI, DeepSeek, Gemini): half of a prompt over
     *                       1024 tokens is reported as cached
     * @param explicitPrefix Anthropic {@code cache_control}: the prompt prefix up to the last marked block
     */
    public record Caching(boolean implicit, Optional<CachePrefix> explicitPrefix) {
        public static final Caching IMPLICIT = new Caching(true, Optional.empty());
        public static final Caching NONE = new Caching(false, Optional.empty());
    }

    /** A cacheable prompt prefix: its identity and its size. */
    public record CachePrefix(String key, int tokens) {
    }

    /** The last turn, if any. */
    public Optional<Turn> lastTurn() {
        return turns.isEmpty() ? Optional.empty() : Optional.of(turns.getLast());
    }

    /** True when the last turn hands back tool results. */
    public boolean endsWithToolResult() {
        return lastTurn().map(Turn::hasToolResult).orElse(false);
    }

    /** Text of the last user turn that has text: where directives and the echoed prompt come from. */
    public String lastUserText() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (t.role() == Role.USER && t.hasText()) {
                return t.text();
            }
        }
        return "";
    }

    /** The tool results of the last turn, joined with newlines. */
    public String lastToolResults() {
        StringBuilder b = new StringBuilder();
        lastTurn().ifPresent(t -> t.parts().forEach(p -> {
            if (p instanceof Part.ToolResult r) {
                if (!b.isEmpty()) {
                    b.append('\n');
                }
                b.append(r.content());
            }
        }));
        return b.toString();
    }
}
