package com.gaterouter.admin.reconciliation;

import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A reconciliation's figures: one row per vendor × catalog model × UTC day, each with the gateway's
 * and the invoice's tokens per class, requests and cost, the difference and its cause, and a summary.
 * Money is micro-USD ({@code long}); only unit prices are decimals.
 */
public record ReconciliationReport(List<Row> rows, Summary summary) {

    /** What the gateway recorded for a row: requests that reached the vendor, tokens per class, cost charged. */
    public record GatewaySide(long requests, Tokens tokens, long costMicros) {
        public static final GatewaySide NONE = new GatewaySide(0, Tokens.ZERO, 0);

        GatewaySide plus(GatewaySide o) {
            return new GatewaySide(requests + o.requests, tokens.plus(o.tokens), costMicros + o.costMicros);
        }
    }

    /**
     * What the invoice says for a row.
     *
     * @param lines       the export's lines in the row
     * @param requests    the most requests any of the row's lines states (exports repeat a model-day's
     *                    request count on each token class's line); empty when none states one
     * @param tokens      tokens per class; empty when a token class's line states no tokens (a cost-only export)
     * @param costMicros  every line's cost, {@code OTHER} lines too
     * @param costByClass the cost per token class
     */
    public record InvoiceSide(int lines, OptionalLong requests, Optional<Tokens> tokens, long costMicros,
                              Map<TokenClass, Long> costByClass) {
        public static final InvoiceSide NONE = new InvoiceSide(0, OptionalLong.empty(), Optional.of(Tokens.ZERO), 0, Map.of());
    }

    /**
     * One token class's price on the invoice against the price book's.
     *
     * @param invoicePer1M the invoice's cost of the class per 1M tokens (micro-USD, six places); empty without tokens
     * @param bookPer1M    the price book's unit price; empty when it has none
     */
    public record PriceCheck(TokenClass tokenClass, long tokens, long invoiceCostMicros, Optional<BigDecimal> invoicePer1M,
                             Optional<BigDecimal> bookPer1M) {
    }

    /**
     * @param model                 the catalog model id; the vendor's model name when the catalog does not know it
     * @param toleranceHalfMicros   the rounding tolerance in half micro-dollars (so it stays an integer):
     *                              requests × 1 (the larger of the gateway's and the invoice's count) + invoice
     *                              lines × the export's unit
     * @param bypassTokens          tokens on the invoice the gateway did not see ({@link Cause#BYPASS} rows; else 0)
     * @param bypassMicros          what those cost at the price book's price, rounded half up ({@link Cause#BYPASS} rows; else 0)
     * @param prices                per class price checks ({@link Cause#PRICE_CHANGE} and {@link Cause#CACHE_PRICING} rows)
     * @param detail                one sentence on the cause, for people
     */
    public record Row(String vendor, String model, LocalDate day, GatewaySide gateway, InvoiceSide invoice,
                      long toleranceHalfMicros, Cause cause, long bypassTokens, long bypassMicros, List<PriceCheck> prices,
                      String detail) {

        /** Invoice − gateway, micro-USD. */
        public long differenceMicros() {
            return invoice.costMicros() - gateway.costMicros();
        }

        /** The tolerance in micro-USD, one decimal ({@code 2.5}). */
        public BigDecimal toleranceMicros() {
            return BigDecimal.valueOf(toleranceHalfMicros).divide(BigDecimal.valueOf(2), 1, RoundingMode.UNNECESSARY);
        }
    }

    /**
     * @param linesRead           the export's lines
     * @param linesOutsidePeriod  lines of days outside the period (ignored)
     * @param linesOtherAccounts  lines of another vendor account than {@code ?account=} (ignored)
     * @param byCause             per cause: rows and their difference (micro-USD)
     * @param explainedMicros     the difference of rows that are matched or explained (bypass, cache pricing, price change)
     * @param unexplainedMicros   the rest of the difference
     * @param bypassSharePercent  bypass cost × 100 / invoice cost, two places; empty when the invoice costs nothing
     * @param reconciled          every row matched or explained
     */
    public record Summary(int rows, long linesRead, long linesOutsidePeriod, long linesOtherAccounts,
                          GatewaySide gateway, Tokens invoiceTokens, long invoiceCostMicros,
                          Map<Cause, CauseTotal> byCause, long explainedMicros, long unexplainedMicros,
                          long bypassTokens, long bypassMicros, Optional<BigDecimal> bypassSharePercent, boolean reconciled) {

        public long differenceMicros() {
            return invoiceCostMicros - gateway.costMicros();
        }
    }

    /** The rows of one cause and the sum of their differences. */
    public record CauseTotal(int rows, long differenceMicros) {
    }
}
