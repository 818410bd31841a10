package com.gaterouter.admin.reconciliation;

/**
 * What each export format rounds a line's cost to, in micro-USD: half of it per line is the
 * export's share of a row's rounding tolerance (docs/finops.md, "Reconciliation").
 *
 * <ul>
 *   <li>{@code openai}, {@code google-billing}, {@code aws-cur}: amounts are given as decimal numbers
 *       at least as fine as the micro-dollar, which the parsers round half up to: 1 µ$.
 *   <li>{@code anthropic}: amounts are given in cents with two decimals, 1/100 cent: 100 µ$.
 * </ul>
 * A format not listed counts as 1 µ$.
 */
final class ExportUnits {

    private ExportUnits() {
    }

    static long unitMicros(String format) {
        return switch (format) {
            case "anthropic" -> 100;
            default -> 1;
        };
    }
}
