package com.gaterouter.common.billing;

import com.gaterouter.common.billing.InvoiceLine.TokenClass;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sums an export's rows into {@link InvoiceLine}s, one per model x UTC day x token class x account:
 * tokens and requests add up, costs add up exactly in USD and are rounded half up to the micro-dollar
 * once per line (only when the export is finer than that).
 */
final class LineSums {

    private record Key(String model, LocalDate day, TokenClass tokenClass, String account) {
    }

    private static final class Sum {
        Long tokens;
        Long requests;
        BigDecimal usd = BigDecimal.ZERO;
    }

    private final String vendor;
    private final Map<Key, Sum> sums = new LinkedHashMap<>();

    LineSums(String vendor) {
        this.vendor = vendor;
    }

    /** Adds cost (USD, exact) and, when known, tokens and requests to the line for the key. */
    void add(String model, LocalDate day, TokenClass tokenClass, Optional<String> account,
             OptionalLong tokens, OptionalLong requests, BigDecimal usd) {
        Sum sum = sums.computeIfAbsent(new Key(model, day, tokenClass, account.orElse(null)), k -> new Sum());
        if (tokens.isPresent()) {
            sum.tokens = Math.addExact(sum.tokens == null ? 0 : sum.tokens, tokens.getAsLong());
        }
        if (requests.isPresent()) {
            sum.requests = Math.addExact(sum.requests == null ? 0 : sum.requests, requests.getAsLong());
        }
        sum.usd = sum.usd.add(usd);
    }

    /** The lines, ordered by day, model, token class and account. */
    List<InvoiceLine> lines() {
        List<InvoiceLine> lines = new ArrayList<>(sums.size());
        sums.forEach((key, sum) -> lines.add(new InvoiceLine(vendor, key.model(), key.day(), key.tokenClass(),
                sum.tokens == null ? OptionalLong.empty() : OptionalLong.of(sum.tokens),
                sum.requests == null ? OptionalLong.empty() : OptionalLong.of(sum.requests),
                micros(sum.usd), Optional.ofNullable(key.account()))));
        lines.sort(Comparator.comparing(InvoiceLine::day).thenComparing(InvoiceLine::vendorModel)
                .thenComparing(InvoiceLine::tokenClass).thenComparing(line -> line.account().orElse("")));
        return List.copyOf(lines);
    }

    /** USD to micro-USD, half up only when the amount is finer than a micro-dollar. */
    static long micros(BigDecimal usd) {
        try {
            return usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new InvoiceFormatException("amount out of range: " + usd.toPlainString(), e);
        }
    }
}
