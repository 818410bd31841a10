package com.gaterouter.router.catalog;

import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.TenantPricing.PricedCost;
import com.gaterouter.common.usage.TokenUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * The prices one caller pays (docs/pricing.md): its tenant's price table ({@link TenantPricing#costOf}:
 * the vendor's contract terms in force on the request's UTC day, else the tenant-wide overrides and
 * discount) over the catalog's price in force that day. Metering and the worst-case reservation both
 * price through this, so what is reserved and what is charged agree.
 */
public record CallerPricing(Optional<TenantPricing> table) {

    /** The catalog's list prices: no price table. */
    public static final CallerPricing LIST = new CallerPricing(Optional.empty());

    public CallerPricing {
        Objects.requireNonNull(table, "table");
    }

    /** From the tenant's pricing as the scope chain read it; list prices when it has none. */
    public static CallerPricing of(Optional<TenantPricing> pricing) {
        return pricing.isEmpty() ? LIST : new CallerPricing(pricing);
    }

    /** What {@code tokens} on {@code model} cost at list prices and as this caller pays, at {@code at} (its UTC day). */
    public PricedCost priced(ModelSpec model, TokenUsage tokens, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        if (table.isEmpty()) {
            long list = model.priceOn(day).costOf(tokens);
            return new PricedCost(list, list, 0);
        }
        return table.get().costOf(model.id(), model.vendor(), model.priceOn(day), tokens, day);
    }

    /** What {@code tokens} on {@code model} cost this caller at {@code at} (the price of its UTC day), in micro-USD. */
    public long costOf(ModelSpec model, TokenUsage tokens, Instant at) {
        return priced(model, tokens, at).costMicros();
    }
}
