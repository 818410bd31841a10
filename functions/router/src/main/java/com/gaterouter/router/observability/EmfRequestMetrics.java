package com.gaterouter.router.observability;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * CloudWatch metrics in Embedded Metric Format via Powertools. Each request is flushed as its own
 * EMF document ({@code flushMetrics}), so concurrent requests in one process (the streaming
 * server) never mix their metrics; the namespace comes from POWERTOOLS_METRICS_NAMESPACE.
 */
public final class EmfRequestMetrics implements RequestMetrics {

    private final Metrics metrics;

    public EmfRequestMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void record(RequestOutcome o) {
        metrics.flushMetrics(m -> {
            m.setDefaultDimensions(DimensionSet.of("Route", o.route(), "Vendor", o.vendor()));
            m.addMetadata("model", o.model());
            m.addMetadata("httpStatus", o.httpStatus());
            m.addMetric("Requests", 1, MetricUnit.COUNT);
            m.addMetric(o.httpStatus() >= 500 ? "ServerErrors" : o.httpStatus() >= 400 ? "ClientErrors" : "Successes", 1, MetricUnit.COUNT);
            m.addMetric("Latency", o.latencyMillis(), MetricUnit.MILLISECONDS);
            if (o.stream()) {
                m.addMetric("TimeToFirstToken", o.ttftMillis(), MetricUnit.MILLISECONDS);
            }
            m.addMetric("PromptTokens", o.promptTokens(), MetricUnit.COUNT);
            m.addMetric("CompletionTokens", o.completionTokens(), MetricUnit.COUNT);
            m.addMetric("CostMicroUsd", o.costMicros(), MetricUnit.COUNT);
            m.addMetric("VendorAttempts", o.attempts(), MetricUnit.COUNT);
        });
    }
}
