package com.gaterouter.admin;

import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.billing.ReconciliationSink;
import com.gaterouter.admin.reconciliation.ReconciliationService;
import com.gaterouter.common.accounts.AccountStore;

import com.gaterouter.admin.contracts.ContractPriceBook;
import com.gaterouter.common.billing.VendorExports;
import java.util.function.Supplier;

import com.gaterouter.admin.analytics.AnalyticsBackend;
import com.gaterouter.admin.analytics.dynamodb.DynamoDbMonthCloses;
import com.gaterouter.admin.http.PageTokens;
import com.gaterouter.admin.reconciliation.ExportFormats;
import com.gaterouter.admin.reconciliation.PriceBook;
import com.gaterouter.admin.reconciliation.ReconciliationBackend;
import com.gaterouter.admin.reconciliation.dynamodb.DynamoDbReconciliationStore;
import com.gaterouter.admin.routing.CatalogPrices;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.alerts.AlertLedger;
import com.gaterouter.common.alerts.dynamodb.DynamoDbAlertLedger;
import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.usage.UsageStore;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the admin API's object graph once, by constructors: the same graph in Lambda
 * ({@link AwsAdminWiring}) and in the local gateway, which passes its own DynamoDB client and tables.
 */
public final class AdminWiring {

    /** A model catalog file to use instead of the bundled one (the router's setting of the same name). */
    static final String CATALOG_ENV = "GATEROUTER_CATALOG";

    private AdminWiring() {
    }

    /**
     * @param settings   the tables (accounts, API keys, usage, roll-ups and the alert ledger, spend) and the usage retention
     * @param pageTokens seals the lists' {@code nextToken}s (a shared secret in AWS, a random key locally)
     */
    public static AdminApp build(Settings settings, DynamoDbClient dynamo, Clock clock, PageTokens pageTokens) {
        return build(settings, dynamo, new DynamoDbUsageStore(dynamo, settings.table(GatewayTable.USAGE), settings.usageRetention()),
                clock, pageTokens);
    }

    /**
     * As {@link #build(Settings, DynamoDbClient, Clock, PageTokens)}, the raw usage read from {@code usage} (the
     * local gateway keeps its usage records in a file of their own).
     */
    public static AdminApp build(Settings settings, DynamoDbClient dynamo, UsageStore usage, Clock clock, PageTokens pageTokens) {
        String apiKeysTable = settings.table(GatewayTable.API_KEYS);
        var accounts = new DynamoDbAccountStore(dynamo, settings.table(GatewayTable.ACCOUNTS), apiKeysTable, clock);
        // analytics read roll-ups and, for days not rolled up yet, raw usage; "roll up now" runs the same engine as the schedule
        Duration retention = settings.usageRetention();
        var rollupStore = new DynamoDbRollupStore(dynamo, settings.table(GatewayTable.ROLLUPS));
        var rollups = new RollupService(accounts, usage, rollupStore, clock, RollupService.DEFAULT_LATE_WINDOW);
        // budget reads show each limit's current usage from the router's spend counters (read only)
        var spend = new DynamoDbSpendLedger(dynamo, settings.table(GatewayTable.SPEND), settings.table(GatewayTable.USAGE), retention);
        // routing calibrations price with the catalog the router uses: GATEROUTER_CATALOG if set, else the bundled one
        Optional<Path> catalog = settings.optional(CATALOG_ENV).map(Path::of);
        // fired budget alerts: the ledger the alert pass claims them in, beside the roll-ups (read only here)
        var alerts = new DynamoDbAlertLedger(dynamo, settings.table(GatewayTable.ROLLUPS));
        // the catalog, read once: calibrations, contracts, re-pricing and reconciliation share it
        Supplier<CatalogPrices> prices = AdminApp.once(() -> CatalogPrices.load(catalog));
        var reconciliation = reconciliationBackend(settings, dynamo, accounts, prices);
        return new AdminApp(accounts, new DynamoDbApiKeyStore(dynamo, apiKeysTable), clock,
                Optional.of(new AnalyticsBackend(usage, rollupStore, Optional.of(rollups::runTenant),
                        // month closes are kept beside the roll-ups
                        Optional.of(new DynamoDbMonthCloses(dynamo, settings.table(GatewayTable.ROLLUPS))))),
                Optional.<SpendCounters>of(spend), pageTokens, prices, Optional.<AlertLedger>of(alerts),
                Optional.of(reconciliation));
    }

    /**
     * Reconciliations beside the roll-ups, their audit entries in the accounts table; the vendors' published
     * export formats; tokens the gateway did not see priced as the router would have charged them.
     */
    static ReconciliationBackend reconciliationBackend(Settings settings, DynamoDbClient dynamo, AccountStore accounts,
                                                       Supplier<CatalogPrices> prices) {
        return new ReconciliationBackend(
                new DynamoDbReconciliationStore(dynamo, settings.table(GatewayTable.ROLLUPS), settings.table(GatewayTable.ACCOUNTS)),
                ExportFormats.of(VendorExports.all()), new ContractPriceBook(accounts, prices));
    }

    /**
     * Where the scheduled fetch puts a vendor's export: the same reconciliation an upload makes, over the same
     * tables, kept and audited (by the system actor {@code scheduled-fetch}).
     */
    public static ReconciliationSink reconciliationSink(Settings settings, DynamoDbClient dynamo, UsageStore usage, Clock clock) {
        var accounts = new DynamoDbAccountStore(dynamo, settings.table(GatewayTable.ACCOUNTS), settings.table(GatewayTable.API_KEYS), clock);
        Optional<Path> catalog = settings.optional(CATALOG_ENV).map(Path::of);
        var service = new ReconciliationService(new Visibility(accounts), Optional.of(usage),
                Optional.of(reconciliationBackend(settings, dynamo, accounts, AdminApp.once(() -> CatalogPrices.load(catalog)))));
        return (tenantId, format, from, to, account, export) -> service.reconcileFetched(tenantId, format, from, to, account, export,
                clock.instant());
    }
}
