package com.gaterouter.router;

import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.common.spend.AllowanceLedger;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.allowance.LeaseBook;
import com.gaterouter.common.spend.allowance.LeaseKeeper;
import com.gaterouter.common.spend.dynamodb.DynamoDbAllowanceLedger;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.spool.FileUsageSpool;
import com.gaterouter.common.spend.spool.UsageSpool;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.router.auth.ApiKeyAuthenticator;
import com.gaterouter.router.auth.KeyUsageRecorder;
import com.gaterouter.router.budget.BudgetEnforcer;
import com.gaterouter.router.budget.BudgetPlanner;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.routing.AutoRouter;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.router.chat.ChatCompletions;
import com.gaterouter.router.embeddings.Embeddings;
import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.messages.Messages;
import com.gaterouter.router.responses.Responses;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorClient;
import com.gaterouter.router.vendors.VendorClients;
import com.gaterouter.router.vendors.VendorHttpClients;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.models.ModelsService;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.usage.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the router's object graph once, by constructors: the same graph in Lambda and locally. */
public final class RouterWiring {

    private static final Duration UNKNOWN_KEY_CACHE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(RouterWiring.class);

    /**
     * With metering off: a ledger that keeps nothing (the meter still prices each request and "settles" it, into
     * nothing), and a spool that is never needed.
     */
    private static final SpendLedger DISCARDING_LEDGER = new SpendLedger() {
        @Override
        public Outcome settle(Reservation reservation, UsageRecord usage) {
            return Outcome.SETTLED;
        }

        @Override
        public Map<Counter, CounterValues> read(List<Counter> counters) {
            Map<Counter, CounterValues> zeros = new java.util.LinkedHashMap<>();
            counters.forEach(counter -> zeros.put(counter, CounterValues.ZERO));
            return zeros;
        }
    };
    private static final UsageSpool UNUSED_SPOOL = new UsageSpool() {
        @Override
        public void append(Settlement settlement) {
        }

        @Override
        public DrainResult drain(Predicate<Settlement> handler) {
            return DrainResult.EMPTY;
        }
    };

    private RouterWiring() {
    }

    /** One adapter per API shape; the catalog's vendors name the shape they speak. */
    static Map<VendorApi, VendorClient> clientsByApi(VendorHttpClients http, RouterSettings settings) {
        return VendorClients.standard(http, settings.vendorTimeouts());
    }

    /**
     * As {@link #build(RouterSettings, DynamoDbClient, SecretsSource, ModelCatalog, RequestMetrics, Clock, UsageSpool)}
     * spooling unsettled usage to a file in a temporary directory: for tests and tools only. Lambda
     * wiring ({@code AwsRouterWiring}) passes an SQS spool and the local gateway a file in its data
     * directory, both with a replay; a temporary file in Lambda would die with the instance.
     */
    public static RouterApp build(RouterSettings settings, DynamoDbClient dynamo, SecretsSource secrets,
                                  ModelCatalog catalog, RequestMetrics metrics, Clock clock) {
        return build(settings, dynamo, secrets, catalog, metrics, clock,
                settings.spendTable().isPresent() ? FileUsageSpool.inTemporaryDirectory() : null);
    }

    /**
     * @param spool where settlements the spend ledger could not take go for replay (SQS in AWS, a
     *              file locally); unused (may be null) without a spend table
     */
    public static RouterApp build(RouterSettings settings, DynamoDbClient dynamo, SecretsSource secrets,
                                  ModelCatalog catalog, RequestMetrics metrics, Clock clock, UsageSpool spool) {
        return build(settings, AllowanceSettings.DEFAULT, dynamo, secrets, catalog, metrics, clock, spool, Optional.empty());
    }

