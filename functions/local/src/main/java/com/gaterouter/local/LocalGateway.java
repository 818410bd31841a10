package com.gaterouter.local;

import com.gaterouter.admin.AdminApp;
import com.gaterouter.admin.AdminWiring;
import com.gaterouter.admin.http.PageTokens;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.rollup.notifier.AlertNotifier;
import com.gaterouter.rollup.notifier.NotifierWiring;
import com.gaterouter.rollup.RollupWiring;
import com.gaterouter.rollup.ScheduledPass;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.spend.spool.FileUsageSpool;
import com.gaterouter.common.spend.spool.UsageReplayer;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TableDefinition;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.tables.local.DynamoDbLocalServer;
import com.gaterouter.common.usage.UsageStore;
import com.gaterouter.common.usage.sqlite.SqliteUsageStore;
import com.gaterouter.router.RouterApp;
import com.gaterouter.router.RouterSettings;
import com.gaterouter.router.RouterWiring;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiHandler;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.common.http.GatewayHttpServer;
import com.gaterouter.console.ConsoleAssets;
import com.gaterouter.local.metrics.MetricsEndpoint;
import com.gaterouter.local.metrics.PrometheusRequestMetrics;
import com.gaterouter.router.vendors.VendorTimeouts;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole gateway in one process: DynamoDB Local with the template's tables, the demo tenant,
 * the router on the streaming HTTP server, and the vendor simulator for vendors without a key;
 * the router's request metrics in Prometheus text on {@code /metrics} (platform admin key).
 * The port is bound first, so a taken port fails in milliseconds with a clear message, and
 * {@code /health} answers 503 until everything is up, then 200.
 *
 * <p>Everything listens on loopback ({@code 127.0.0.1}) by default: the gateway, DynamoDB Local
 * (which takes any credentials) and the simulator. {@code --host} moves the gateway alone to
 * another address; the database and the simulator never leave loopback. At each start the
 * platform admin key and the demo app key replace the ones earlier starts recorded in the data dir.
 */
public final class LocalGateway implements AutoCloseable {

    /** The vendor-keys secret's id inside the local gateway (it has no Secrets Manager). */
    static final String VENDOR_KEYS_SECRET = "gaterouter/local/vendor-keys";
    private static final String STAGE = "local";
    private static final Duration REPLAY_EVERY = Duration.ofSeconds(30);
    /** The template's tables but the usage table: the usage records are in {@link SqliteUsageStore}. */
    static final Set<GatewayTable> LOCAL_TABLES = EnumSet.complementOf(EnumSet.of(GatewayTable.USAGE));

    private final GatewayHttpServer http;
    private final DynamoDbLocalServer dynamoServer;
    private final DynamoDbClient dynamo;
    private final Optional<VendorSimulator> simulator;
    private final BannerKey demoApiKey;
    private final BannerKey adminKey;
    private final InetAddress host;
    private final LocalVendors vendors;
    private final Optional<PeriodicTask<UsageReplayer.Counts>> replay;
    private final PeriodicTask<ScheduledPass.Outcome> rollups;
    private final LocalOutbox outbox;
    private final LocalFiles files;
    private final Optional<LocalUsageJournal> usageJournal;
    private final SqliteUsageStore usageStore;
    private final RouterApp routerApp;

    private LocalGateway(GatewayHttpServer http, DynamoDbLocalServer dynamoServer, DynamoDbClient dynamo,
                         Optional<VendorSimulator> simulator, BannerKey demoApiKey, BannerKey adminKey, InetAddress host,
                         LocalVendors vendors, Optional<PeriodicTask<UsageReplayer.Counts>> replay, PeriodicTask<ScheduledPass.Outcome> rollups, LocalOutbox outbox, LocalFiles files,
                         Optional<LocalUsageJournal> usageJournal, SqliteUsageStore usageStore, RouterApp routerApp) {
        this.http = http;
        this.dynamoServer = dynamoServer;
        this.dynamo = dynamo;
        this.simulator = simulator;
        this.demoApiKey = demoApiKey;
        this.adminKey = adminKey;
        this.host = host;
        this.vendors = vendors;
        this.replay = replay;
        this.rollups = rollups;
        this.outbox = outbox;
        this.files = files;
        this.usageJournal = usageJournal;
        this.usageStore = usageStore;
        this.routerApp = routerApp;
    }

