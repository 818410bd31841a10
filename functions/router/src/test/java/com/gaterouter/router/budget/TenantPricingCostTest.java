package com.gaterouter.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.TenantPricing.PriceOverride;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A tenant's discount and price overrides (docs/pricing.md), against figures computed by hand:
 * the override replaces the catalog's price, the discount applies once to the exact sum, one
 * rounding; the worst-case reservation uses the same prices.
 */
class TenantPricingCostTest {

    static final ModelCatalog CATALOG = ModelCatalog.load(Optional.empty());
    static final Instant AT = Instant.parse("2026-01-15T12:00:00Z");
    static final ModelSpec GPT_5 = CATALOG.resolve("openai/gpt-5").orElseThrow();
    static final ModelSpec SONNET = CATALOG.resolve("anthropic/claude-sonnet-4-5").orElseThrow();

    /** 15 % off everything; gpt-5 at $1.00 input, $0.10 cached, $1.00 cache write, $8.00 output per 1M. */
    static final CallerPricing TENANT = CallerPricing.of(Optional.of(new TenantPricing("acme", 1_500,
            Map.of("openai/gpt-5", new PriceOverride(1_000_000, 100_000, 1_000_000, 8_000_000)), AT, AT, 1)));

    @Test
    void anOverrideReplacesTheCatalogPriceAndTheDiscountAppliesOnceBeforeRounding() {
        TokenUsage tokens = new TokenUsage(2_006, 1_920, 0, 333, 256);
        // override: 86 × 1,000,000 + 1,920 × 100,000 + 333 × 8,000,000
        //         = 86,000,000 + 192,000,000 + 2,664,000,000 = 2,942,000,000
        // 15 % off: × 8,500 / 10,000 → 2,942,000,000 × 8,500 = 25,007,000,000,000; / 10^10 = 2,500.7 → 2,501 micro-USD
        assertThat(TENANT.costOf(GPT_5, tokens, AT)).isEqualTo(2_501);
        // the list cost travels with it: what the same tokens cost at the catalog's price
        assertThat(TENANT.priced(GPT_5, tokens, AT).listMicros()).isEqualTo(3_678);
        // list price for comparison (UsagePricingTest): 3,677.5 → 3,678
        assertThat(CallerPricing.LIST.costOf(GPT_5, tokens, AT)).isEqualTo(3_678);
    }

    @Test
    void aModelWithoutAnOverrideKeepsTheCatalogPriceButGetsTheDiscount() {
        TokenUsage tokens = new TokenUsage(3_154, 1_800, 1_333, 407, 0);
        // catalog (claude-sonnet-4-5): 11,706,750,000 (AnthropicUsagePricingTest) × 8,500 = 99,507,375,000,000
        // / 10^10 = 9,950.7375 → 9,951 micro-USD
        assertThat(TENANT.costOf(SONNET, tokens, AT)).isEqualTo(9_951);
    }

    @Test
    void discountRoundsOnceNotTwice() {
        // gpt-4o-mini list ($0.15 / $0.60): 1,234 × 150,000 + 567 × 600,000 = 525,300,000 → 525.3
        // 15 % off the exact sum: 525,300,000 × 8,500 / 10^10 = 446.505 → 447 (rounding first: 525 × 0.85 = 446.25 → 446)
        CallerPricing discountOnly = CallerPricing.of(Optional.of(new TenantPricing("acme", 1_500, Map.of(), AT, AT, 1)));
        ModelSpec mini = CATALOG.resolve("openai/gpt-4o-mini").orElseThrow();
        assertThat(discountOnly.costOf(mini, new TokenUsage(1_234, 0, 0, 567, 0), AT)).isEqualTo(447);
    }

