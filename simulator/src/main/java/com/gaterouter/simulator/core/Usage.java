package com.gaterouter.simulator.core;

/**
 * Token usage of one answer, vendor-neutral.
 *
 * @param promptTokens        all input tokens, cached ones included
 * @param outputTokens        visible output: reply text or tool-call arguments
 * @param reasoningTokens     hidden or shown reasoning/thinking tokens (billed as output)
 * @param cachedPromptTokens  input tokens served from the prompt cache (a cache read)
 * @param cacheCreationTokens input tokens written to the prompt cache (Anthropic only)
 */
public record Usage(int promptTokens, int outputTokens, int reasoningTokens, int cachedPromptTokens,
        int cacheCreationTokens) {

    /** Output including reasoning, as OpenAI's completion_tokens. */
    public int completionTokens() {
        return outputTokens + reasoningTokens;
    }

    public int totalTokens() {
        return promptTokens + completionTokens();
    }

    /** Input tokens neither read from nor written to the cache (Anthropic's input_tokens). */
    public int uncachedPromptTokens() {
        return promptTokens - cachedPromptTokens - cacheCreationTokens;
    }
}
