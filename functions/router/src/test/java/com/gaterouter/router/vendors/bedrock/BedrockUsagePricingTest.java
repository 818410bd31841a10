package com.gaterouter.router.vendors.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.router.catalog.ModelCatalog;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bedrock Converse usage (cache read and write) through the adapter's mapping, priced by hand. */
class BedrockUsagePricingTest {

    @Test
    void cacheReadAndWriteArePricedAtTheirOwnRates() throws Exception {
        TokenUsage tokens = BedrockResponseTranslator.usage(Json.MAPPER.readTree("""
                {"inputTokens":17,"outputTokens":99,"totalTokens":2275,"cacheReadInputTokens":2048,"cacheWriteInputTokens":111}"""));
        // normal form: prompt = 17 + 2,048 + 111 = 2,176
        assertThat(tokens).isEqualTo(new TokenUsage(2_176, 2_048, 111, 99, 0));
        // bedrock/claude-sonnet-4-5: $3.00 input, $0.30 cache read, $3.75 cache write, $15.00 output per 1M
        //   input         17 ×  3,000,000 =    51,000,000
        //   cache read 2,048 ×    300,000 =   614,400,000
        //   cache write  111 ×  3,750,000 =   416,250,000
        //   output        99 × 15,000,000 = 1,485,000,000
        //   sum                             2,566,650,000 / 1,000,000 = 2,566.65 → 2,567 micro-USD
        var model = ModelCatalog.load(Optional.empty()).resolve("bedrock/claude-sonnet-4-5").orElseThrow();
        assertThat(CallerPricing.LIST.costOf(model, tokens, Instant.parse("2026-01-15T12:00:00Z"))).isEqualTo(2_567);
    }
}
