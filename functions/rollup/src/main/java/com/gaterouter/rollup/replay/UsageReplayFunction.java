package com.gaterouter.rollup.replay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.Primed;
import com.gaterouter.common.spend.spool.UsageReplayer;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;

/**
 * Settles the usage the router spooled to {@code UsageSpoolQueue} when the spend ledger failed it
 * (template.yaml; docs/operations.md, "Usage that could not be written"): one SQS batch per
 * invocation through {@link ReplayBatch}, with a partial batch response.
 */
public final class UsageReplayFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final Primed<ReplayBatch> replay;

    public UsageReplayFunction() {
        this(AwsReplayWiring.build(Settings.fromEnvironment()).registered());
    }

    public UsageReplayFunction(UsageReplayer replayer, Metrics metrics) {
        this(Primed.withoutHooks(new ReplayBatch(replayer), metrics));
    }

    private UsageReplayFunction(Primed<ReplayBatch> replay) {
        this.replay = replay;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> AwsReplayWiring.replay(replay, event));
    }
}
