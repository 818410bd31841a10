package com.gaterouter.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbApiKeyStore;
import com.gaterouter.admin.analytics.AnalyticsBackend;
import com.gaterouter.admin.http.PageTokens;
import com.gaterouter.common.secrets.SecretsManagerSecretsSource;
import com.gaterouter.common.secrets.SecretsSource;
import com.gaterouter.common.lambda.ApiGatewayMapping;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.common.tables.GatewayTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * API Gateway handler for {@code /admin/v1/*}: maps the event, calls {@link AdminApp}, maps back.
 * A request API Gateway authenticated with IAM (SigV4) carries the caller's ARN in
 * {@code requestContext.identity.userArn}: that caller is a platform admin.
 */
public final class AdminFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Metrics METRICS = MetricsFactory.getMetricsInstance();
    private static final Logger LOG = LogManager.getLogger(AdminFunction.class);
    /** The Secrets Manager secret whose {@code key} field signs the admin lists' {@code nextToken}s. */
    static final String PAGE_TOKEN_SECRET_ENV = "PAGE_TOKEN_SECRET_ID";

    private final AdminApp app;
    /** Held here: the runtime keeps registered hooks weakly. */
    private final SnapStartHooks snapStart;

    /** Lambda's constructor: wiring from the environment template.yaml sets, and its SnapStart hooks. */
    public AdminFunction() {
        PrimingHttpClient http = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        this.app = buildFromEnvironment(http);
        this.snapStart = primingHooks(app, http, Clock.systemUTC()).register();
    }

    public AdminFunction(AdminApp app) {
        this.app = app;
        this.snapStart = null;
    }

    /** The hooks the Lambda constructor registered (empty when built around a given core). */
    Optional<SnapStartHooks> snapStart() {
        return Optional.ofNullable(snapStart);
    }

    /**
     * Before the SnapStart snapshot (docs/operations.md, "Cold starts"): an admin call with a random
     * key, once straight into the core and once as API Gateway delivers it through this handler's
     * mapping — the key lookup (DynamoDB GetItem, answered in-process "no such key"), routing and
     * the 401 answer's JSON. Nothing is read or written; after a restore the id and key generators
     * are reseeded.
     */
    static SnapStartHooks primingHooks(AdminApp app, PrimingHttpClient http, Clock clock) {
        return SnapStartHooks.forFunction("admin", http)
                .prime("admin call with an unknown key", () ->
                        requireUnauthorized(app.handle(PrimingSamples.createDepartment(PrimingSamples.unknownApiKey(), clock), Optional.empty())))
                .prime("API Gateway event through the handler", () -> {
                    var sample = PrimingSamples.createDepartment(PrimingSamples.unknownApiKey(), clock);
                    var event = new APIGatewayProxyRequestEvent()
                            .withHttpMethod(sample.method()).withPath(sample.path()).withResource("/admin/v1/{proxy+}")
                            .withHeaders(sample.headers()).withBody(new String(sample.body(), java.nio.charset.StandardCharsets.UTF_8))
                            .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId(sample.requestId())
                                    .withRequestTimeEpoch(sample.receivedAt().toEpochMilli()));
                    int status = ApiGatewayMapping.toEvent(app.handle(ApiGatewayMapping.toRequest(event, null), iamCaller(event)))
                            .getStatusCode();
                    if (status != 401) {
                        throw new IllegalStateException("expected 401 for an unknown admin key, the admin API answered " + status);
                    }
                })
                .build();
    }

    private static void requireUnauthorized(com.gaterouter.common.api.ApiResponse response) {
        if (!(response instanceof com.gaterouter.common.api.ApiResponse.Buffered buffered) || buffered.status() != 401) {
            throw new IllegalStateException("expected 401 for an unknown admin key, the admin API answered " + response);
        }
    }

    private static AdminApp buildFromEnvironment(PrimingHttpClient http) {
        String accountsTable = requireEnv(GatewayTable.ACCOUNTS);
        String apiKeysTable = requireEnv(GatewayTable.API_KEYS);
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).build();
        Clock clock = Clock.systemUTC();
        var accounts = new DynamoDbAccountStore(dynamo, accountsTable, apiKeysTable, clock);
        // analytics read roll-ups and, for days not rolled up yet, raw usage; "roll up now" runs the same engine as the schedule
        Duration retention = Duration.ofDays(Long.parseLong(System.getenv().getOrDefault("USAGE_RETENTION_DAYS", "400")));
        var usage = new DynamoDbUsageStore(dynamo, requireEnv(GatewayTable.USAGE), retention);
        var rollupStore = new DynamoDbRollupStore(dynamo, requireEnv(GatewayTable.ROLLUPS));
        var rollups = new RollupService(accounts, usage, rollupStore, clock, RollupService.DEFAULT_LATE_WINDOW);
        // budget reads show each limit's current usage from the router's spend counters (read only)
        var spend = new DynamoDbSpendLedger(dynamo, requireEnv(GatewayTable.SPEND), requireEnv(GatewayTable.USAGE), retention);
        return new AdminApp(accounts, new DynamoDbApiKeyStore(dynamo, apiKeysTable), clock,
                Optional.of(new AnalyticsBackend(usage, rollupStore, Optional.of(rollups::runTenant))), Optional.<SpendCounters>of(spend),
                pageTokensFromEnvironment(http));
    }

    /**
     * The {@code nextToken} key every execution environment shares: the {@code key} field of the
     * secret template.yaml generates ({@value #PAGE_TOKEN_SECRET_ENV}). Read on the first list, not
     * at init (the snapshot holds no key, and calls that list nothing never fetch it), then cached
     * for an hour, so a rotated key takes effect within the hour.
     */
    static PageTokens pageTokensFromEnvironment(PrimingHttpClient http) {
        String secretId = System.getenv(PAGE_TOKEN_SECRET_ENV);
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalStateException(PAGE_TOKEN_SECRET_ENV + " is not set (template.yaml sets it)");
        }
        SecretsSource secrets = new SecretsManagerSecretsSource(SecretsManagerClient.builder().httpClient(http).build(),
                Duration.ofHours(1));
        return PageTokens.withKeyFrom(() -> {
            String key = secrets.secretFields(secretId)
                    .map(fields -> fields.get("key"))
                    .orElseThrow(() -> new IllegalStateException("secret " + secretId + " is missing or has no 'key' field"));
            return key.getBytes(StandardCharsets.UTF_8);
        });
    }


    private static String requireEnv(GatewayTable table) {
        String name = System.getenv(table.environmentVariable());
        if (name == null || name.isBlank()) {
            throw new IllegalStateException(table.environmentVariable() + " is not set (template.yaml sets it)");
        }
        return name;
    }

    /** The IAM principal API Gateway authenticated, if the route uses IAM authorization. */
    static Optional<String> iamCaller(APIGatewayProxyRequestEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getIdentity() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(context.getIdentity().getUserArn()).filter(arn -> !arn.isBlank());
    }

    /** One EMF document per request; a metrics failure never turns a change that happened into an error. */
    private static void recordMetric(int status) {
        try {
            METRICS.flushMetrics(m -> {
                m.setDefaultDimensions(DimensionSet.of("Route", "admin", "StatusClass", (status / 100) + "xx"));
                m.addMetric("AdminRequests", 1, MetricUnit.COUNT);
            });
        } catch (RuntimeException e) {
            LOG.warn("could not emit the request metric: {}", e.toString());
        }
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_REST, event, () -> {
            APIGatewayProxyResponseEvent response = ApiGatewayMapping.toEvent(
                    app.handle(ApiGatewayMapping.toRequest(event, context), iamCaller(event)));
            recordMetric(response.getStatusCode());
            return response;
        });
    }
}
