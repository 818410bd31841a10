package com.gaterouter.simulator.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prompt-cache accounting.
 * <ul>
 *   <li>Implicit caching (OpenAI, DeepSeek, Gemini): a prompt longer than
 *       {@value #IMPLICIT_THRESHOLD} tokens reports half of its tokens (rounded down) as cached.
 *       Stateless, so the same request always reports the same usage.</li>
 *   <li>Explicit caching (Anthropic {@code cache_control}): the first request with a given
 *       prefix (everything up to the last marked block) writes it
 *       ({@code cache_creation_input_tokens}), later ones with the same prefix read it
 *       ({@code cache_read_input_tokens}). No minimum length and no expiry.</li>
 * </ul>
 */
public final class PromptCache {

    public static final int IMPLICIT_THRESHOLD = 1024;

    private final Set<String> written = ConcurrentHashMap.newKeySet();

    /** Cached tokens for implicit caching. */
    public static int implicitCached(int promptTokens) {
        return promptTokens > IMPLICIT_THRESHOLD ? promptTokens / 2 : 0;
    }

    /** True the first time a prefix is seen (a cache write), false afterwards (a cache read). */
    public boolean write(String prefixKey) {
        return written.add(prefixKey);
    }

    public void clear() {
        written.clear();
    }
}
