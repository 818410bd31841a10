package com.gaterouter.common.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Money is a {@code long} count of micro-USD (1 USD = 1,000,000). These helpers are the only
 * place where micro-USD meet decimals, so every conversion follows one rule.
 *
 * <p>Rounding rule (docs/pricing.md): a cost is the exact sum of {@code tokens × price per
 * million tokens} over all token classes, divided by one million once, rounded half-up to a whole
 * micro-USD. Summing before dividing means splitting a request into token classes never adds
 * rounding error. A tenant discount of {@code bps} basis points multiplies that exact sum by
 * {@code (10000 − bps) / 10000} before the same single rounding ({@link #discountedCostOf}):
 * {@code round_half_up(Σ tokens × price × (10000 − bps) / 10000 / 1,000,000)}, in exact integers.
 */
public final class UsdMicros {

    public static final long PER_USD = 1_000_000L;
    private static final long TOKENS_PER_PRICE_UNIT = 1_000_000L;

    private UsdMicros() {
    }

    /** The rounded cost of {@code Σ tokens[i] × microsPerMillionTokens[i]}. */
    public static long costOf(long... tokenPricePairs) {
        if (tokenPricePairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected (tokens, price) pairs");
        }
        long exactTimesMillion = 0;
        for (int i = 0; i < tokenPricePairs.length; i += 2) {
            long tokens = tokenPricePairs[i];
            long price = tokenPricePairs[i + 1];
            if (tokens < 0 || price < 0) {
                throw new IllegalArgumentException("tokens and prices must not be negative");
            }
            exactTimesMillion = Math.addExact(exactTimesMillion, Math.multiplyExact(tokens, price));
        }
        return (exactTimesMillion + TOKENS_PER_PRICE_UNIT / 2) / TOKENS_PER_PRICE_UNIT;
    }

    /** Basis points in a whole: a discount of 10,000 basis points is 100 %. */
    public static final long BASIS_POINTS = 10_000L;
    private static final BigInteger DISCOUNTED_DIVISOR = BigInteger.valueOf(BASIS_POINTS * TOKENS_PER_PRICE_UNIT);

    /**
     * The rounded cost of {@code Σ tokens[i] × microsPerMillionTokens[i] × (10000 − discountBasisPoints) / 10000}:
     * the discount applies once, to the exact sum, and the result is rounded half-up once. Exact
     * (BigInteger) arithmetic; with no discount it equals {@link #costOf}.
     *
     * @param discountBasisPoints 0 (list price) to 10,000 (free)
     */
    public static long discountedCostOf(int discountBasisPoints, long... tokenPricePairs) {
        if (discountBasisPoints < 0 || discountBasisPoints > BASIS_POINTS) {
            throw new IllegalArgumentException("a discount is 0 to 10000 basis points, not " + discountBasisPoints);
        }
        if (tokenPricePairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected (tokens, price) pairs");
        }
        BigInteger exactTimesMillion = BigInteger.ZERO;
        for (int i = 0; i < tokenPricePairs.length; i += 2) {
            long tokens = tokenPricePairs[i];
            long price = tokenPricePairs[i + 1];
            if (tokens < 0 || price < 0) {
                throw new IllegalArgumentException("tokens and prices must not be negative");
            }
            exactTimesMillion = exactTimesMillion.add(BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(price)));
        }
        BigInteger numerator = exactTimesMillion.multiply(BigInteger.valueOf(BASIS_POINTS - discountBasisPoints));
        // round half up: (n + d/2) / d for non-negative n (d is even)
        return numerator.add(DISCOUNTED_DIVISOR.shiftRight(1)).divide(DISCOUNTED_DIVISOR).longValueExact();
    }

    /** Parses a decimal USD amount such as {@code "0.15"}; more than 6 decimals is an error, not a rounding. */
    public static long parseUsd(String usd) {
        BigDecimal micros = new BigDecimal(usd).movePointRight(6);
        try {
            return micros.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("USD amount has more than 6 decimal places: " + usd, e);
        }
    }

    /** {@code 1234567 → "1.234567"}: exact, for machine-readable headers and JSON. */
    public static String toDecimalString(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6).toPlainString();
    }

    /**
     * For messages to people: exact, with at least cents and no trailing zeros beyond them —
     * {@code 500000000 → "$500.00"}, {@code 995000 → "$0.995"}, {@code 308 → "$0.000308"},
     * {@code 1234567 → "$1.234567"}. Never rounded: a sub-cent amount is not "$0.00", and two
     * amounts that differ print differently.
     */
    public static String toDisplay(long micros) {
        BigDecimal usd = BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros();
        if (usd.scale() < 2) {
            usd = usd.setScale(2, RoundingMode.UNNECESSARY);
        }
        return (usd.signum() < 0 ? "-$" + usd.negate().toPlainString() : "$" + usd.toPlainString());
    }

    /**
     * {@code micros} rounded half-up (away from zero) to whole cents, for figures whose last digits
     * mean nothing — a projection, say — before {@link #toDisplay} shows them: {@code 513874833 → 513870000}.
     */
    public static long roundedToCents(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(4).setScale(0, RoundingMode.HALF_UP).movePointRight(4).longValueExact();
    }
}
