package com.gaterouter.router.catalog;

import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.TenantPricing.PriceOverride;
import com.gaterouter.common.usage.TokenUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices one caller pays (docs/pricing.md): for each model, its tenant's override if it has one,
 * else the catalog's price in force on the request's UTC day; then the tenant's discount, applied
 * once to the request's exact cost before the single rounding. Metering and the worst-case
 * reservation both price through this, so what is reserved and what is charged agree.
 *
 * @param overrides model id → its prices in micro-USD per 1M tokens
 */
public record CallerPricing(int discountBasisPoints, Map<String, PriceOverride> overrides) {

    /** The catalog's list prices: no discount, no overrides. */
    public static final CallerPricing LIST = new CallerPricing(0, Map.of());

    public CallerPricing {
        if (discountBasisPoints < 0 || discountBasisPoints > TenantPricing.FULL_PRICE_BASIS_POINTS) {
            throw new IllegalArgumentException("discountBasisPoints must be 0 to 10000, not " + discountBasisPoints);
        }
        overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    }

    /** From the tenant's pricing as the scope chain read it; list prices when it has none. */
    public static CallerPricing of(Optional<TenantPricing> pricing) {
        return pricing.map(p -> new CallerPricing(p.discountBasisPoints(), p.overrides())).orElse(LIST);
    }

    /** The undiscounted price of {@code model} on {@code day}: the tenant's override, else the catalog's. */
    public ModelPrice priceOn(ModelSpec model, LocalDate day) {
        PriceOverride override = overrides.get(model.id());
        if (override == null) {
            return model.priceOn(day);
        }
        return new ModelPrice(day, override.inputPer1M(), override.cachedInputPer1M(), override.cacheWritePer1M(),
                override.outputPer1M());
    }

    /** What {@code tokens} on {@code model} cost this caller at {@code at} (the price of its UTC day), in micro-USD. */
    public long costOf(ModelSpec model, TokenUsage tokens, Instant at) {
        return priceOn(model, LocalDate.ofInstant(at, ZoneOffset.UTC)).costOf(tokens, discountBasisPoints);
    }
}
