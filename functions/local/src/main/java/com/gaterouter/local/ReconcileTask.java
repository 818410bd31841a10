package com.gaterouter.local;

import com.gaterouter.admin.billing.BillingFetchWiring;
import com.gaterouter.admin.billing.HttpVendorBillingApi;
import com.gaterouter.admin.billing.ReconciliationSink;
import com.gaterouter.admin.billing.ScheduledReconciliations;
import com.gaterouter.common.accounts.AccountStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local gateway's scheduled reconciliation: the same run as the daily Lambda in AWS (docs/finops.md,
 * "Fetched by schedule"), every {@value #RECONCILE_EVERY} (a day by default). A vendor the built-in
 * simulator serves is fetched from the simulator's admin routes (any key); a real vendor only with its
 * admin key in {@value #OPENAI_ADMIN_KEY} / {@value #ANTHROPIC_ADMIN_KEY}.
 */
final class ReconcileTask {

    static final String RECONCILE_EVERY = "GATEROUTER_RECONCILE_EVERY_SECONDS";
    static final String OPENAI_ADMIN_KEY = "OPENAI_ADMIN_KEY";
    static final String ANTHROPIC_ADMIN_KEY = "ANTHROPIC_ADMIN_KEY";
    /** A run's time budget, checked between tenants. */
    private static final Duration RUN_BUDGET = Duration.ofMinutes(5);

    private ReconcileTask() {
    }

    static PeriodicTask<ScheduledReconciliations.Summary> start(AccountStore accounts, LocalVendors vendors, Map<String, String> env,
                                                                ReconciliationSink sink, Clock clock, Duration every) {
        ScheduledReconciliations run = BillingFetchWiring.scheduled(accounts, clock, endpoints(vendors, env), sink);
        return PeriodicTask.start("reconcile", every, every, () -> run.run(clock.instant().plus(RUN_BUDGET)));
    }

    /** Each vendor with an admin API export: the simulator's when it serves the vendor, else the vendor's with the admin key given. */
    static Map<String, HttpVendorBillingApi.Endpoint> endpoints(LocalVendors vendors, Map<String, String> env) {
        Map<String, HttpVendorBillingApi.Endpoint> endpoints = new LinkedHashMap<>();
        for (var vendor : Map.of(HttpVendorBillingApi.OPENAI, OPENAI_ADMIN_KEY, HttpVendorBillingApi.ANTHROPIC, ANTHROPIC_ADMIN_KEY)
                .entrySet()) {
            if (vendors.catalog().vendors().stream().noneMatch(v -> v.name().equals(vendor.getKey()))) {
                continue;
            }
            Optional<String> key = vendors.simulated().getOrDefault(vendor.getKey(), false)
                    ? Optional.of(LocalVendors.SIMULATOR_KEY)
                    : com.gaterouter.common.settings.Settings.of(env).optional(vendor.getValue());
            key.ifPresent(k -> endpoints.put(vendor.getKey(),
                    new HttpVendorBillingApi.Endpoint(vendors.catalog().vendor(vendor.getKey()).baseUrl(), k)));
        }
        return endpoints;
    }
}
