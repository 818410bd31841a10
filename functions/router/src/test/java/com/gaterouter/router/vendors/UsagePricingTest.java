package com.gaterouter.router.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.router.catalog.ModelCatalog;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's and DeepSeek's usage shapes, parsed by the adapter's mapping ({@link OpenAiUsage}) and
 * priced at the catalog's list prices, against figures computed by hand (docs/pricing.md).
 */
class UsagePricingTest {

    static final ModelCatalog CATALOG = ModelCatalog.load(Optional.empty());
    static final Instant AT = Instant.parse("2026-01-15T12:00:00Z");

    @Test
    void openAiCachedAndReasoningTokens() throws Exception {
        TokenUsage tokens = OpenAiUsage.parse(Json.MAPPER.readTree("""
                {"prompt_tokens":2006,"completion_tokens":333,"total_tokens":2339,
                 "prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},
                 "completion_tokens_details":{"reasoning_tokens":256,"audio_tokens":0}}"""));
        assertThat(tokens).isEqualTo(new TokenUsage(2_006, 1_920, 0, 333, 256));
        // openai/gpt-5: $1.25 input, $0.125 cached input, $10.00 output per 1M tokens
        //   uncached   86 × 1,250,000 =   107,500,000
        //   cached  1,920 ×   125,000 =   240,000,000
        //   output    333 × 10,000,000 = 3,330,000,000   (reasoning 256 is part of the 333)
        //   sum                          3,677,500,000 / 1,000,000 = 3,677.5 → 3,678 micro-USD (half up)
        assertThat(CallerPricing.LIST.costOf(CATALOG.resolve("openai/gpt-5").orElseThrow(), tokens, AT)).isEqualTo(3_678);
    }

    @Test
    void deepSeekCacheHitAndMiss() throws Exception {
        TokenUsage tokens = OpenAiUsage.parse(Json.MAPPER.readTree("""
                {"prompt_tokens":1500,"completion_tokens":250,"total_tokens":1750,
                 "prompt_cache_hit_tokens":1280,"prompt_cache_miss_tokens":220}"""));
        assertThat(tokens).isEqualTo(new TokenUsage(1_500, 1_280, 0, 250, 0));
        // deepseek/deepseek-chat: $0.28 miss, $0.028 hit, $0.42 output per 1M tokens
        //   miss   220 × 280,000 =  61,600,000
        //   hit  1,280 ×  28,000 =  35,840,000
        //   out    250 × 420,000 = 105,000,000
        //   sum                    202,440,000 / 1,000,000 = 202.44 → 202 micro-USD
        assertThat(CallerPricing.LIST.costOf(CATALOG.resolve("deepseek/deepseek-chat").orElseThrow(), tokens, AT)).isEqualTo(202);
    }

    @Test
    void deepSeekReasonerReasoningTokensAreOutput() throws Exception {
        TokenUsage tokens = OpenAiUsage.parse(Json.MAPPER.readTree("""
                {"prompt_tokens":40,"completion_tokens":1210,"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":40,
                 "completion_tokens_details":{"reasoning_tokens":1000}}"""));
        assertThat(tokens).isEqualTo(new TokenUsage(40, 0, 0, 1_210, 1_000));
        // deepseek/deepseek-reasoner: $0.28 input, $0.42 output per 1M tokens
        //   40 × 280,000 + 1,210 × 420,000 = 11,200,000 + 508,200,000 = 519,400,000 → 519.4 → 519 micro-USD
        assertThat(CallerPricing.LIST.costOf(CATALOG.resolve("deepseek/deepseek-reasoner").orElseThrow(), tokens, AT)).isEqualTo(519);
    }
}
