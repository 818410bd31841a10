package com.gaterouter.rollup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.Primed;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;

/** The scheduled roll-up and budget alerts: each tick is one {@link ScheduledPass#tick} within the invocation's remaining time. */
public final class SpendRollupFunction implements RequestHandler<Map<String, Object>, String> {

    private final Primed<ScheduledPass> rollup;

    public SpendRollupFunction() {
        this(AwsRollupWiring.build(Settings.fromEnvironment(), Clock.systemUTC()).registered());
    }

    public SpendRollupFunction(ScheduledPass pass, Metrics metrics) {
        this(Primed.withoutHooks(pass, metrics));
    }

    private SpendRollupFunction(Primed<ScheduledPass> rollup) {
        this.rollup = rollup;
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            ScheduledPass.Outcome outcome = rollup.graph().tick(event == null ? Map.of() : event,
                    Duration.ofMillis(context.getRemainingTimeInMillis()));
            AwsRollupWiring.emit(rollup.metrics(), outcome);
            return outcome.summary();
        });
    }
}
