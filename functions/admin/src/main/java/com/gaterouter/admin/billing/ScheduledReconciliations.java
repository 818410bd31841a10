package com.gaterouter.admin.billing;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.ActiveTenants;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.VendorTerms;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The scheduled reconciliation (docs/finops.md, "Fetched by schedule"): for every active tenant and
 * every vendor whose admin key is configured, when the tenant's terms with that vendor in force today
 * name a {@code billingAccount}, the vendor's export of the {@link Period period} is reconciled
 * against the tenant's records for that account. Each vendor's export is fetched once per run (the
 * organisation's export serves every tenant). A failing fetch, store read or reconciliation is logged
 * and counted, and the others go on.
 */
public final class ScheduledReconciliations {

    private static final Logger LOG = LogManager.getLogger(ScheduledReconciliations.class);

    /** The UTC days {@code from} to {@code to}, both inclusive. */
    public record Period(LocalDate from, LocalDate to) {
        public Period {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        /**
         * The month to date up to yesterday: on the 1st, the whole month before (which the month's
         * last run then reconciles in full).
         */
        public static Period before(LocalDate today) {
            LocalDate yesterday = today.minusDays(1);
            return new Period(yesterday.withDayOfMonth(1), yesterday);
        }

        public LocalDate toExclusive() {
            return to.plusDays(1);
        }
    }

    /**
     * What a run did.
     *
     * @param tenants         active tenants visited
     * @param reconciliations reconciliations handed to the sink
     * @param failures        tenant-vendor reconciliations that failed (the fetch, the tenant's terms or the sink)
     * @param complete        false when the deadline stopped the run before every tenant
     */
    public record Summary(int tenants, int reconciliations, int failures, boolean complete) {
        Summary plus(int reconciled, int failed) {
            return new Summary(tenants + 1, reconciliations + reconciled, failures + failed, complete);
        }
    }

    /** One vendor's export in this run: its body, or why it could not be fetched. */
    private record Fetched(Optional<byte[]> body, String failure) {
    }

    private final AccountStore accounts;
    private final Clock clock;
    private final Set<String> vendors;
    private final VendorBillingApi api;
    private final ReconciliationSink sink;

    /**
     * @param vendors the vendors whose admin key is configured; the others are never fetched
     * @param api     fetches the exports of {@code vendors}
     */
    public ScheduledReconciliations(AccountStore accounts, Clock clock, Set<String> vendors, VendorBillingApi api,
                                    ReconciliationSink sink) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.vendors = new TreeSet<>(vendors);
        this.api = Objects.requireNonNull(api, "api");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Over {@code api}'s vendors. */
    public ScheduledReconciliations(AccountStore accounts, Clock clock, VendorBillingApi api, ReconciliationSink sink) {
        this(accounts, clock, api.vendors(), api, sink);
    }

    /**
     * Every active tenant, until done or {@code deadline} (checked between tenants); with no vendor
     * configured, no tenant is visited ({@code tenants} 0).
     */
    public Summary run(Instant deadline) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Period period = Period.before(today);
        if (vendors.isEmpty()) {
            LOG.info("no vendor admin key configured: nothing to reconcile");
            return new Summary(0, 0, 0, true);
        }
        Map<String, Fetched> exports = new HashMap<>();
        ActiveTenants.Folded<Summary> run = ActiveTenants.fold(accounts, clock, deadline, new Summary(0, 0, 0, true),
                (total, tenant) -> runTenant(total, tenant, today, period, exports));
        Summary total = run.total();
        Summary summary = new Summary(total.tenants(), total.reconciliations(), total.failures(), run.complete());
        if (!run.complete()) {
            LOG.warn("reconciliation run reached its deadline {}; the remaining tenants wait for the next run", deadline);
        }
        LOG.info("reconciliations {} to {}: {} tenants, {} reconciled, {} failed", period.from(), period.to(),
                summary.tenants(), summary.reconciliations(), summary.failures());
        return summary;
    }

    private Summary runTenant(Summary total, Tenant tenant, LocalDate today, Period period, Map<String, Fetched> exports) {
        String tenantId = tenant.tenantId();
        Optional<TenantPricing> pricing;
        try {
            pricing = accounts.findPricing(tenantId);
        } catch (RuntimeException e) {
            LOG.warn("tenant {}: cannot read its contract terms: {}", tenantId, e.toString());
            return total.plus(0, 1);
        }
        int reconciled = 0;
        int failed = 0;
        for (String vendor : vendors) {
            Optional<String> account = pricing.flatMap(p -> p.termsOn(vendor, today)).flatMap(VendorTerms::billingAccount);
            if (account.isEmpty()) {
                continue;
            }
            Fetched export = exports.computeIfAbsent(vendor, v -> fetch(v, period));
            if (export.body().isEmpty()) {
                LOG.warn("tenant {}: {} not reconciled, the export could not be fetched: {}", tenantId, vendor, export.failure());
                failed++;
                continue;
            }
            try {
                sink.reconcile(tenantId, vendor, period.from(), period.to(), account, export.body().get());
                reconciled++;
            } catch (RuntimeException e) {
                LOG.warn("tenant {}: reconciling {} {} to {} failed: {}", tenantId, vendor, period.from(), period.to(), e.toString());
                failed++;
            }
        }
        return total.plus(reconciled, failed);
    }

    private Fetched fetch(String vendor, Period period) {
        try {
            return new Fetched(Optional.of(api.export(vendor, period.from(), period.toExclusive())), "");
        } catch (RuntimeException e) {
            LOG.warn("fetching the {} export {} to {} failed: {}", vendor, period.from(), period.to(), e.getMessage());
            return new Fetched(Optional.empty(), e.getMessage());
        }
    }

    /** The vendors this run fetches, sorted. */
    public List<String> vendors() {
        return List.copyOf(vendors);
    }
}
