package com.gaterouter.router.vendors.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.router.catalog.ModelCatalog;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Anthropic's usage shape (cache reads and cache creation) through the adapter's mapping, priced by hand. */
class AnthropicUsagePricingTest {

    @Test
    void cacheReadAndCacheCreationArePricedAtTheirOwnRates() throws Exception {
        TokenUsage tokens = AnthropicResponseTranslator.usage(Json.MAPPER.readTree("""
                {"input_tokens":21,"cache_creation_input_tokens":1333,"cache_read_input_tokens":1800,"output_tokens":407,
                 "service_tier":"standard"}"""));
        // normal form: prompt = 21 + 1,800 + 1,333 = 3,154, of which 1,800 cached and 1,333 cache writes
        assertThat(tokens).isEqualTo(new TokenUsage(3_154, 1_800, 1_333, 407, 0));
        // anthropic/claude-sonnet-4-5: $3.00 input, $0.30 cache read, $3.75 cache write, $15.00 output per 1M
        //   input        21 ×  3,000,000 =     63,000,000
        //   cache read 1,800 ×    300,000 =    540,000,000
        //   cache write 1,333 × 3,750,000 =  4,998,750,000
        //   output      407 × 15,000,000 =  6,105,000,000
        //   sum                           11,706,750,000 / 1,000,000 = 11,706.75 → 11,707 micro-USD
        var model = ModelCatalog.load(Optional.empty()).resolve("anthropic/claude-sonnet-4-5").orElseThrow();
        assertThat(CallerPricing.LIST.costOf(model, tokens, Instant.parse("2026-01-15T12:00:00Z"))).isEqualTo(11_707);
    }
}