    @Test
    void theWorstCaseReservationUsesTheTenantsPrices() {
        ObjectNode body = (ObjectNode) Json.MAPPER.valueToTree(Map.of(
                "messages", List.of(Map.of("role", "user", "content", "hi")), "max_completion_tokens", 1_000));
        // {"role":"user","content":"hi"} is 30 bytes + 8 for the message + 16 for the request = 54 prompt tokens (a bound)
        assertThat(WorstCase.ofChat(body, List.of(GPT_5), AT, TENANT::costOf).tokens()).isEqualTo(54 + 1_000);
        // tenant: (54 × 1,000,000 + 1,000 × 8,000,000) × 8,500 / 10^10 = 8,054,000,000 × 0.85 / 10^6 = 6,845.9 → 6,846
        assertThat(WorstCase.ofChat(body, List.of(GPT_5), AT, TENANT::costOf).usdMicros()).isEqualTo(6_846);
        // list: 54 × 1,250,000 + 1,000 × 10,000,000 = 10,067,500,000 / 10^6 = 10,067.5 → 10,068
        assertThat(WorstCase.ofChat(body, List.of(GPT_5), AT, CallerPricing.LIST::costOf).usdMicros()).isEqualTo(10_068);
    }

    @Test
    void callerBudgetsCarryTheTenantsPricingFromTheScopeChain() {
        TenantPricing pricing = new TenantPricing("acme", 250, Map.of(), AT, AT, 3);
        var chain = new com.gaterouter.common.accounts.ScopeChain(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.of(pricing));
        assertThat(CallerBudgets.of(chain).pricing()).isEqualTo(new CallerPricing(Optional.of(pricing)));
        assertThat(CallerBudgets.NONE.pricing()).isEqualTo(CallerPricing.LIST);
    }

    @Test
    void aVendorContractInForcePricesItsVendorsRequestsAndTheWorstCaseReservesAtItToo() {
        // openai's terms from 2026-01-01: 20 % off (the tenant-wide 15 % stays for other vendors)
        var terms = new com.gaterouter.common.accounts.VendorTerms("openai", LocalDate.parse("2026-01-01"), 2_000, Map.of(),
                0, 0, AT, "usr_finance");
        CallerPricing contract = CallerPricing.of(Optional.of(new TenantPricing("acme", 1_500, Map.of(), List.of(terms), AT, AT, 5)));
        TokenUsage tokens = new TokenUsage(2_006, 1_920, 0, 333, 256);
        // gpt-5 list (UsagePricingTest): 3,677,500,000 / 10^6 = 3,677.5 → 3,678; 20 % off: 3,677,500,000 × 8,000 / 10^10 = 2,942
        var priced = contract.priced(GPT_5, tokens, AT);
        assertThat(priced.listMicros()).isEqualTo(3_678);
        assertThat(priced.costMicros()).isEqualTo(2_942);
        assertThat(priced.pricingVersion()).isEqualTo(5);
        // the day before the terms: the tenant-wide 15 %: 3,677,500,000 × 8,500 / 10^10 = 3,125.875 → 3,126
        assertThat(contract.costOf(GPT_5, tokens, Instant.parse("2025-12-31T23:59:59Z"))).isEqualTo(3_126);
        // another vendor keeps the tenant-wide terms: 9,951 as in aModelWithoutAnOverrideKeepsTheCatalogPriceButGetsTheDiscount
        assertThat(contract.costOf(SONNET, new TokenUsage(3_154, 1_800, 1_333, 407, 0), AT)).isEqualTo(9_951);
        // what the budget reserves is priced the same way: 54 prompt + 1,000 output tokens of gpt-5 at 20 % off
        // (54 × 1,250,000 + 1,000 × 10,000,000) × 8,000 / 10^10 = 10,067,500,000 × 0.8 / 10^6 = 8,054
        ObjectNode body = (ObjectNode) Json.MAPPER.valueToTree(Map.of(
                "messages", List.of(Map.of("role", "user", "content", "hi")), "max_completion_tokens", 1_000));
        assertThat(WorstCase.ofChat(body, List.of(GPT_5), AT, contract::costOf).usdMicros()).isEqualTo(8_054);
    }
}
