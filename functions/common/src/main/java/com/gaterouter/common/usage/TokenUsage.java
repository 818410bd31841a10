package com.gaterouter.common.usage;

/**
 * Tokens of one request in the gateway's normal form (OpenAI's): {@code promptTokens} include
 * {@code cachedPromptTokens} and {@code cacheWriteTokens}; {@code completionTokens} include
 * {@code reasoningTokens}. Adapters fold each vendor's shape into this one.
 */
public record TokenUsage(
        long promptTokens,
        long cachedPromptTokens,
        long cacheWriteTokens,
        long completionTokens,
        long reasoningTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, 0);

    public TokenUsage {
        if (promptTokens < 0 || cachedPromptTokens < 0 || cacheWriteTokens < 0
                || completionTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        if (cachedPromptTokens + cacheWriteTokens > promptTokens) {
            throw new IllegalArgumentException("cached and cache-write tokens are part of prompt tokens");
        }
        if (reasoningTokens > completionTokens) {
            throw new IllegalArgumentException("reasoning tokens are part of completion tokens");
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** Prompt tokens billed at the plain input price. */
    public long uncachedPromptTokens() {
        return promptTokens - cachedPromptTokens - cacheWriteTokens;
    }
}
