package com.gaterouter.common.money;

import com.gaterouter.common.usage.TokenUsage;
import java.time.LocalDate;

/**
 * A model's price from {@code effective} on, in micro-USD per 1M tokens. Cache writes are
 * billed at {@code cacheWritePer1M} (Anthropic charges a premium; vendors without it use input).
 */
public record ModelPrice(LocalDate effective, long inputPer1M, long cachedInputPer1M, long cacheWritePer1M, long outputPer1M) {

    public ModelPrice {
        if (inputPer1M < 0 || cachedInputPer1M < 0 || cacheWritePer1M < 0 || outputPer1M < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    /** Cost under the rounding rule of {@link UsdMicros#costOf}; reasoning tokens are output tokens. */
    public long costOf(TokenUsage usage) {
        return UsdMicros.costOf(
                usage.uncachedPromptTokens(), inputPer1M,
                usage.cachedPromptTokens(), cachedInputPer1M,
                usage.cacheWriteTokens(), cacheWritePer1M,
                usage.completionTokens(), outputPer1M);
    }

    /**
     * Cost with a discount of {@code discountBasisPoints} applied once to the exact sum before the one
     * rounding ({@link UsdMicros#discountedCostOf}); with 0 it equals {@link #costOf(TokenUsage)}.
     */
    public long costOf(TokenUsage usage, int discountBasisPoints) {
        return UsdMicros.discountedCostOf(discountBasisPoints,
                usage.uncachedPromptTokens(), inputPer1M,
                usage.cachedPromptTokens(), cachedInputPer1M,
                usage.cacheWriteTokens(), cacheWritePer1M,
                usage.completionTokens(), outputPer1M);
    }
}
