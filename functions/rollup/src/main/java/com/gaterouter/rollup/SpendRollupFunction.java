package com.gaterouter.rollup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Scheduled spend roll-up. This module is the deployable shell — packaging, logging and metrics
 * wiring — for the roll-up and alerting work: today it records that the schedule fired; the
 * aggregation itself is not built yet (see docs/architecture.md, "What exists").
 */
public final class SpendRollupFunction implements RequestHandler<ScheduledEvent, String> {

    private static final Logger LOG = LoggerFactory.getLogger(SpendRollupFunction.class);
    private static final Metrics METRICS = MetricsFactory.getMetricsInstance();

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            Instant tick = event.getTime() == null ? Instant.now() : Instant.ofEpochMilli(event.getTime().getMillis());
            LOG.info("roll-up tick at {}", tick);
            METRICS.flushMetrics(m -> {
                m.setDefaultDimensions(DimensionSet.of("Function", "rollup"));
                m.addMetric("RollupTicks", 1, MetricUnit.COUNT);
            });
            return "tick " + tick;
        });
    }
}
