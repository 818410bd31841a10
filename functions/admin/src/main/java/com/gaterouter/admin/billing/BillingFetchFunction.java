package com.gaterouter.admin.billing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.gaterouter.common.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;

/** The daily fetch of the vendors' usage and cost exports, reconciled per tenant ({@link ScheduledReconciliations}). */
public final class BillingFetchFunction implements RequestHandler<Map<String, Object>, String> {

    private final AwsBillingFetchWiring.BillingFetch fetch;
    private final Metrics metrics;

    public BillingFetchFunction() {
        this(AwsBillingFetchWiring.build(Settings.fromEnvironment(), Clock.systemUTC()), AwsBillingFetchWiring.metrics());
    }

    BillingFetchFunction(AwsBillingFetchWiring.BillingFetch fetch, Metrics metrics) {
        this.fetch = fetch;
        this.metrics = metrics;
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            ScheduledReconciliations.Summary summary = fetch.run(Duration.ofMillis(context.getRemainingTimeInMillis()));
            AwsBillingFetchWiring.emit(metrics, summary);
            return summary.toString();
        });
    }
}
