package com.gaterouter.router.vendors.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.router.catalog.ModelCatalog;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Gemini's usageMetadata (cached content, thoughts) through the adapter's mapping, priced by hand. */
class GeminiUsagePricingTest {

    @Test
    void cachedContentAndThoughtsArePricedAsCachedInputAndOutput() throws Exception {
        TokenUsage tokens = GeminiResponseTranslator.usage(Json.MAPPER.readTree("""
                {"promptTokenCount":4321,"cachedContentTokenCount":4096,"candidatesTokenCount":123,
                 "thoughtsTokenCount":456,"totalTokenCount":4900}"""));
        // thoughts are billed as output but not in candidatesTokenCount: completion = 123 + 456 = 579
        assertThat(tokens).isEqualTo(new TokenUsage(4_321, 4_096, 0, 579, 456));
        // gemini/gemini-2.5-flash: $0.30 input, $0.03 cached, $2.50 output per 1M tokens
        //   uncached   225 ×   300,000 =    67,500,000
        //   cached   4,096 ×    30,000 =   122,880,000
        //   output     579 × 2,500,000 = 1,447,500,000
        //   sum                          1,637,880,000 / 1,000,000 = 1,637.88 → 1,638 micro-USD
        var model = ModelCatalog.load(Optional.empty()).resolve("gemini/gemini-2.5-flash").orElseThrow();
        assertThat(CallerPricing.LIST.costOf(model, tokens, Instant.parse("2026-01-15T12:00:00Z"))).isEqualTo(1_638);
    }
}
