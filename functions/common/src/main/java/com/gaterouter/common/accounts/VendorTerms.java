package com.gaterouter.common.accounts;

import com.gaterouter.common.accounts.TenantPricing.PriceOverride;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A tenant's contract with one vendor from a day on (docs/finops.md, contract pricing): a discount on
 * the vendor's list prices, negotiated prices for some models, prepaid credits granted on
 * {@code effectiveFrom} and drawn down before anything is billed, and a monthly commitment (spend
 * below it is still owed). The terms hold until the next terms of the same vendor take effect.
 *
 * @param vendor              the catalog vendor ({@code openai}, {@code anthropic}, …)
 * @param effectiveFrom       the first UTC day the terms price
 * @param discountBasisPoints 0 to 10,000 (2,000 = 20 % off), applied once to each request's exact cost
 *                            before the one rounding, negotiated model prices included
 * @param modelPrices         catalog model id → its negotiated prices (micro-USD per 1M tokens), in
 *                            place of the catalog's list price
 * @param creditsMicros       prepaid credits granted with these terms, micro-USD (0: none)
 * @param monthlyCommitMicros the monthly commitment, micro-USD (0: none)
 * @param billingAccount      the vendor-side account whose usage is this tenant's (an OpenAI project id, an
 *                            Anthropic workspace id): what the scheduled fetch of the vendor's usage and cost
 *                            export reconciles; empty: not fetched
 * @param setAt               when these terms were recorded
 * @param setBy               who recorded them (the admin's id)
 */
public record VendorTerms(String vendor, LocalDate effectiveFrom, int discountBasisPoints, Map<String, PriceOverride> modelPrices,
                          long creditsMicros, long monthlyCommitMicros, java.util.Optional<String> billingAccount, Instant setAt,
                          String setBy) {

    public VendorTerms {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (discountBasisPoints < 0 || discountBasisPoints > TenantPricing.FULL_PRICE_BASIS_POINTS) {
            throw new IllegalArgumentException("discountBasisPoints must be 0 to 10000, not " + discountBasisPoints);
        }
        TreeMap<String, PriceOverride> sorted = new TreeMap<>();
        Objects.requireNonNull(modelPrices, "modelPrices").forEach((model, price) -> sorted.put(
                Objects.requireNonNull(model, "model id"), Objects.requireNonNull(price, "price of " + model)));
        modelPrices = Collections.unmodifiableSortedMap(sorted);
        if (creditsMicros < 0 || monthlyCommitMicros < 0) {
            throw new IllegalArgumentException("credits and commitment must not be negative");
        }
        billingAccount = Objects.requireNonNullElse(billingAccount, java.util.Optional.empty());
        Objects.requireNonNull(setAt, "setAt");
        Objects.requireNonNull(setBy, "setBy");
    }

    /** Terms without a billing account. */
    public VendorTerms(String vendor, LocalDate effectiveFrom, int discountBasisPoints, Map<String, PriceOverride> modelPrices,
                       long creditsMicros, long monthlyCommitMicros, Instant setAt, String setBy) {
        this(vendor, effectiveFrom, discountBasisPoints, modelPrices, creditsMicros, monthlyCommitMicros, java.util.Optional.empty(),
                setAt, setBy);
    }

    /** The same terms, recorded at another time by another admin (what a replacement compares without). */
    public boolean sameTermsAs(VendorTerms other) {
        return vendor.equals(other.vendor) && effectiveFrom.equals(other.effectiveFrom)
                && discountBasisPoints == other.discountBasisPoints && modelPrices.equals(other.modelPrices)
                && creditsMicros == other.creditsMicros && monthlyCommitMicros == other.monthlyCommitMicros
                && billingAccount.equals(other.billingAccount);
    }
}
