package com.gaterouter.simulator.core;

import com.gaterouter.simulator.core.Conversation.Part;
import com.gaterouter.simulator.core.Conversation.ToolSpec;
import com.gaterouter.simulator.core.Conversation.Turn;
import com.gaterouter.simulator.text.TokenEstimator;

/**
 * Prompt token count, modelled on how chat APIs bill input: every message's content plus a
 * small per-message overhead (role and separators), a few tokens to prime the reply, and the
 * tool definitions. The same rule serves every vendor so cross-vendor comparisons are easy.
 */
public final class PromptTokens {

    /** Role and separators around each message (OpenAI's cookbook uses 3). */
    public static final int PER_MESSAGE = 3;
    /** Tokens that prime the assistant's reply. */
    public static final int REPLY_PRIMING = 3;
    /** A fixed cost for each image, audio clip or document (Gemini bills 258 per image). */
    public static final int MEDIA = 258;

    private PromptTokens() {
    }

    public static int count(Conversation c) {
        int total = REPLY_PRIMING;
        for (Turn t : c.turns()) {
            total += PER_MESSAGE;
            for (Part p : t.parts()) {
                total += part(p);
            }
        }
        for (ToolSpec tool : c.tools()) {
            total += tool(tool);
        }
        return total;
    }

    public static int part(Part p) {
        return switch (p) {
            case Part.Text t -> TokenEstimator.count(t.text());
            case Part.Media m -> MEDIA;
            case Part.ToolCall call -> TokenEstimator.count(call.name()) + TokenEstimator.count(call.argumentsJson());
            case Part.ToolResult r -> TokenEstimator.count(r.content());
        };
    }

    public static int tool(ToolSpec tool) {
        return TokenEstimator.count(tool.name()) + TokenEstimator.count(tool.description())
                + (tool.schema() == null ? 0 : TokenEstimator.count(tool.schema().toString()));
    }
}