    /** Thrown when the port is taken; the message says what to do. */
    public static final class PortInUseException extends Exception {
        PortInUseException(InetAddress host, int port, BindException cause) {
            super("Port " + port + " is already in use (on " + host.getHostAddress() + "). Stop whatever is listening there, "
                    + "or start GateRouter on another port with --port N (or GATEROUTER_PORT=N).", cause);
        }
    }

    public static LocalGateway start(LocalOptions options, Map<String, String> env) throws PortInUseException {
        return start(options, env, Clock.systemUTC());
    }

    /**
     * As {@link #start(LocalOptions, Map)} on {@code clock}: every part of the gateway — metering, roll-ups,
     * alerts, the admin API, the vendor simulator's billing — tells the time by it (a test walks a month).
     */
    public static LocalGateway start(LocalOptions options, Map<String, String> env, Clock clock) throws PortInUseException {
        StartupTimeline timeline = new StartupTimeline();
        Settings environment = Settings.of(env);
        AtomicReference<ApiHandler> router = new AtomicReference<>();
        AtomicReference<ApiHandler> admin = new AtomicReference<>();
        AtomicReference<ApiHandler> metricsEndpoint = new AtomicReference<>();
        GatewayHttpServer http;
        try {
            http = GatewayHttpServer.start(new InetSocketAddress(options.host(), options.port()), List.of(
                            new GatewayHttpServer.Route("/v1/", whenReady(router)),
                            new GatewayHttpServer.Route("/admin/", whenReady(admin)),
                            // the web console's pages (static; they call /admin/ with the signed-in admin key)
                            new GatewayHttpServer.Route(ConsoleAssets.PREFIX, ConsoleAssets.bundled(true)::handle),
                            new GatewayHttpServer.Route(MetricsEndpoint.PATH, whenReady(metricsEndpoint))),
                    () -> router.get() != null && admin.get() != null, clock);
        } catch (BindException e) {
            throw new PortInUseException(options.host(), options.port(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + options.host().getHostAddress() + " port " + options.port() + ": "
                    + e.getMessage(), e);
        }
        timeline.mark("http-server-listening");

        // what has started, for closing on a failure; steps on other threads add theirs too
        List<AutoCloseable> started = java.util.Collections.synchronizedList(new ArrayList<>(List.of(http)));
        // start-up steps that do not need each other run side by side (platform threads: the work is
        // class loading and parsing, not waiting)
        ExecutorService steps = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("gaterouter-start-", 1).factory());
        ExecutorService aside = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("gaterouter-start-aside").factory());
        try {
            LocalFiles files = LocalFiles.in(options.dataDir());
            started.add(files);
            int dynamoPort = DynamoDbLocalServer.freePort();
            // the server readies its request path with a first request of its own...
            Future<DynamoDbLocalServer> dynamoServer = steps.submit(() -> timeline.step("dynamodb-local", () -> {
                DynamoDbLocalServer server = closeLater(started, DynamoDbLocalServer.start(options.dataDir(), dynamoPort));
                server.warmUp();
                return server;
            }));
            // ...while the client, which needs only the endpoint, is built
            Future<DynamoDbClient> dynamoClient = steps.submit(() -> timeline.step("dynamodb-client", () ->
                    closeLater(started, DynamoDbLocalServer.client(DynamoDbLocalServer.endpoint(dynamoPort)))));
            Future<Map<String, TableDefinition>> definitions = aside.submit(() -> timeline.step("template-tables", () ->
                    TemplateTables.bundled(STAGE)));
            AtomicReference<VendorSimulator> simulator = new AtomicReference<>();
            Future<LocalVendors> vendorsReady = aside.submit(() -> timeline.step("catalog-and-vendors", () -> {
                ModelCatalog catalog = ModelCatalog.load(environment.optional("GATEROUTER_CATALOG").map(java.nio.file.Path::of));
                return LocalVendors.configure(catalog, env, () -> {
                    if (simulator.get() == null) {
                        // a demo backend that answers anyone: this machine only, whatever --host says; it
                        // bills (its usage and cost exports) at the catalog's list prices
                        simulator.set(closeLater(started, VendorSimulator.start(simulatorConfig(env)
                                .withHost(LocalOptions.LOOPBACK.getHostAddress())
                                .withClock(clock)
                                .withPrices(LocalVendors.listPrices(catalog, java.time.LocalDate.now(clock))))));
                    }
                    return simulator.get();
                });
            }));
            // the classifier behind model "auto" loads its weights and primes itself once per JVM
            Future<ComplexityClassifier> classifier = aside.submit(() -> timeline.step("classifier", ComplexityClassifier::bundled));

            DynamoDbClient dynamo = await(dynamoClient);
            // the same wirings as in AWS, over the template's tables in DynamoDB Local
            Settings settings = environment.withTables(TemplateTables.names(await(definitions)));
            RouterSettings routerSettings = routerSettings(settings);
            // usage the spend table could not take waits in a file (in the data dir when there is one) and is replayed
            FileUsageSpool spool = new FileUsageSpool(files.spoolDirectory());
            // the usage records: a SQLite file of their own (DynamoDB Local keeps the rest)
            SqliteUsageStore usageStore = closeLater(started, timeline.run("usage-store", () ->
                    SqliteUsageStore.open(files.usageStoreFile(), settings.usageRetention(), clock)));
            // metering on: requests settle into the usage journal (one append), applied to the stores behind them
            Optional<LocalUsageJournal> journal = routerSettings.metering()
                    ? Optional.of(closeLater(started, timeline.run("usage-journal", () -> LocalUsageJournal.open(
                            files.journalDirectory(), files.rejectedDirectory(), dynamo, usageStore, settings, clock))))
                    : Optional.empty();
            LocalVendors vendors = await(vendorsReady);
            await(classifier);
            // request, error, latency and spend counters, served on /metrics to the platform admin
            PrometheusRequestMetrics metrics = new PrometheusRequestMetrics();
            // the object graphs only hold the client: they are built while the tables are created
            Future<RouterApp> routerApp = steps.submit(() -> timeline.step("router-wiring", () -> RouterWiring.build(routerSettings,
                    com.gaterouter.router.AllowanceSettings.fromEnvironment(settings), dynamo, new StaticSecretsSource().put(VENDOR_KEYS_SECRET, vendors.keyFields()),
                    vendors.catalog(), metrics, clock, spool, journal.map(LocalUsageJournal::ledger))));

            AdminApp adminApp = timeline.run("admin-wiring", () ->
                    AdminWiring.build(settings, dynamo, usageStore, clock, PageTokens.random(new SecureRandom())));
            // the demo tenant and the platform admin key go in through the ports, as the admin API writes them
            var keys = new DynamoDbApiKeyStore(dynamo, settings.table(GatewayTable.API_KEYS));
            var accounts = new DynamoDbAccountStore(dynamo, settings.table(GatewayTable.ACCOUNTS), settings.table(GatewayTable.API_KEYS), clock);

            BannerKey demoKey = BannerKey.givenOrNew(options.demoApiKey(), LocalOptions.DEMO_KEY_ENV);
            BannerKey adminKey = BannerKey.givenOrNew(options.adminKey(), LocalOptions.ADMIN_KEY_ENV);
            DynamoDbLocalServer dynamoLocal = await(dynamoServer);
            timeline.run("create-tables", () -> TemplateTables.createAll(dynamo, await(definitions), steps, LOCAL_TABLES));
            // a data dir of a version that kept usage records in DynamoDB Local: they move to the usage store
            timeline.run("usage-table-migration", () -> LegacyUsageTable.moveInto(usageStore, dynamo,
                    settings.table(GatewayTable.USAGE)));
            timeline.run("seed-demo-tenant", () -> {
                DemoTenant.seed(accounts, keys, demoKey.secret(), clock.instant());
                // one start's key replaces the ones earlier starts recorded in the data dir
                accounts.replacePlatformAdminKey(ApiKeySecrets.hash(adminKey.secret()), clock.instant());
                return null;
            });
            // the tables exist now: re-apply what the journal retained (DynamoDB Local may have lost it), before serving
            journal.ifPresent(j -> timeline.run("usage-journal-recovery", () -> {
                j.recover();
                return null;
            }));
            // replay what an earlier run (with this data dir) left in the spool, into the journal; with metering off
            // nothing is recorded, so the spool waits for a run with metering on
            Optional<PeriodicTask<UsageReplayer.Counts>> replay = journal.map(j -> closeLater(started,
                    UsageReplayTask.start(new UsageReplayer(j.ledger()), spool, REPLAY_EVERY)));
            // roll-ups, budget alerts and analytics: the scheduled Lambda's pass every minute, alerts to the outbox
            // and, as the bus rule in AWS invokes the notifier, each alert's e-mail filed as .eml in outbox/mail/
            AlertNotifier notifier = NotifierWiring.build(settings, dynamo, new LocalMailbox(files.mailDirectory(), clock));
            LocalOutbox outbox = new LocalOutbox(files.outboxFile(), clock, envelope -> {
                if (AlertNotifier.handles(envelope.path("detail-type").asText())) {
                    notifier.handle(envelope);
                }
            });
            ScheduledPass pass = RollupWiring.scheduledPass(settings, dynamo, usageStore, outbox, clock);
            PeriodicTask<ScheduledPass.Outcome> rollupTask = closeLater(started, RollupTask.start(pass, clock,
                    settings.seconds(ROLLUP_EVERY, Duration.ofMinutes(1), 1, Duration.ofDays(1).toSeconds())));
            // the weekly digests: AWS's Monday schedule, here every GATEROUTER_DIGEST_EVERY_SECONDS (a week by default)
            closeLater(started, RollupTask.startDigests(pass, clock,
                    settings.seconds(DIGEST_EVERY, Duration.ofDays(7), 1, Duration.ofDays(28).toSeconds())));
            // the vendors' usage and cost exports, reconciled per tenant billing account: AWS's daily Lambda, here every
            // GATEROUTER_RECONCILE_EVERY_SECONDS (a day by default)
            closeLater(started, ReconcileTask.start(accounts, vendors, env,
                    AdminWiring.reconciliationSink(settings, dynamo, usageStore, clock), clock,
                    settings.seconds(ReconcileTask.RECONCILE_EVERY, Duration.ofDays(1), 1, Duration.ofDays(31).toSeconds())));
            RouterApp app = await(routerApp);
            admin.set(adminApp::handle);
            metricsEndpoint.set(new MetricsEndpoint(metrics, accounts::isPlatformAdminKey));
            router.set(app::handle);
            timeline.mark("ready");
            timeline.log();
            return new LocalGateway(http, dynamoLocal, dynamo, Optional.ofNullable(simulator.get()), demoKey, adminKey,
                    options.host(), vendors, replay, rollupTask, outbox, files, journal, usageStore, app);
        } catch (RuntimeException e) {
            // let running steps finish, so whatever they started is in the list, then stop it all
            steps.shutdownNow();
            aside.shutdownNow();
            awaitTermination(aside);
            awaitTermination(steps);
            closeAll(started);
            throw e;
        } finally {
            steps.shutdown();
            aside.shutdown();
        }
    }

    private static <T> T closeLater(List<AutoCloseable> started, T resource) {
        if (resource instanceof AutoCloseable closeable) {
            started.add(closeable);
        }
        return resource;
    }

    /** The step's result; its failure as it was thrown (unchecked), so the console shows the real cause. */
    private static <T> T await(Future<T> step) {
        try {
            return step.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    private static void awaitTermination(ExecutorService steps) {
        try {
            if (!steps.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("gaterouter: start-up steps still running after a failure; stopping what started");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The demo simulator answers like a real model by default (first token after 150 ms, then 80
     * tokens/s) so streaming is visible; GATEROUTER_SIM_TTFT_MS / GATEROUTER_SIM_TOKENS_PER_SECOND
     * change that (0 = instant, for benchmarks).
     */
    static SimulatorConfig simulatorConfig(Map<String, String> env) {
        Settings settings = Settings.of(env);
        long ttft = settings.number("GATEROUTER_SIM_TTFT_MS", 150, 0, Duration.ofMinutes(10).toMillis());
        double tokensPerSecond = settings.decimal("GATEROUTER_SIM_TOKENS_PER_SECOND", 80, 0, 1_000_000);
        return SimulatorConfig.defaults().withTimeToFirstToken(Duration.ofMillis(ttft)).withTokensPerSecond(tokensPerSecond)
                .withDirectives(SimulatorConfig.directivesFromEnvironment(env));
    }

    /** Environment variable: seconds one buffered request may take, retries and fallbacks included. */
    static final String REQUEST_TIME_LIMIT = "GATEROUTER_REQUEST_TIME_LIMIT_SECONDS";
    /** Environment variable: the same for a streamed request, its whole stream included. */
    static final String STREAM_TIME_LIMIT = "GATEROUTER_STREAM_TIME_LIMIT_SECONDS";
    /** The buffered API's limit in AWS (REQUEST_TIME_LIMIT_SECONDS in template.yaml): under API Gateway's 29 s. */
    static final Duration DEFAULT_REQUEST_TIME_LIMIT = Duration.ofSeconds(24);
    /** The streaming deployment's limit in AWS: under its function's 900 s timeout. */
    static final Duration DEFAULT_STREAM_TIME_LIMIT = Duration.ofSeconds(840);
    /**
     * Environment variable: how long a warm router trusts a key it has looked up, 30 s by default
     * (production allows up to 60 s); shorter, e.g. 0, to watch a revocation bite at once.
     */
    static final String KEY_CACHE_TTL = "GATEROUTER_KEY_CACHE_TTL_SECONDS";
    /** Environment variable: seconds between roll-up passes, every minute by default (tests and demos change it). */
    static final String ROLLUP_EVERY = "GATEROUTER_ROLLUP_EVERY_SECONDS";
    /**
     * Environment variable: seconds between weekly-digest runs, a week by default; each run sends each
     * department's digest of the last whole ISO week once (the digest ledger), so a shorter interval
     * sends that week's digest at the first run and nothing more until the next week.
     */
    static final String DIGEST_EVERY = "GATEROUTER_DIGEST_EVERY_SECONDS";

    /**
     * The router's settings locally: the template's tables, usage retention as in AWS
     * ({@code USAGE_RETENTION_DAYS}), a vendor-keys secret of its own, and the local switches:
     * {@code GATEROUTER_METERING=off} (a benchmark/diagnostic switch: no usage, counters or limits,
     * never for production) and the documented time limits, 1 to 900 s (24 s as behind API
     * Gateway's 29 s, streams as on the streaming deployment).
     *
     * @param settings the environment with the tables' names set ({@link Settings#withTables})
     */
    static RouterSettings routerSettings(Settings settings) {
        return new RouterSettings(settings.table(GatewayTable.API_KEYS), settings.table(GatewayTable.ACCOUNTS),
                settings.table(GatewayTable.USAGE), settings.usageRetention(), VENDOR_KEYS_SECRET, Optional.empty(),
                settings.seconds(KEY_CACHE_TTL, Duration.ofSeconds(30), 0, 60), Duration.ofMinutes(5), VendorTimeouts.DEFAULT,
                Optional.empty())
                .withSpendTable(settings.table(GatewayTable.SPEND), true)
                .withMetering(settings.onOff("GATEROUTER_METERING", true))
                .withTimeLimits(Optional.of(settings.seconds(REQUEST_TIME_LIMIT, DEFAULT_REQUEST_TIME_LIMIT, 1, 900)),
                        Optional.of(settings.seconds(STREAM_TIME_LIMIT, DEFAULT_STREAM_TIME_LIMIT, 1, 900)));
    }

    /** Until start-up finishes, API routes answer 503 with Retry-After instead of refusing connections. */
    private static ApiHandler whenReady(AtomicReference<ApiHandler> handler) {
        return request -> {
            ApiHandler ready = handler.get();
            return ready != null ? ready.handle(request)
                    : new ApiError(503, "api_error", "starting", null, "GateRouter is starting; retry shortly.", Map.of("retry-after", "1"))
                            .toResponse(request.requestId());
        };
    }

    public int port() {
        return http.port();
    }

    public String demoApiKey() {
        return demoApiKey.secret();
    }

    public String adminKey() {
        return adminKey.secret();
    }

    /** The address the gateway's HTTP server is bound to. */
    public InetAddress host() {
        return host;
    }

    /** Reachable from other machines: bound to neither 127.0.0.1 nor ::1. */
    public boolean beyondLoopback() {
        return !host.isLoopbackAddress();
    }

    /** The console's warning when the gateway listens beyond loopback; empty otherwise. */
    public Optional<String> exposureWarning() {
        if (!beyondLoopback()) {
            return Optional.empty();
        }
        return Optional.of("WARNING: GateRouter listens on " + listenAddress() + (host.isAnyLocalAddress() ? " (every interface)" : "")
                + ", beyond this machine: anyone who can reach it can call the gateway with the demo tenant and its keys, "
                + "and try keys against the admin API. Use it only on a network you trust or behind a firewall; "
                + "DynamoDB Local and the vendor simulator stay on 127.0.0.1.");
    }

    /** {@code 127.0.0.1:8080}, {@code 0.0.0.0:8080}, {@code [::]:8080}. */
    String listenAddress() {
        String address = host.getHostAddress();
        return (host instanceof java.net.Inet6Address ? "[" + address.replaceFirst("%.*$", "") + "]" : address) + ":" + port();
    }

    /** The URL for clients on this machine: localhost when bound to loopback or every interface, else the address. */
    String baseUrl() {
        if (host.isLoopbackAddress() || host.isAnyLocalAddress()) {
            return "http://localhost:" + port();
        }
        return "http://" + listenAddress();
    }

    /** The simulator, when at least one vendor is simulated (tests use it to inject faults). */
    public Optional<VendorSimulator> simulator() {
        return simulator;
    }

    /** The background replay of spooled usage (tests run it on demand); absent with metering off. */
    public Optional<PeriodicTask<UsageReplayer.Counts>> usageReplay() {
        return replay;
    }

    /** The usage records (analytics and roll-ups read them here; tests too). */
    public UsageStore usageStore() {
        return usageStore;
    }

    /** The roll-up and alert pass (tests run it on demand). */
    public PeriodicTask<ScheduledPass.Outcome> rollups() {
        return rollups;
    }

    /** Where budget alerts go locally (the file the banner names). */
    public LocalOutbox outbox() {
        return outbox;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** The usage journal applier's figures so far (records, batches, counter lag); empty with metering off or nothing applied. */
    public Optional<String> usageJournalSummary() {
        return usageJournal.flatMap(journal -> journal.applier().summary());
    }

    /** The usage journal and its applier (absent with metering off). */
    Optional<LocalUsageJournal> usageJournal() {
        return usageJournal;
    }

    public String banner() {
        String base = baseUrl();
        StringBuilder text = new StringBuilder()
                .append("\nGateRouter local gateway is ready on ").append(base).append('\n')
                .append("  listening on:      ").append(listenAddress())
                .append(beyondLoopback() ? " (reachable from other machines: see the warning)" : " (this machine only)").append('\n')
                .append("  OpenAI SDKs, Codex:  ").append(base).append("/v1 (Chat Completions, Responses)\n")
                .append("  Anthropic SDKs, Claude Code: ").append(base).append(" (Messages)\n")
                .append("  web console:       ").append(base).append(ConsoleAssets.PREFIX).append("/ (sign in with the platform admin key)\n")
                .append("  demo tenant:       ").append(DemoTenant.TENANT_ID).append('\n')
                .append("  demo app key:      ").append(demoApiKey.shown()).append('\n')
                .append("  platform admin key: ").append(adminKey.shown()).append('\n')
                .append("  DynamoDB Local:    ").append(dynamoServer.endpoint()).append('\n')
                .append("  usage records:     ").append(files.usageStoreFile()).append(" (SQLite)\n")
                .append("  budget alerts:     ").append(outbox.file()).append(" (and this console)\n")
                .append("  finance e-mails:   ").append(files.mailDirectory()).append(" (one .eml each)\n")
                .append("  metrics:           ").append(base).append(MetricsEndpoint.PATH).append(" (Prometheus text; Bearer the platform admin key)\n")
                .append("  vendors:\n");
        vendors.simulated().forEach((vendor, simulated) -> text.append("    ").append(String.format("%-10s", vendor))
                .append(simulated ? "vendor simulator (no " + vendors.catalog().vendor(vendor).keyEnv() + " set)" : "real API, key from environment")
                .append('\n'));
        text.append("\nThe docs' walk-throughs use these variables; paste this line into another shell:\n  ")
                .append(readerExports()).append('\n');
        text.append("\nTry:\n  curl ").append(base).append("/v1/chat/completions -H \"Authorization: Bearer ")
                .append(demoApiKey.variable().map(v -> "$" + v).orElse(demoApiKey.secret()))
                .append("\" -H 'Content-Type: application/json' \\\n    -d '{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'\n")
                .append("Press Ctrl-C to stop.\n");
        return text.toString();
    }

    /**
     * The shell variables every walk-through in README.md and docs/ uses, as one {@code export} line
     * for the reader to paste: {@code GR} (base URL), {@code KEY} (demo app key), {@code ADMIN}
     * (platform admin key), {@code OUTBOX} (this run's budget-alert file), {@code MAIL} (the folder of
     * its finance e-mails, one {@code .eml} each) and, when the built-in vendor simulator serves a vendor,
     * {@code SIM} (its base URL: the simulated vendors' own APIs and billing exports). The docs test sets its
     * shell up from this very line, so the banner and the docs cannot disagree. A key that came from
     * the environment appears as a reference to its variable ({@code KEY="$GATEROUTER_DEMO_API_KEY"}),
     * not in clear.
     */
    public String readerExports() {
        return "export GR=" + shellWord(baseUrl()) + " KEY=" + demoApiKey.shellWord()
                + " ADMIN=" + adminKey.shellWord() + " OUTBOX=" + shellWord(outbox.file().toAbsolutePath().toString())
                + " MAIL=" + shellWord(files.mailDirectory().toAbsolutePath().toString())
                + simulator.map(sim -> " SIM=" + shellWord(sim.baseUri().toString().replaceAll("/$", ""))).orElse("");
    }

    /** {@code value} as one shell word: as it is when that is safe, else single-quoted. */
    static String shellWord(String value) {
        if (!value.isEmpty() && value.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "-_./:@%+=,".indexOf(c) >= 0)) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        // in start order; closeAll stops them in reverse: requests first, the database last
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(files); // a temporary directory goes last, once nothing writes there
        parts.add(dynamoServer);
        parts.add(dynamo);
        parts.add(usageStore);
        // after the requests and the replay stopped, before the stores: force, apply, stop
        usageJournal.ifPresent(parts::add);
        simulator.ifPresent(parts::add);
        replay.ifPresent(parts::add);
        parts.add(rollups);
        // once requests stopped: the allowance leases go back (writes to the database, still open)
        parts.add(routerApp::close);
        parts.add(http);
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    public static void main(String[] args) {
        // before any logger exists: the console wants short readable lines, not Lambda's JSON
        try {
            ConsoleLogging.configure(Settings.processEnvironment());
        } catch (IllegalArgumentException e) {
            System.err.println("gaterouter: " + e.getMessage());
            System.exit(2);
        }
        System.exit(run(args, Settings.processEnvironment(), System.out, System.err));
    }

    /** Runs until Ctrl-C; returns the process exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("gaterouter: " + e.getMessage());
            err.println(LocalOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(LocalOptions.USAGE);
            return 0;
        }
        long started = System.nanoTime();
        LocalGateway gateway;
        try {
            gateway = start(options, env);
        } catch (PortInUseException e) {
            err.println("gaterouter: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("gaterouter: failed to start: " + e.getMessage());
            return 1;
        }
        gateway.exposureWarning().ifPresent(warning -> err.println("gaterouter: " + warning));
        out.print(gateway.banner());
        out.printf("(started in %d ms)%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nGateRouter stopping...");
            gateway.close();
            // the shutdown hooks' logging may be gone by now: the journal's figures go to the console directly
            gateway.usageJournal().flatMap(journal -> journal.applier().summary()).ifPresent(out::println);
            out.println("GateRouter stopped.");
            out.flush();
            stopped.countDown();
        }, "gaterouter-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
