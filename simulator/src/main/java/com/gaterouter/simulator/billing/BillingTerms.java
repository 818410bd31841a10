package com.gaterouter.simulator.billing;

import com.gaterouter.simulator.SimPrice;
import com.gaterouter.simulator.SimVendor;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Each vendor's price list and negotiated discount: what the billing exports charge. A line costs
 * {@code tokens × price per 1M × (100 − discount %) / 100}, exactly (no rounding here: each export
 * writes the exact decimal in its own unit).
 */
public final class BillingTerms {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** One vendor's terms. */
    public record Terms(Map<String, SimPrice> prices, BigDecimal discountPercent) {
        public Terms {
            prices = Map.copyOf(prices);
            Objects.requireNonNull(discountPercent, "discountPercent");
            if (discountPercent.signum() < 0 || discountPercent.compareTo(HUNDRED) > 0) {
                throw new IllegalArgumentException("discountPercent must be 0 to 100, not " + discountPercent.toPlainString());
            }
        }
    }

    private final Map<SimVendor, Terms> terms = new EnumMap<>(SimVendor.class);

    public BillingTerms(Map<SimVendor, Map<String, SimPrice>> prices) {
        for (SimVendor vendor : SimVendor.values()) {
            terms.put(vendor, new Terms(prices.getOrDefault(vendor, Map.of()), BigDecimal.ZERO));
        }
    }

    public synchronized Terms of(SimVendor vendor) {
        return terms.get(vendor);
    }

    /** Replaces a vendor's terms. */
    public synchronized void replace(SimVendor vendor, Terms replacement) {
        terms.put(vendor, Objects.requireNonNull(replacement));
    }

    /** What {@code tokens} of one class of {@code model} cost at the vendor's terms, in USD, exact. */
    public BigDecimal usd(SimVendor vendor, String model, TokenKind kind, long tokens) {
        Terms t = of(vendor);
        SimPrice price = t.prices().get(model);
        if (price == null || tokens == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = BigDecimal.valueOf(tokens).multiply(BigDecimal.valueOf(kind.price(price)))
                .multiply(HUNDRED.subtract(t.discountPercent())).movePointLeft(14);
        return exact.signum() == 0 ? BigDecimal.ZERO : exact.stripTrailingZeros();
    }
}
