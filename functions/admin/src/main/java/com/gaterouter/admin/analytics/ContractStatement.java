package com.gaterouter.admin.analytics;

import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.VendorTerms;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupRow;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a month owes each vendor under the tenant's contracts (docs/finops.md, month close): the
 * month's usage at list and at contract cost (the usage records' two costs), the prepaid credits
 * drawn, an unused monthly commitment, and what is billed:
 * {@code billed = contract cost − credits drawn + commitment shortfall}.
 * <ul>
 * <li>Credits: the credits of a vendor's terms are granted in the month the terms take effect and
 * drawn, month by month from the first grant, by each month's contract cost until spent
 * ({@code drawn = min(balance, contract cost)}): before anything is billed.</li>
 * <li>Commitment: the terms in force on the month's last day; owed when the month's contract cost
 * stays below it ({@code shortfall = max(0, commitment − contract cost)}), credits or not.</li>
 * </ul>
 * Pure arithmetic over integers: the same usage and table give the same statement.
 */
record ContractStatement(YearMonth month, long pricingVersion, List<Line> vendors) {

    /** One vendor's month; money in micro-USD. */
    record Line(String vendor, long requests, long tokens, long listMicros, long costMicros, long creditsDrawnMicros,
                long creditsRemainingMicros, long commitMicros, long shortfallMicros, long billedMicros) {

        long savingsMicros() {
            return listMicros - costMicros;
        }
    }

    /** A vendor's usage in a month. */
    record Usage(long requests, long tokens, long listMicros, long costMicros) {
        static final Usage NONE = new Usage(0, 0, 0, 0);

        Usage plus(Usage o) {
            return new Usage(requests + o.requests, tokens + o.tokens, listMicros + o.listMicros, costMicros + o.costMicros);
        }
    }

    /** The month's usage per vendor from its raw records (refusals cost nothing and are left out). */
    static Map<String, Usage> usageOf(List<UsageRecord> records) {
        Map<String, Usage> byVendor = new TreeMap<>();
        for (UsageRecord r : records) {
            if (r.status() != UsageStatus.REFUSED) {
                byVendor.merge(r.vendor(), new Usage(1, r.tokens().totalTokens(), r.listCostMicros(), r.costMicros()), Usage::plus);
            }
        }
        return byVendor;
    }

    /**
     * @param table         the tenant's price table (empty: list prices, no contracts)
     * @param usage         the month's usage per vendor
     * @param earlierCosts  an earlier month → its contract cost per vendor (for the credits drawn before this month)
     */
    static ContractStatement of(Optional<TenantPricing> table, YearMonth month, Map<String, Usage> usage,
                                Function<YearMonth, Map<String, Long>> earlierCosts) {
        TreeSet<String> vendors = new TreeSet<>(usage.keySet());
        LocalDate lastDay = month.atEndOfMonth();
        table.ifPresent(t -> t.contracts().stream().filter(terms -> !terms.effectiveFrom().isAfter(lastDay))
                .forEach(terms -> vendors.add(terms.vendor())));
        List<Line> lines = new ArrayList<>();
        Map<YearMonth, Map<String, Long>> earlier = new TreeMap<>();
        for (String vendor : vendors) {
            Usage used = usage.getOrDefault(vendor, Usage.NONE);
            List<VendorTerms> terms = table.map(t -> t.contractsOf(vendor)).orElse(List.of());
            long[] credits = credits(terms, month, used.costMicros(),
                    m -> earlier.computeIfAbsent(m, earlierCosts).getOrDefault(vendor, 0L));
            long commit = table.flatMap(t -> t.termsOn(vendor, lastDay)).map(VendorTerms::monthlyCommitMicros).orElse(0L);
            long shortfall = Math.max(0, commit - used.costMicros());
            if (used.equals(Usage.NONE) && credits[0] == 0 && commit == 0 && credits[1] == 0) {
                continue;   // terms of a vendor that asked nothing of this month
            }
            lines.add(new Line(vendor, used.requests(), used.tokens(), used.listMicros(), used.costMicros(), credits[0], credits[1],
                    commit, shortfall, used.costMicros() - credits[0] + shortfall));
        }
        return new ContractStatement(month, table.map(TenantPricing::version).orElse(0L), List.copyOf(lines));
    }

    /**
     * The month's statement as the month close and the FOCUS export both make it: the month's raw
     * {@code records}, the tenant's price table as it is now, and earlier months' contract cost per
     * vendor as analytics reads it (roll-ups, raw usage after) for the credits drawn before.
     */
    static ContractStatement forMonth(Questions questions, AnalyticsScope scope, Directory directory, YearMonth month,
                                      List<UsageRecord> records) {
        return of(questions.accounts().findPricing(scope.tenantId()), month, usageOf(records), earlier -> {
            Map<String, Long> byVendor = new TreeMap<>();
            SpendData.Spend spend = questions.data().read(scope, directory, RollupDimension.MODEL, Granularity.MONTH,
                    new Params.Range(earlier.atDay(1), earlier.atEndOfMonth()));
            for (RollupRow row : spend.rows()) {
                int slash = row.value().indexOf('/');
                byVendor.merge(slash > 0 ? row.value().substring(0, slash) : row.value(), row.totals().costMicros(), Long::sum);
            }
            return byVendor;
        });
    }

    /** {drawn this month, remaining after it}: the balance walked month by month from the first grant. */
    private static long[] credits(List<VendorTerms> terms, YearMonth month, long monthCost, Function<YearMonth, Long> earlierCost) {
        List<VendorTerms> grants = terms.stream().filter(t -> t.creditsMicros() > 0 && !YearMonth.from(t.effectiveFrom()).isAfter(month)).toList();
        if (grants.isEmpty()) {
            return new long[] {0, 0};
        }
        long balance = 0;
        long drawn = 0;
        for (YearMonth m = YearMonth.from(grants.getFirst().effectiveFrom()); !m.isAfter(month); m = m.plusMonths(1)) {
            YearMonth current = m;
            balance += grants.stream().filter(g -> YearMonth.from(g.effectiveFrom()).equals(current)).mapToLong(VendorTerms::creditsMicros).sum();
            long cost = m.equals(month) ? monthCost : earlierCost.apply(m);
            drawn = Math.min(balance, cost);
            balance -= drawn;
        }
        return new long[] {drawn, balance};
    }
}
