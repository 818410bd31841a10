package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.usage.TokenUsage;
import java.math.BigDecimal;

/** The {@code usage} object of the normal form (OpenAI's), read and written in one place. */
public final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** Reads OpenAI's usage, and DeepSeek's cache-hit field where OpenAI's cached_tokens is absent. */
    public static TokenUsage parse(JsonNode usage) {
        if (usage == null || usage.isMissingNode() || usage.isNull()) {
            return TokenUsage.NONE;
        }
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        if (cached == 0) {
            cached = usage.path("prompt_cache_hit_tokens").asLong(0);
        }
        long reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
        // cache writes (Anthropic, Bedrock) are priced apart; OpenRouter's field name carries them
        long cacheWrite = usage.path("prompt_tokens_details").path("cache_write_tokens").asLong(0);
        cached = Math.min(cached, prompt);
        return new TokenUsage(prompt, cached, Math.min(cacheWrite, prompt - cached), completion, Math.min(reasoning, completion));
    }

    /** Adds {@code cost} (USD, exact decimal of the micro-USD amount) to a usage object. */
    public static void putCost(ObjectNode usage, long costMicros) {
        usage.put("cost", new BigDecimal(UsdMicros.toDecimalString(costMicros)));
    }
}
