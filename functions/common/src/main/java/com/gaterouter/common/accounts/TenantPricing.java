package com.gaterouter.common.accounts;

import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.common.usage.TokenUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a tenant pays instead of the catalog's list prices (docs/pricing.md, docs/finops.md): the
 * tenant's price table, one per tenant, versioned (every change is a new version, and every version
 * is kept, so a past month can be re-priced with the table as it was).
 * <ul>
 * <li>{@code contracts}: the tenant's contracts with vendors, effective-dated ({@link VendorTerms});
 * a request to a vendor is priced by that vendor's terms in force on its UTC day;</li>
 * <li>else the tenant-wide terms set by platform admins: a discount in basis points (0 to 10,000;
 * 1,500 = 15 % off) and per-model price overrides that replace the catalog's price in force.</li>
 * </ul>
 * A discount applies once to a request's exact cost before the single rounding, to negotiated or
 * overridden model prices too.
 *
 * @param overrides model id ({@code vendor/model}) → its prices, micro-USD per 1M tokens
 * @param contracts every vendor's terms, by vendor and then {@code effectiveFrom}
 */
public record TenantPricing(String tenantId, int discountBasisPoints, Map<String, PriceOverride> overrides,
                            List<VendorTerms> contracts, Instant createdAt, Instant updatedAt, long version)
        implements AccountEntity {

    public static final int FULL_PRICE_BASIS_POINTS = 10_000;

    /** A model's negotiated prices in micro-USD per 1M tokens (input, cached input, cache write, output). */
    public record PriceOverride(long inputPer1M, long cachedInputPer1M, long cacheWritePer1M, long outputPer1M) {
        public PriceOverride {
            if (inputPer1M < 0 || cachedInputPer1M < 0 || cacheWritePer1M < 0 || outputPer1M < 0) {
                throw new IllegalArgumentException("prices must not be negative");
            }
        }

        /** As a catalog price from {@code day} on. */
        public ModelPrice on(LocalDate day) {
            return new ModelPrice(day, inputPer1M, cachedInputPer1M, cacheWritePer1M, outputPer1M);
        }
    }

    /** A request's cost at list prices and under the tenant's terms, micro-USD each, and the table version that priced it. */
    public record PricedCost(long listMicros, long costMicros, long pricingVersion) {
    }

    private static final Comparator<VendorTerms> BY_VENDOR_THEN_DAY =
            Comparator.comparing(VendorTerms::vendor).thenComparing(VendorTerms::effectiveFrom);

    public TenantPricing {
        Objects.requireNonNull(tenantId, "tenantId");
        if (discountBasisPoints < 0 || discountBasisPoints > FULL_PRICE_BASIS_POINTS) {
            throw new IllegalArgumentException("discountBasisPoints must be 0 to 10000, not " + discountBasisPoints);
        }
        TreeMap<String, PriceOverride> sorted = new TreeMap<>();
        overrides.forEach((model, price) -> sorted.put(Objects.requireNonNull(model, "model id"),
                Objects.requireNonNull(price, "price of " + model)));
        overrides = Collections.unmodifiableSortedMap(sorted);
        contracts = Objects.requireNonNullElse(contracts, List.<VendorTerms>of()).stream().sorted(BY_VENDOR_THEN_DAY).toList();
        for (int i = 1; i < contracts.size(); i++) {
            if (BY_VENDOR_THEN_DAY.compare(contracts.get(i - 1), contracts.get(i)) == 0) {
                throw new IllegalArgumentException("two terms of " + contracts.get(i).vendor() + " from " + contracts.get(i).effectiveFrom());
            }
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Tenant-wide terms without contracts. */
    public TenantPricing(String tenantId, int discountBasisPoints, Map<String, PriceOverride> overrides,
                         Instant createdAt, Instant updatedAt, long version) {
        this(tenantId, discountBasisPoints, overrides, List.of(), createdAt, updatedAt, version);
    }

    /** No discount, no overrides, no contracts: what a tenant without pricing pays. */
    public static TenantPricing listPrices(String tenantId, Instant at) {
        return new TenantPricing(tenantId, 0, Map.of(), List.of(), at, at, 0);
    }

    /** The vendor's terms in force on {@code day}: those with the latest {@code effectiveFrom} on or before it. */
    public Optional<VendorTerms> termsOn(String vendor, LocalDate day) {
        VendorTerms found = null;
        for (VendorTerms terms : contracts) {
            if (terms.vendor().equals(vendor) && !terms.effectiveFrom().isAfter(day)) {
                found = terms;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The vendor's terms, oldest first. */
    public List<VendorTerms> contractsOf(String vendor) {
        return contracts.stream().filter(t -> t.vendor().equals(vendor)).toList();
    }

    /** The same table with {@code terms} recorded (replacing the vendor's terms from the same day, if any). */
    public List<VendorTerms> contractsWith(VendorTerms terms) {
        List<VendorTerms> kept = contracts.stream()
                .filter(t -> !(t.vendor().equals(terms.vendor()) && t.effectiveFrom().equals(terms.effectiveFrom())))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        kept.add(terms);
        return List.copyOf(kept);
    }

    /**
     * The one pricing rule (docs/pricing.md): {@code tokens} of the model {@code modelId} of {@code vendor}
     * on {@code day}, whose catalog (list) price that day is {@code listPrice}. The vendor's terms in force
     * that day price it if there are any (their negotiated price for the model, else the list price; their
     * discount); else the tenant-wide terms (override, else list; the tenant discount).
     */
    public PricedCost costOf(String modelId, String vendor, ModelPrice listPrice, TokenUsage tokens, LocalDate day) {
        long list = listPrice.costOf(tokens);
        AppliedPrice applied = priceOf(modelId, vendor, listPrice, day);
        long cost = applied.discountBasisPoints() == 0 && applied.price() == listPrice ? list
                : applied.price().costOf(tokens, applied.discountBasisPoints());
        return new PricedCost(list, cost, version);
    }

    /** The price a model's tokens are charged at on a day, and the discount taken off their exact sum. */
    public record AppliedPrice(ModelPrice price, int discountBasisPoints) {
    }

    /**
     * What {@link #costOf} prices the model with on {@code day}: the vendor's terms in force (their negotiated
     * price, else {@code listPrice}; their discount), else the tenant-wide terms (override, else list; the
     * tenant discount).
     */
    public AppliedPrice priceOf(String modelId, String vendor, ModelPrice listPrice, LocalDate day) {
        Optional<VendorTerms> contract = termsOn(vendor, day);
        PriceOverride negotiated = contract.isPresent() ? contract.get().modelPrices().get(modelId) : overrides.get(modelId);
        int discount = contract.map(VendorTerms::discountBasisPoints).orElse(discountBasisPoints);
        return new AppliedPrice(negotiated == null ? listPrice : negotiated.on(day), discount);
    }
}
