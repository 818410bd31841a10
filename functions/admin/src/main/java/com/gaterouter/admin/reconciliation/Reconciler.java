package com.gaterouter.admin.reconciliation;

import com.gaterouter.admin.reconciliation.ReconciliationReport.CauseTotal;
import com.gaterouter.admin.reconciliation.ReconciliationReport.GatewaySide;
import com.gaterouter.admin.reconciliation.ReconciliationReport.InvoiceSide;
import com.gaterouter.admin.reconciliation.ReconciliationReport.PriceCheck;
import com.gaterouter.admin.reconciliation.ReconciliationReport.Row;
import com.gaterouter.admin.reconciliation.ReconciliationReport.Summary;
import com.gaterouter.common.billing.InvoiceLine;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reconciliation's arithmetic, plain Java: the invoice's lines and the gateway's usage records
 * of one vendor and period, grouped per catalog model × UTC day, compared, and each difference
 * given its cause (docs/finops.md, "Reconciliation").
 *
 * <p>Tolerance: the gateway rounds each request half up to the micro-dollar and the export rounds
 * each line to its own unit, so a row matches when |invoice − gateway| ≤ requests × 0.5 µ$ + lines × unit / 2, where
 * requests is the larger of the gateway's count and the invoice's (when it states one).
 */
public final class Reconciler {

    private static final BigDecimal PER_1M = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private Reconciler() {
    }

    /**
     * What is reconciled.
     *
     * @param vendor     the export format's vendor: only the gateway's usage of it counts
     * @param account    keep only the export's lines of this vendor account
     * @param unitMicros what the export rounds each line's cost to, in micro-USD ({@link ExportUnits})
     * @param lines      every line the export has (the period and account filters are applied here)
     * @param usage      the tenant's usage records (those of other vendors, other days and refusals are ignored)
     */
    public record Input(String tenantId, String vendor, LocalDate from, LocalDate to, Optional<String> account, long unitMicros,
                        List<InvoiceLine> lines, List<UsageRecord> usage) {
    }

