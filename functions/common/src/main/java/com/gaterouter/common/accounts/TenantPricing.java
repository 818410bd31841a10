package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a tenant pays instead of the catalog's list prices (docs/pricing.md): a discount in basis
 * points (0 to 10,000; 1,500 = 15 % off) applied once to every request's exact cost before the
 * single rounding, and per-model price overrides that replace the catalog's price in force. The
 * discount applies to overridden models too. Set by platform admins; one per tenant.
 *
 * @param overrides model id ({@code vendor/model}) → its prices, micro-USD per 1M tokens
 */
public record TenantPricing(String tenantId, int discountBasisPoints, Map<String, PriceOverride> overrides,
                            Instant createdAt, Instant updatedAt, long version) implements AccountEntity {

    public static final int FULL_PRICE_BASIS_POINTS = 10_000;

    /** A model's negotiated prices in micro-USD per 1M tokens (input, cached input, cache write, output). */
    public record PriceOverride(long inputPer1M, long cachedInputPer1M, long cacheWritePer1M, long outputPer1M) {
        public PriceOverride {
            if (inputPer1M < 0 || cachedInputPer1M < 0 || cacheWritePer1M < 0 || outputPer1M < 0) {
                throw new IllegalArgumentException("prices must not be negative");
            }
        }
    }

    public TenantPricing {
        Objects.requireNonNull(tenantId, "tenantId");
        if (discountBasisPoints < 0 || discountBasisPoints > FULL_PRICE_BASIS_POINTS) {
            throw new IllegalArgumentException("discountBasisPoints must be 0 to 10000, not " + discountBasisPoints);
        }
        TreeMap<String, PriceOverride> sorted = new TreeMap<>();
        overrides.forEach((model, price) -> sorted.put(Objects.requireNonNull(model, "model id"),
                Objects.requireNonNull(price, "price of " + model)));
        overrides = Collections.unmodifiableSortedMap(sorted);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
