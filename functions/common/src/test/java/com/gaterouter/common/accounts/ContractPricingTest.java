package com.gaterouter.common.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.TenantPricing.PriceOverride;
import com.gaterouter.common.accounts.TenantPricing.PricedCost;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.common.usage.TokenUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one pricing rule with vendor contracts (docs/pricing.md, docs/finops.md): hand-computed figures. */
class ContractPricingTest {

    static final Instant AT = Instant.parse("2026-03-01T00:00:00Z");
    static final LocalDate MARCH_1 = LocalDate.parse("2026-03-01");
    static final LocalDate MARCH_15 = LocalDate.parse("2026-03-15");
    // gpt-4o-mini list: $0.15 in, $0.075 cached, $0.60 out per 1M
    static final ModelPrice MINI = new ModelPrice(LocalDate.parse("2024-07-18"), 150_000, 75_000, 150_000, 600_000);
    // 1,234 prompt (234 cached) and 567 completion tokens
    static final TokenUsage TOKENS = new TokenUsage(1_234, 234, 0, 567, 0);

    static VendorTerms openAi(LocalDate from, int discountBps, Map<String, PriceOverride> prices) {
        return new VendorTerms("openai", from, discountBps, prices, 0, 0, AT, "usr_finance");
    }

    @Test
    void theVendorsTermsInForceOnTheDayPriceTheRequestAndTheListCostTravelsWithIt() {
        TenantPricing table = new TenantPricing("acme", 0, Map.of(), List.of(openAi(MARCH_1, 2_000, Map.of())), AT, AT, 4);
        // list: 1,000 × 150,000 + 234 × 75,000 + 567 × 600,000 = 150,000,000 + 17,550,000 + 340,200,000 = 507,750,000
        //       / 10^6 = 507.75 → 508
        // 20 % off the exact sum: 507,750,000 × 8,000 / 10^10 = 406.2 → 406
        assertThat(table.costOf("openai/gpt-4o-mini", "openai", MINI, TOKENS, MARCH_15)).isEqualTo(new PricedCost(508, 406, 4));
        // the day before the terms: list prices, no table discount
        assertThat(table.costOf("openai/gpt-4o-mini", "openai", MINI, TOKENS, MARCH_1.minusDays(1))).isEqualTo(new PricedCost(508, 508, 4));
    }

    @Test
    void aNegotiatedModelPriceReplacesTheListPriceAndTheDiscountStillApplies() {
        PriceOverride negotiated = new PriceOverride(100_000, 50_000, 100_000, 400_000);
        TenantPricing table = new TenantPricing("acme", 0, Map.of(),
                List.of(openAi(MARCH_1, 1_000, Map.of("openai/gpt-4o-mini", negotiated))), AT, AT, 2);
        // 1,000 × 100,000 + 234 × 50,000 + 567 × 400,000 = 100,000,000 + 11,700,000 + 226,800,000 = 338,500,000
        // 10 % off: × 9,000 / 10^10 = 304.65 → 305
        assertThat(table.costOf("openai/gpt-4o-mini", "openai", MINI, TOKENS, MARCH_15).costMicros()).isEqualTo(305);
    }

    @Test
    void laterTermsTakeOverFromTheirDayAndAnotherVendorKeepsTheTenantWideTerms() {
        TenantPricing table = new TenantPricing("acme", 1_500, Map.of(),
                List.of(openAi(MARCH_1, 2_000, Map.of()), openAi(MARCH_15, 5_000, Map.of())), AT, AT, 7);
        assertThat(table.termsOn("openai", MARCH_15.minusDays(1)).orElseThrow().discountBasisPoints()).isEqualTo(2_000);
        assertThat(table.termsOn("openai", MARCH_15).orElseThrow().discountBasisPoints()).isEqualTo(5_000);
        // half off: 507,750,000 × 5,000 / 10^10 = 253.875 → 254
        assertThat(table.costOf("openai/gpt-4o-mini", "openai", MINI, TOKENS, MARCH_15).costMicros()).isEqualTo(254);
        // anthropic has no contract: the tenant-wide 15 %: 507,750,000 × 8,500 / 10^10 = 431.5875 → 432
        assertThat(table.termsOn("anthropic", MARCH_15)).isEmpty();
        assertThat(table.costOf("anthropic/x", "anthropic", MINI, TOKENS, MARCH_15).costMicros()).isEqualTo(432);
    }

    @Test
    void aContractReplacesTheTenantWideOverridesForItsVendor() {
        TenantPricing table = new TenantPricing("acme", 0,
                Map.of("openai/gpt-4o-mini", new PriceOverride(1, 1, 1, 1)), List.of(openAi(MARCH_1, 0, Map.of())), AT, AT, 3);
        // the contract names no price for the model: the list price, not the tenant-wide override
        assertThat(table.costOf("openai/gpt-4o-mini", "openai", MINI, TOKENS, MARCH_15).costMicros()).isEqualTo(508);
    }

    @Test
    void recordingTermsOfTheSameVendorAndDayReplacesThem() {
        TenantPricing table = new TenantPricing("acme", 0, Map.of(), List.of(openAi(MARCH_1, 2_000, Map.of())), AT, AT, 1);
        List<VendorTerms> next = table.contractsWith(openAi(MARCH_1, 2_500, Map.of()));
        assertThat(next).singleElement().extracting(VendorTerms::discountBasisPoints).isEqualTo(2_500);
        assertThat(table.contractsWith(openAi(MARCH_15, 0, Map.of()))).hasSize(2);
        assertThatThrownBy(() -> new TenantPricing("acme", 0, Map.of(),
                List.of(openAi(MARCH_1, 1, Map.of()), openAi(MARCH_1, 2, Map.of())), AT, AT, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