    private record Key(String vendor, String model, LocalDate day) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::vendor).thenComparing(Key::model).thenComparing(Key::day);

    /** An invoice row being added up. */
    private static final class Invoice {
        int lines;
        long requests = -1;
        boolean tokensKnown = true;
        Tokens tokens = Tokens.ZERO;
        long cost;
        final Map<TokenClass, Long> costByClass = new EnumMap<>(TokenClass.class);
        boolean knownModel = true;

        void add(InvoiceLine line) {
            lines++;
            line.requests().ifPresent(r -> requests = Math.max(requests, r));
            cost = Math.addExact(cost, line.costMicros());
            costByClass.merge(line.tokenClass(), line.costMicros(), Math::addExact);
            if (line.tokenClass() != TokenClass.OTHER) {
                if (line.tokens().isPresent()) {
                    tokens = tokens.plus(line.tokenClass(), line.tokens().getAsLong());
                } else {
                    tokensKnown = false;
                }
            }
        }

        InvoiceSide side() {
            return new InvoiceSide(lines, requests < 0 ? OptionalLong.empty() : OptionalLong.of(requests),
                    tokensKnown ? Optional.of(tokens) : Optional.empty(), cost, Map.copyOf(costByClass));
        }
    }

    public static ReconciliationReport reconcile(Input input, PriceBook prices) {
        Map<Key, Invoice> invoice = new TreeMap<>(ORDER);
        long outside = 0;
        long otherAccounts = 0;
        for (InvoiceLine line : input.lines()) {
            if (line.day().isBefore(input.from()) || line.day().isAfter(input.to())) {
                outside++;
                continue;
            }
            if (input.account().isPresent() && !line.account().equals(input.account())) {
                otherAccounts++;
                continue;
            }
            Optional<String> model = prices.catalogModel(line.vendor(), line.vendorModel());
            Invoice row = invoice.computeIfAbsent(new Key(line.vendor(), model.orElse(line.vendorModel()), line.day()), k -> new Invoice());
            row.knownModel &= model.isPresent();
            row.add(line);
        }

        Map<Key, GatewaySide> gateway = new TreeMap<>(ORDER);
        for (UsageRecord record : input.usage()) {
            LocalDate day = LocalDate.ofInstant(record.occurredAt(), ZoneOffset.UTC);
            if (record.status() == UsageStatus.REFUSED || !record.vendor().equals(input.vendor())
                    || day.isBefore(input.from()) || day.isAfter(input.to())) {
                continue;
            }
            gateway.merge(new Key(record.vendor(), record.servedModel(), day),
                    new GatewaySide(1, Tokens.of(record.tokens()), record.costMicros()), GatewaySide::plus);
        }

        TreeMap<Key, Boolean> keys = new TreeMap<>(ORDER);
        invoice.keySet().forEach(k -> keys.put(k, true));
        gateway.keySet().forEach(k -> keys.put(k, true));
        List<Row> rows = new ArrayList<>();
        for (Key key : keys.keySet()) {
            Invoice inv = invoice.get(key);
            rows.add(row(input, prices, key, gateway.getOrDefault(key, GatewaySide.NONE),
                    inv == null ? InvoiceSide.NONE : inv.side(), inv == null || inv.knownModel));
        }
        return new ReconciliationReport(rows, summary(rows, input.lines().size(), outside, otherAccounts));
    }

    private static Row row(Input input, PriceBook prices, Key key, GatewaySide g, InvoiceSide i, boolean knownModel) {
        // the requests either side counted (the invoice's may include requests that bypassed the gateway)
        long tolerance = Math.max(g.requests(), i.requests().orElse(0)) + i.lines() * input.unitMicros();
        long diff = i.costMicros() - g.costMicros();
        RowBuilder row = new RowBuilder(key, g, i, tolerance);
        if (!knownModel) {
            return row.build(Cause.UNKNOWN_MODEL, "The catalog has no model the vendor calls " + key.model() + ".");
        }
        if (within(BigDecimal.valueOf(diff), tolerance)) {
            return row.build(Cause.MATCHED, "Within the rounding tolerance.");
        }
        if (i.lines() == 0) {
            return row.build(Cause.NOT_BILLED, "The invoice has no line for usage the gateway recorded.");
        }
        if (i.tokens().isEmpty()) {
            return row.build(Cause.UNEXPLAINED, "The export states no tokens for this row, so only its cost can be compared.");
        }
        Tokens invoiced = i.tokens().get();
        Tokens extra = invoiced.minus(g.tokens());
        if (extra.allAtLeastZeroSomeMore() || extra.allAtMostZeroSomeLess()) {
            Optional<BigDecimal> expected = priced(input.tenantId(), prices, key, extra);
            if (expected.isPresent() && within(BigDecimal.valueOf(diff).subtract(expected.get()), tolerance)) {
                if (extra.total() > 0) {
                    row.bypass(extra.total(), expected.get().setScale(0, RoundingMode.HALF_UP).longValueExact());
                    return row.build(Cause.BYPASS, extra.total() + " tokens on the invoice did not pass through the gateway.");
                }
                return row.build(Cause.NOT_BILLED, -extra.total() + " tokens the gateway recorded are not on the invoice.");
            }
        }
        List<PriceCheck> checks = checks(input.tenantId(), prices, key, invoiced, i);
        if (invoiced.prompt() == g.tokens().prompt() && invoiced.output() == g.tokens().output() && !invoiced.equals(g.tokens())) {
            row.prices(checks);
            return row.build(Cause.CACHE_PRICING, "The prompt tokens agree in total; the vendor split them into "
                    + invoiced.cachedInput() + " cached and " + invoiced.cacheWrite() + " cache-write tokens, the gateway into "
                    + g.tokens().cachedInput() + " and " + g.tokens().cacheWrite() + ".");
        }
        if (invoiced.equals(g.tokens())) {
            List<TokenClass> off = checks.stream().filter(c -> deviates(c, tolerance)).map(PriceCheck::tokenClass).toList();
            if (!off.isEmpty()) {
                row.prices(checks);
                if (Set.of(TokenClass.CACHED_INPUT, TokenClass.CACHE_WRITE).containsAll(off)) {
                    return row.build(Cause.CACHE_PRICING, "Tokens agree; the invoice prices " + names(off) + " otherwise than the price book.");
                }
                return row.build(Cause.PRICE_CHANGE, "Tokens agree; the invoice prices " + names(off)
                        + " at a price the gateway's table does not have.");
            }
        }
        return row.build(Cause.UNEXPLAINED, "No known cause accounts for the difference.");
    }

    /** A row under construction: the optional figures its cause adds. */
    private static final class RowBuilder {
        private final Key key;
        private final GatewaySide g;
        private final InvoiceSide i;
        private final long tolerance;
        private long bypassTokens;
        private long bypassMicros;
        private List<PriceCheck> prices = List.of();

        RowBuilder(Key key, GatewaySide g, InvoiceSide i, long tolerance) {
            this.key = key;
            this.g = g;
            this.i = i;
            this.tolerance = tolerance;
        }

        void bypass(long tokens, long micros) {
            bypassTokens = tokens;
            bypassMicros = micros;
        }

        void prices(List<PriceCheck> checks) {
            prices = checks;
        }

        Row build(Cause cause, String detail) {
            return new Row(key.vendor(), key.model(), key.day(), g, i, tolerance, cause, bypassTokens, bypassMicros, prices, detail);
        }
    }

    /** |amount| ≤ tolerance / 2, the tolerance in half micro-dollars. */
    private static boolean within(BigDecimal amountMicros, long toleranceHalfMicros) {
        return amountMicros.abs().multiply(TWO).compareTo(BigDecimal.valueOf(toleranceHalfMicros)) <= 0;
    }

    /** {@code tokens} at the price book's prices (exact micro-USD); empty when a class with tokens has no price. */
    private static Optional<BigDecimal> priced(String tenantId, PriceBook prices, Key key, Tokens tokens) {
        BigDecimal sum = BigDecimal.ZERO;
        for (TokenClass tokenClass : Tokens.CLASSES) {
            long n = tokens.of(tokenClass);
            if (n == 0) {
                continue;
            }
            Optional<BigDecimal> price = prices.unitPricePer1M(tenantId, key.model(), key.day(), tokenClass);
            if (price.isEmpty()) {
                return Optional.empty();
            }
            sum = sum.add(price.get().multiply(BigDecimal.valueOf(n)).divide(PER_1M));
        }
        return Optional.of(sum);
    }

    private static List<PriceCheck> checks(String tenantId, PriceBook prices, Key key, Tokens tokens, InvoiceSide i) {
        List<PriceCheck> checks = new ArrayList<>();
        for (TokenClass tokenClass : Tokens.CLASSES) {
            long n = tokens.of(tokenClass);
            long cost = i.costByClass().getOrDefault(tokenClass, 0L);
            if (n == 0 && cost == 0) {
                continue;
            }
            Optional<BigDecimal> implied = n == 0 ? Optional.empty()
                    : Optional.of(BigDecimal.valueOf(cost).multiply(PER_1M).divide(BigDecimal.valueOf(n), 6, RoundingMode.HALF_UP));
            checks.add(new PriceCheck(tokenClass, n, cost, implied, prices.unitPricePer1M(tenantId, key.model(), key.day(), tokenClass)));
        }
        return checks;
    }

    /** The class's invoice cost is not its tokens at the book's price, within the row's tolerance (no book price: it deviates). */
    private static boolean deviates(PriceCheck check, long toleranceHalfMicros) {
        if (check.bookPer1M().isEmpty()) {
            return true;
        }
        BigDecimal expected = check.bookPer1M().get().multiply(BigDecimal.valueOf(check.tokens())).divide(PER_1M);
        return !within(BigDecimal.valueOf(check.invoiceCostMicros()).subtract(expected), toleranceHalfMicros);
    }

    private static String names(List<TokenClass> classes) {
        return String.join(" and ", classes.stream().map(c -> ReconciliationJson.className(c)).toList());
    }

    private static Summary summary(List<Row> rows, long linesRead, long outside, long otherAccounts) {
        GatewaySide gateway = GatewaySide.NONE;
        Tokens invoiceTokens = Tokens.ZERO;
        long invoiceCost = 0;
        Map<Cause, CauseTotal> byCause = new EnumMap<>(Cause.class);
        long explained = 0;
        long bypassTokens = 0;
        long bypassMicros = 0;
        boolean reconciled = true;
        for (Row row : rows) {
            gateway = gateway.plus(row.gateway());
            invoiceTokens = invoiceTokens.plus(row.invoice().tokens().orElse(Tokens.ZERO));
            invoiceCost += row.invoice().costMicros();
            CauseTotal sofar = byCause.getOrDefault(row.cause(), new CauseTotal(0, 0));
            byCause.put(row.cause(), new CauseTotal(sofar.rows() + 1, sofar.differenceMicros() + row.differenceMicros()));
            if (row.cause().explained()) {
                explained += row.differenceMicros();
            } else {
                reconciled = false;
            }
            bypassTokens += row.bypassTokens();
            bypassMicros += row.bypassMicros();
        }
        Optional<BigDecimal> share = invoiceCost == 0 ? Optional.empty() : Optional.of(BigDecimal.valueOf(bypassMicros)
                .multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(invoiceCost), 2, RoundingMode.HALF_UP));
        long difference = invoiceCost - gateway.costMicros();
        return new Summary(rows.size(), linesRead, outside, otherAccounts, gateway, invoiceTokens, invoiceCost, byCause, explained,
                difference - explained, bypassTokens, bypassMicros, share, reconciled);
    }
}