    /**
     * @param allowances how this instance leases allowances on the spend table (one lease book and keeper per
     *                   router instance, released by {@link RouterApp#close})
     * @param settleInto the ledger usage is settled into when metering is on (the local gateway's usage
     *                   journal); empty: the spend table's ledger (one usage-record write)
     */
    public static RouterApp build(RouterSettings settings, AllowanceSettings allowances, DynamoDbClient dynamo,
                                  SecretsSource secrets, ModelCatalog catalog, RequestMetrics metrics, Clock clock,
                                  UsageSpool spool, Optional<SpendLedger> settleInto) {
        // one HTTP client per distinct vendor connect timeout (java.net.http fixes it per client)
        VendorHttpClients http = VendorHttpClients.perVendor(settings.vendorTimeouts());
        var accounts = new DynamoDbAccountStore(dynamo, settings.accountsTable(), settings.apiKeysTable(), clock);
        var authenticator = new ApiKeyAuthenticator(new DynamoDbApiKeyStore(dynamo, settings.apiKeysTable()), accounts,
                KeyUsageRecorder.onVirtualThreads(accounts), clock, settings.keyCacheTtl(), UNKNOWN_KEY_CACHE);
        Optional<SpendLedger> ledger = settings.spendTable().map(table ->
                new DynamoDbSpendLedger(dynamo, table, settings.usageTable(), settings.usageRetention()));
        UsageMeter meter;
        BudgetEnforcer budgets;
        Optional<LeaseKeeper> keeper = Optional.empty();
        if (!settings.metering()) {
            // benchmark/diagnostic switch: the same path, but settling writes nothing and nothing is reserved
            LOG.warn("metering and budget enforcement are OFF: requests are neither recorded nor counted nor limited "
                    + "(a benchmark and diagnostic switch, never for production)");
            meter = new UsageMeter(DISCARDING_LEDGER, UNUSED_SPOOL);
            budgets = new BudgetEnforcer(Optional.empty(), new BudgetPlanner(false), clock);
        } else {
            // one code path: every request plans a reservation; without limits (or a ledger) it holds nothing but still settles
            meter = ledger.isPresent() ? new UsageMeter(settleInto.orElse(ledger.get()), Objects.requireNonNull(spool, "spool"))
                    : new UsageMeter(new DynamoDbUsageStore(dynamo, settings.usageTable(), settings.usageRetention()));
            // limits are held on allowance leases: no store call on the request path while a lease covers it
            keeper = settings.spendTable().filter(table -> settings.enforceBudgets()).map(table -> leaseKeeper(
                    new DynamoDbAllowanceLedger(dynamo, table), allowances, clock));
            budgets = new BudgetEnforcer(keeper, ledger.map(l -> (SpendCounters) l), new BudgetPlanner(settings.enforceBudgets()),
                    clock);
        }
        // every settled usage record also feeds the request metrics (spend and tokens per model, vendor outcomes)
        meter = meter.observedBy(metrics::settled);
        Map<VendorApi, VendorClient> clients = clientsByApi(http, settings);
        // the classifier's weights load and prime here, at init, so no request pays for them
        var planner = new CandidatePlanner(catalog, clients, Optional.of(new AutoRouter(ComplexityClassifier.bundled(), catalog)));
        var keys = new VendorKeys(secrets, settings.vendorKeysSecretId(), settings.tenantVendorKeysSecretPrefix(),
                settings.secretsCacheTtl(), clock);
        var attempts = new Attempts(keys, RetryPolicy.DEFAULT, CircuitBreakers.defaults(clock), Attempts.Sleeper.REAL,
                settings.requestTimeLimit(), settings.streamTimeLimit());
        var lifecycle = new RequestLifecycle(attempts, meter, metrics, budgets);
        Optional<LeaseKeeper> closing = keeper;
        var endpoints = new RouterApp.Endpoints(new ChatCompletions(planner), new Embeddings(catalog, clients), new Messages(planner),
                new Responses(planner), new ModelsService(catalog, clock));
        return new RouterApp(authenticator, lifecycle, endpoints, metrics, () -> closing.ifPresent(LeaseKeeper::close));
    }

    /** One lease book per router instance, kept by one background thread (every second). */
    static LeaseKeeper leaseKeeper(AllowanceLedger ledger, AllowanceSettings allowances, Clock clock) {
        var book = new LeaseBook(ledger, clock, allowances::sizer, allowances.ttl(), allowances.margin(),
                LeaseBook.randomLeaseIds());
        return new LeaseKeeper(book, clock).start(LeaseKeeper.DEFAULT_INTERVAL);
    }
}
