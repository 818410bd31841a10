package com.gaterouter.rollup.counters;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.Primed;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;

/**
 * Maintains the spend counters and lease tallies from the Usage table's stream (template.yaml
 * {@code CounterFunction}; docs/architecture.md, "Counters from the usage stream"): one shard's batch per
 * invocation through {@link CounterStream}, exactly once, with a partial batch response.
 */
public final class CounterFunction implements RequestHandler<DynamodbTimeWindowEvent, TimeWindowEventResponse> {

    private final Primed<CounterStream> counters;

    public CounterFunction() {
        this(AwsCounterWiring.build(Settings.fromEnvironment()).registered());
    }

    CounterFunction(CounterStream stream, Metrics metrics) {
        this(Primed.withoutHooks(stream, metrics));
    }

    private CounterFunction(Primed<CounterStream> counters) {
        this.counters = counters;
    }

    @Override
    public TimeWindowEventResponse handleRequest(DynamodbTimeWindowEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> AwsCounterWiring.apply(counters, event));
    }
}
