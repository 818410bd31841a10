package com.gaterouter.router;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.router.vendors.VendorTimeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The router's configuration, read once at init. In Lambda every value comes from the
 * environment that template.yaml sets; the local gateway builds it directly.
 *
 * @param apiKeysTable  keys by the SHA-256 of their secret ({@code API_KEYS_TABLE})
 * @param accountsTable tenants, departments, projects and their model policies, read with each key
 *                      ({@code ACCOUNTS_TABLE}); also where a key's lastUsedAt is recorded
 * @param keyCacheTtl   how long a key and its scopes (budgets included) are cached per instance, at most 60 s
 * @param spendTable    the real-time spend, token and rate counters ({@code SPEND_TABLE}); without it requests
 *                      write their usage record only: no counters, no enforcement
 * @param enforceBudgets whether budgets and rate limits are reserved against ({@code BUDGET_ENFORCEMENT},
 *                      default {@code on}); off, counters still count
 * @param requestTimeLimit how long one request may spend on vendors, retries and fallbacks included
 *                      ({@code REQUEST_TIME_LIMIT_SECONDS}); in Lambda set below the function's timeout so
 *                      every request is answered and metered before the function is stopped
 * @param streamTimeLimit the same for streamed requests when they need their own (the local gateway serves
 *                      both on one server: 24 s buffered as behind API Gateway, 840 s streamed as on the
 *                      streaming deployment); empty = {@code requestTimeLimit}. In Lambda each deployment has
 *                      its own function and limit, so it stays empty there
 * @param metering      a benchmark and diagnostic switch, never for production: off, requests are neither
 *                      recorded nor counted nor limited (no usage record, no spend counters, no reservations),
 *                      so the same router path can be measured without metering and enforcement. Always on in
 *                      Lambda ({@link #fromEnvironment} does not read it); the local gateway reads
 *                      {@code GATEROUTER_METERING=off}
 */
public record RouterSettings(
        String apiKeysTable,
        String accountsTable,
        String usageTable,
        Duration usageRetention,
        String vendorKeysSecretId,
        Optional<String> tenantVendorKeysSecretPrefix,
        Duration keyCacheTtl,
        Duration secretsCacheTtl,
        VendorTimeouts vendorTimeouts,
        Optional<Path> catalogOverride,
        Optional<String> spendTable,
        boolean enforceBudgets,
        boolean metering,
        Optional<Duration> requestTimeLimit,
        Optional<Duration> streamTimeLimit) {

    public RouterSettings {
        requestTimeLimit = java.util.Objects.requireNonNullElse(requestTimeLimit, Optional.empty());
        streamTimeLimit = java.util.Objects.requireNonNullElse(streamTimeLimit, Optional.empty());
        for (Optional<Duration> limit : java.util.List.of(requestTimeLimit, streamTimeLimit)) {
            if (limit.isPresent() && (limit.get().isNegative() || limit.get().isZero())) {
                throw new IllegalArgumentException("the request time limit must be positive");
            }
        }
    }

    /** Settings with one time limit for every request (as each Lambda deployment has). */
    public RouterSettings(String apiKeysTable, String accountsTable, String usageTable, Duration usageRetention,
                          String vendorKeysSecretId, Optional<String> tenantVendorKeysSecretPrefix, Duration keyCacheTtl,
                          Duration secretsCacheTtl, VendorTimeouts vendorTimeouts, Optional<Path> catalogOverride,
                          Optional<String> spendTable, boolean enforceBudgets, boolean metering, Optional<Duration> requestTimeLimit) {
        this(apiKeysTable, accountsTable, usageTable, usageRetention, vendorKeysSecretId, tenantVendorKeysSecretPrefix,
                keyCacheTtl, secretsCacheTtl, vendorTimeouts, catalogOverride, spendTable, enforceBudgets, metering,
                requestTimeLimit, Optional.empty());
    }

    /** Settings as before the metering switch: metering on. */
    public RouterSettings(String apiKeysTable, String accountsTable, String usageTable, Duration usageRetention,
                          String vendorKeysSecretId, Optional<String> tenantVendorKeysSecretPrefix, Duration keyCacheTtl,
                          Duration secretsCacheTtl, VendorTimeouts vendorTimeouts, Optional<Path> catalogOverride,
                          Optional<String> spendTable, boolean enforceBudgets) {
        this(apiKeysTable, accountsTable, usageTable, usageRetention, vendorKeysSecretId, tenantVendorKeysSecretPrefix,
                keyCacheTtl, secretsCacheTtl, vendorTimeouts, catalogOverride, spendTable, enforceBudgets, true, Optional.empty());
    }

    /** Settings without a spend table: usage records only (the shape before spend counters). */
    public RouterSettings(String apiKeysTable, String accountsTable, String usageTable, Duration usageRetention,
                          String vendorKeysSecretId, Optional<String> tenantVendorKeysSecretPrefix, Duration keyCacheTtl,
                          Duration secretsCacheTtl, VendorTimeouts vendorTimeouts, Optional<Path> catalogOverride) {
        this(apiKeysTable, accountsTable, usageTable, usageRetention, vendorKeysSecretId, tenantVendorKeysSecretPrefix,
                keyCacheTtl, secretsCacheTtl, vendorTimeouts, catalogOverride, Optional.empty(), true);
    }

    /** The same settings counting into (and enforcing against) {@code spendTable}. */
    public RouterSettings withSpendTable(String table, boolean enforce) {
        return new RouterSettings(apiKeysTable, accountsTable, usageTable, usageRetention, vendorKeysSecretId,
                tenantVendorKeysSecretPrefix, keyCacheTtl, secretsCacheTtl, vendorTimeouts, catalogOverride,
                Optional.of(table), enforce, metering, requestTimeLimit, streamTimeLimit);
    }

    /**
     * The same settings with metering and enforcement on or off (see {@code metering}): off is for
     * benchmarks and diagnostics only.
     */
    public RouterSettings withMetering(boolean on) {
        return new RouterSettings(apiKeysTable, accountsTable, usageTable, usageRetention, vendorKeysSecretId,
                tenantVendorKeysSecretPrefix, keyCacheTtl, secretsCacheTtl, vendorTimeouts, catalogOverride,
                spendTable, enforceBudgets, on, requestTimeLimit, streamTimeLimit);
    }

    /**
     * The same settings with these time limits: {@code request} for every request, {@code stream}
     * (when present) instead of it for streamed ones.
     */
    public RouterSettings withTimeLimits(Optional<Duration> request, Optional<Duration> stream) {
        return new RouterSettings(apiKeysTable, accountsTable, usageTable, usageRetention, vendorKeysSecretId,
                tenantVendorKeysSecretPrefix, keyCacheTtl, secretsCacheTtl, vendorTimeouts, catalogOverride,
                spendTable, enforceBudgets, metering, request, stream);
    }

    /** The router's settings in Lambda, from the environment template.yaml sets. */
    public static RouterSettings fromEnvironment(Settings env) {
        return new RouterSettings(
                env.table(GatewayTable.API_KEYS),
                env.table(GatewayTable.ACCOUNTS),
                env.table(GatewayTable.USAGE),
                env.usageRetention(),
                env.required("VENDOR_KEYS_SECRET_ID"),
                env.optional("TENANT_VENDOR_KEYS_SECRET_PREFIX"),
                env.seconds("KEY_CACHE_TTL_SECONDS", Duration.ofSeconds(30), 0, 60),
                env.seconds("SECRETS_CACHE_TTL_SECONDS", Duration.ofMinutes(5), 0, Duration.ofDays(1).toSeconds()),
                VendorTimeouts.DEFAULT,
                env.optional("GATEROUTER_CATALOG").map(Path::of),
                // required: a deployed router without its spend table would meter nothing and enforce no budget
                Optional.of(env.table(GatewayTable.SPEND)),
                env.onOff("BUDGET_ENFORCEMENT", true),
                true,
                // at most a Lambda's longest run
                env.optionalSeconds("REQUEST_TIME_LIMIT_SECONDS", 1, 900));
    }
}
