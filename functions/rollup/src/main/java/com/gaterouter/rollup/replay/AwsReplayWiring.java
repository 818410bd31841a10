package com.gaterouter.rollup.replay;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.Primed;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.snapstart.SnapStartHooks;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The usage replay in AWS, from the environment template.yaml sets: the DynamoDB client (its HTTP
 * client answered in-process by SnapStart priming), {@link ReplayWiring}'s replayer behind a
 * {@link ReplayBatch}, the SnapStart hooks and the per-batch EMF metrics.
 */
final class AwsReplayWiring {

    private AwsReplayWiring() {
    }

    /** The event through {@link ReplayBatch#replay}, then its metrics; the answer to SQS. */
    static SQSBatchResponse replay(Primed<ReplayBatch> replay, SQSEvent event) {
        ReplayBatch.Outcome outcome = replay.graph().replay(event);
        emit(replay.metrics(), outcome.counts());
        return outcome.response();
    }

    static Primed<ReplayBatch> build(Settings settings) {
        PrimingHttpClient http = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        ReplayBatch batch = batch(settings, http);
        return new Primed<>(batch, MetricsFactory.getMetricsInstance(), Optional.of(primingHooks(batch, http, Clock.systemUTC())));
    }

    static ReplayBatch batch(Settings settings, SdkHttpClient http) {
        return new ReplayBatch(ReplayWiring.replayer(settings, DynamoDbClient.builder().httpClient(http).build()));
    }

    /**
     * Before the SnapStart snapshot (docs/operations.md, "Cold starts"): one SQS batch of one
     * spooled settlement through {@link ReplayBatch#replay}, in the priming window — the
     * settlement's JSON and the ledger's settle (a DynamoDB TransactWriteItems answered in-process:
     * nothing is written).
     */
    static SnapStartHooks primingHooks(ReplayBatch batch, PrimingHttpClient http, Clock clock) {
        return SnapStartHooks.forFunction("usage-replay", http)
                .prime("SQS batch of one settlement", () -> {
                    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                    message.setMessageId("snapstart-priming");
                    message.setBody(PrimingSamples.settlement(clock).toJson());
                    message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
                    SQSEvent event = new SQSEvent();
                    event.setRecords(List.of(message));
                    ReplayBatch.Counts counts = batch.replay(event).counts();
                    if (counts.settled() + counts.alreadySettled() != 1) {
                        throw new IllegalStateException("the priming settlement was not settled: " + counts);
                    }
                })
                .build();
    }

    /** One EMF document per batch (none when {@code metrics} is null, as in tests). */
    static void emit(Metrics metrics, ReplayBatch.Counts c) {
        if (metrics != null) {
            metrics.flushMetrics(m -> {
                m.setDefaultDimensions(DimensionSet.of("Function", "usage-replay"));
                m.addMetric("UsageReplaySettled", c.settled(), MetricUnit.COUNT);
                m.addMetric("UsageReplayAlreadySettled", c.alreadySettled(), MetricUnit.COUNT);
                m.addMetric("UsageReplayFailed", c.failed(), MetricUnit.COUNT);
                m.addMetric("UsageReplayUnreadable", c.unreadable(), MetricUnit.COUNT);
            });
        }
    }
}
