package com.gaterouter.rollup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.events.EventBridgePublisher;
import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.rollup.alerts.AlertRun;
import com.gaterouter.rollup.alerts.AlertService;
import com.gaterouter.rollup.alerts.dynamodb.DynamoDbAlertLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Scheduled spend roll-up and budget alerts (template.yaml: every 15 minutes, and the daily close
 * shortly after midnight UTC). Each tick runs {@link ScheduledPass}: the roll-up of every tenant,
 * then the alert pass, bounded by the invocation's remaining time less {@link #MARGIN}. A tick cut
 * short by its deadline loses nothing: the roll-up resumes from its watermark and alerts not yet
 * evaluated fire on the next tick. Ticks may overlap (a slow run, the daily close meeting a
 * 15-minute tick): both passes are safe to run concurrently.
 *
 * <p>The payload is ignored beyond logging (EventBridge Scheduler sends the schedule's
 * {@code Input}), so the handler takes any JSON object.
 */
public final class SpendRollupFunction implements RequestHandler<Map<String, Object>, String> {

    /** Time left for logging, metrics and the answer after the passes stop. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SpendRollupFunction.class);

    private final ScheduledPass pass;
    private final Clock clock;
    private final Metrics metrics;
    /** Held here: the runtime keeps registered hooks weakly. */
    private final SnapStartHooks snapStart;

    /** Lambda's constructor: the object graph from the environment template.yaml sets, built once, and its SnapStart hooks. */
    public SpendRollupFunction() {
        this(PrimingHttpClient.wrapping(UrlConnectionHttpClient.create()), Clock.systemUTC());
    }

    private SpendRollupFunction(PrimingHttpClient http, Clock clock) {
        this.pass = fromEnvironment(System.getenv(), clock, http);
        this.clock = clock;
        this.metrics = MetricsFactory.getMetricsInstance();
        this.snapStart = primingHooks(pass, http, clock).register();
    }

    public SpendRollupFunction(ScheduledPass pass, Clock clock, Metrics metrics) {
        this.pass = Objects.requireNonNull(pass, "pass");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = metrics;
        this.snapStart = null;
    }

    /** The hooks the Lambda constructor registered (empty when built around a given pass). */
    Optional<SnapStartHooks> snapStart() {
        return Optional.ofNullable(snapStart);
    }

    /**
     * Before the SnapStart snapshot (docs/operations.md, "Cold starts"): one scheduled pass, in the
     * priming window where DynamoDB answers in-process with no tenants (the tenant query, the
     * watermark, the alert pass's reads) and nothing is written or published. After a restore the
     * generators behind alert-lease tokens are reseeded.
     */
    static SnapStartHooks primingHooks(ScheduledPass pass, PrimingHttpClient http, Clock clock) {
        return SnapStartHooks.forFunction("spend-rollup", http)
                .prime("scheduled pass over no tenants", () -> pass.run(clock.instant().plusSeconds(30)))
                .build();
    }

    static ScheduledPass fromEnvironment(Map<String, String> env, Clock clock, software.amazon.awssdk.http.SdkHttpClient http) {
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).build();
        EventBridgeClient eventBridge = EventBridgeClient.builder().httpClient(http).build();
        Duration retention = Duration.ofDays(Long.parseLong(env.getOrDefault("USAGE_RETENTION_DAYS", "400")));
        // the account store's constructor names the ApiKeys table; this function only reads Accounts
        AccountStore accounts = new DynamoDbAccountStore(dynamo, required(env, "ACCOUNTS_TABLE"), required(env, "API_KEYS_TABLE"));
        String rollupsTable = required(env, "ROLLUPS_TABLE");
        RollupService rollups = new RollupService(accounts, new DynamoDbUsageStore(dynamo, required(env, "USAGE_TABLE"), retention),
                new DynamoDbRollupStore(dynamo, rollupsTable), clock,
                Duration.ofMinutes(Long.parseLong(env.getOrDefault("ROLLUP_LATE_WINDOW_MINUTES",
                        Long.toString(RollupService.DEFAULT_LATE_WINDOW.toMinutes())))));
        AlertService alerts = new AlertService(accounts,
                new DynamoDbSpendLedger(dynamo, required(env, "SPEND_TABLE"), required(env, "USAGE_TABLE"), retention),
                new DynamoDbAlertLedger(dynamo, rollupsTable),
                new EventBridgePublisher(eventBridge, required(env, "EVENT_BUS_NAME")), clock);
        return new ScheduledPass(rollups::runAll, alerts, clock);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
            LOG.info("tick {}; passes run until {}", event == null ? Map.of() : event, deadline);
            ScheduledPass.Outcome outcome = pass.run(deadline);
            if (metrics != null) {
                AlertRun a = outcome.alerts();
                metrics.flushMetrics(m -> {
                    m.setDefaultDimensions(DimensionSet.of("Function", "rollup"));
                    m.addMetric("RollupTicks", 1, MetricUnit.COUNT);
                    m.addMetric("RollupFailures", outcome.rollupError().isPresent() ? 1 : 0, MetricUnit.COUNT);
                    outcome.rollup().ifPresent(r -> {
                        m.addMetric("RollupRows", r.rows(), MetricUnit.COUNT);
                        m.addMetric("RollupIncomplete", r.complete() ? 0 : 1, MetricUnit.COUNT);
                    });
                    m.addMetric("AlertsPublished", a.published(), MetricUnit.COUNT);
                    m.addMetric("AlertsRepublished", a.republished(), MetricUnit.COUNT);
                    m.addMetric("AlertPublishFailures", a.failed(), MetricUnit.COUNT);
                    m.addMetric("AlertPassIncomplete", a.complete() ? 0 : 1, MetricUnit.COUNT);
                });
            }
            return "rollup " + outcome.rollup().map(Object::toString).orElse("failed: " + outcome.rollupError().orElse("?"))
                    + "; alerts " + outcome.alerts();
        });
    }
}
