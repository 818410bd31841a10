package com.gaterouter.simulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.core.Completion.FinishReason;
import com.gaterouter.simulator.core.Conversation.OutputFormat;
import com.gaterouter.simulator.core.Conversation.Role;
import com.gaterouter.simulator.core.Conversation.ToolSpec;
import com.gaterouter.simulator.http.Json;
import com.gaterouter.simulator.text.Directives;
import com.gaterouter.simulator.text.Hashing;
import com.gaterouter.simulator.text.ReplyText;
import com.gaterouter.simulator.text.SchemaSampler;
import com.gaterouter.simulator.text.TokenEstimator;
import java.util.List;
import java.util.Optional;

/**
 * Decides what the "model" answers. Everything is a pure function of the request (and, for
 * Anthropic's explicit prompt cache, of earlier requests), so tests can predict replies and usage:
 * <ol>
 *   <li>tools declared, tool choice not {@code none}, last turn a user message → a call to the
 *       forced tool or the first tool, arguments sampled from its schema;</li>
 *   <li>last turn carries tool results → text quoting them;</li>
 *   <li>otherwise "Simulated reply to: &lt;first words of the last user message&gt;" padded with
 *       deterministic filler to {@code [[sim:tokens=N]]} or the default length; or exactly
 *       {@code [[sim:text=...]]}; or JSON when a JSON response format was requested.</li>
 * </ol>
 * The output limit (reasoning included) cuts the text and yields {@link FinishReason#LENGTH};
 * a stop sequence cuts it and yields {@link FinishReason#STOP_SEQUENCE}.
 */
public final class ReplyEngine {

    private final int defaultReplyTokens;
    private final PromptCache promptCache;

    public ReplyEngine(int defaultReplyTokens, PromptCache promptCache) {
        this.defaultReplyTokens = defaultReplyTokens;
        this.promptCache = promptCache;
    }

    public Completion complete(Conversation c, Directives d) {
        int prompt = PromptTokens.count(c);
        int cached = 0;
        int written = 0;
        if (c.caching().explicitPrefix().isPresent()) {
            Conversation.CachePrefix prefix = c.caching().explicitPrefix().get();
            if (promptCache.write(prefix.key())) {
                written = prefix.tokens();
            } else {
                cached = prefix.tokens();
            }
        } else if (c.caching().implicit()) {
            cached = PromptCache.implicitCached(prompt);
        }

        boolean limited = c.maxTokens().isPresent();
        int limit = c.maxTokens().orElse(Integer.MAX_VALUE);
        // reasoning spends at most half of an explicit limit, so some visible output remains
        int reasoning = Math.max(0, limited ? Math.min(c.reasoningBudget(), limit / 2) : c.reasoningBudget());
        int available = limited ? limit - reasoning : Integer.MAX_VALUE;

        String userText = d.strippedText();
        long seed = Hashing.fnv1a64(c.model() + "\n" + userText);
        String reasoningText = reasoning == 0 ? ""
                : ReplyText.build("Thinking about: " + orDefault(ReplyText.firstWords(userText, 8), "the request"),
                        ~seed, reasoning);

        if (callsTool(c, d)) {
            ToolSpec tool = pickTool(c);
            JsonNode args = SchemaSampler.sample(tool.schema(), true);
            String json = Json.write(args);
            Usage usage = new Usage(prompt, TokenEstimator.count(json), reasoning, cached, written);
            return new Completion("", List.of(new Completion.ToolCall(tool.name(), args, json)), reasoningText,
                    FinishReason.TOOL_CALLS, Optional.empty(), usage);
        }

        String text = candidateText(c, d, seed);
        FinishReason finish = FinishReason.END;
        if (TokenEstimator.count(text) > available) {
            text = TokenEstimator.truncate(text, available);
            finish = FinishReason.LENGTH;
        }
        Optional<String> stop = Optional.empty();
        int cut = -1;
        for (String s : c.stopSequences()) {
            int at = s.isEmpty() ? -1 : text.indexOf(s);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
                stop = Optional.of(s);
            }
        }
        if (cut >= 0) {
            text = text.substring(0, cut);
            finish = FinishReason.STOP_SEQUENCE;
        }
        Usage usage = new Usage(prompt, TokenEstimator.count(text), reasoning, cached, written);
        return new Completion(text, List.of(), reasoningText, finish, stop, usage);
    }

    /** A prompt the vendor's content policy refused: no text, billed for the prompt only. */
    public Completion refused(Conversation c) {
        return new Completion("", List.of(), "", FinishReason.CONTENT_FILTER, Optional.empty(),
                new Usage(PromptTokens.count(c), 0, 0, 0, 0));
    }

    private String candidateText(Conversation c, Directives d, long seed) {
        if (d.text().isPresent()) {
            String exact = d.text().get();
            return d.tokens().isPresent() ? TokenEstimator.truncate(exact, d.tokens().getAsInt()) : exact;
        }
        int wanted = d.tokens().orElse(defaultReplyTokens);
        String userText = d.strippedText();
        String base = userText.isEmpty() ? "Simulated reply." : "Simulated reply to: " + ReplyText.firstWords(userText, 12);
        return switch (c.format()) {
            case OutputFormat.JsonSchema s -> Json.write(SchemaSampler.sample(s.schema(), false));
            case OutputFormat.JsonObject o -> Json.write(Json.object().put("reply", ReplyText.build(base, seed, wanted)));
            case OutputFormat.Text t -> {
                if (c.endsWithToolResult()) {
                    String quoted = "Based on the tool result: " + c.lastToolResults();
                    int length = d.tokens().orElse(Math.max(defaultReplyTokens, TokenEstimator.count(quoted)));
                    yield ReplyText.build(quoted, seed, length);
                }
                yield ReplyText.build(base, seed, wanted);
            }
        };
    }

    private static boolean callsTool(Conversation c, Directives d) {
        if (c.tools().isEmpty() || c.toolChoice().mode() == Conversation.ToolChoice.Mode.NONE) {
            return false;
        }
        if (c.endsWithToolResult() || c.lastTurn().map(t -> t.role() != Role.USER).orElse(true)) {
            return false;
        }
        // with tool_choice auto, [[sim:text=...]] asks for a text answer instead
        return c.toolChoice().forced() || d.text().isEmpty();
    }

    private static ToolSpec pickTool(Conversation c) {
        if (c.toolChoice().mode() == Conversation.ToolChoice.Mode.NAMED) {
            for (ToolSpec t : c.tools()) {
                if (t.name().equals(c.toolChoice().name())) {
                    return t;
                }
            }
        }
        return c.tools().getFirst();
    }

    private static String orDefault(String s, String fallback) {
        return s.isEmpty() ? fallback : s;
    }
}
