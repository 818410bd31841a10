package com.gaterouter.admin.reconciliation;

import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import com.gaterouter.common.usage.TokenUsage;
import java.util.List;

/**
 * Tokens per class a vendor bills separately: uncached input, cached input (cache reads), cache
 * writes and output. A difference of two may be negative.
 */
public record Tokens(long input, long cachedInput, long cacheWrite, long output) {

    public static final Tokens ZERO = new Tokens(0, 0, 0, 0);

    /** The classes a row compares, in report order. */
    public static final List<TokenClass> CLASSES = List.of(TokenClass.INPUT, TokenClass.CACHED_INPUT, TokenClass.CACHE_WRITE,
            TokenClass.OUTPUT);

    /** One request's tokens: input is prompt − cached − cache write, output is completion. */
    public static Tokens of(TokenUsage usage) {
        return new Tokens(usage.uncachedPromptTokens(), usage.cachedPromptTokens(), usage.cacheWriteTokens(), usage.completionTokens());
    }

    public long of(TokenClass tokenClass) {
        return switch (tokenClass) {
            case INPUT -> input;
            case CACHED_INPUT -> cachedInput;
            case CACHE_WRITE -> cacheWrite;
            case OUTPUT -> output;
            case OTHER -> 0;
        };
    }

    public Tokens plus(TokenClass tokenClass, long tokens) {
        return switch (tokenClass) {
            case INPUT -> new Tokens(input + tokens, cachedInput, cacheWrite, output);
            case CACHED_INPUT -> new Tokens(input, cachedInput + tokens, cacheWrite, output);
            case CACHE_WRITE -> new Tokens(input, cachedInput, cacheWrite + tokens, output);
            case OUTPUT -> new Tokens(input, cachedInput, cacheWrite, output + tokens);
            case OTHER -> this;
        };
    }

    public Tokens plus(Tokens o) {
        return new Tokens(input + o.input, cachedInput + o.cachedInput, cacheWrite + o.cacheWrite, output + o.output);
    }

    public Tokens minus(Tokens o) {
        return new Tokens(input - o.input, cachedInput - o.cachedInput, cacheWrite - o.cacheWrite, output - o.output);
    }

    /** Every prompt token: uncached, cached and cache write. */
    public long prompt() {
        return input + cachedInput + cacheWrite;
    }

    public long total() {
        return prompt() + output;
    }

    /** No class negative, and at least one positive. */
    boolean allAtLeastZeroSomeMore() {
        return input >= 0 && cachedInput >= 0 && cacheWrite >= 0 && output >= 0 && !equals(ZERO);
    }

    /** No class positive, and at least one negative. */
    boolean allAtMostZeroSomeLess() {
        return input <= 0 && cachedInput <= 0 && cacheWrite <= 0 && output <= 0 && !equals(ZERO);
    }
}
