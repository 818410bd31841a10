package com.gaterouter.rollup;

import com.gaterouter.common.events.EventBridgePublisher;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.Primed;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.rollup.alerts.AlertRun;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The scheduled roll-up in AWS, from the environment template.yaml sets: the SDK clients (one
 * shared HTTP client that SnapStart priming answers in-process), {@link RollupWiring}'s pass with
 * alerts to the gateway's EventBridge bus, the SnapStart hooks and the per-tick EMF metrics.
 */
final class AwsRollupWiring {

    private AwsRollupWiring() {
    }

    static Primed<ScheduledPass> build(Settings settings, Clock clock) {
        PrimingHttpClient http = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        ScheduledPass pass = scheduledPass(settings, clock, http);
        return new Primed<>(pass, MetricsFactory.getMetricsInstance(), Optional.of(primingHooks(pass, http, clock)));
    }

    static ScheduledPass scheduledPass(Settings settings, Clock clock, SdkHttpClient http) {
        var alertsTo = new EventBridgePublisher(EventBridgeClient.builder().httpClient(http).build(), settings.required("EVENT_BUS_NAME"));
        return RollupWiring.scheduledPass(settings, DynamoDbClient.builder().httpClient(http).build(), alertsTo, clock);
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

    /** One EMF document per tick (none when {@code metrics} is null, as in tests). */
    static void emit(Metrics metrics, ScheduledPass.Outcome outcome) {
        if (metrics == null) {
            return;
        }
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
            m.addMetric("AlertsSuperseded", a.superseded(), MetricUnit.COUNT);
            m.addMetric("AlertPublishFailures", a.failed(), MetricUnit.COUNT);
            m.addMetric("AlertPassIncomplete", a.complete() ? 0 : 1, MetricUnit.COUNT);
            outcome.digests().ifPresent(d -> {
                m.addMetric("DigestsSent", d.sent(), MetricUnit.COUNT);
                m.addMetric("DigestPublishFailures", d.failed(), MetricUnit.COUNT);
            });
        });
    }
}
