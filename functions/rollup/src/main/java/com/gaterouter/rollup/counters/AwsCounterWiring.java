package com.gaterouter.rollup.counters;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.snapstart.Primed;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The counter function in AWS, from the environment template.yaml sets: the DynamoDB client (its HTTP client
 * answered in-process by SnapStart priming), {@link CounterWiring}'s stream, the SnapStart hooks and one EMF
 * document per batch.
 */
final class AwsCounterWiring {

    private AwsCounterWiring() {
    }

    /** The event through {@link CounterStream#apply}, then its metrics; the answer to Lambda. */
    static TimeWindowEventResponse apply(Primed<CounterStream> counters, DynamodbTimeWindowEvent event) {
        CounterStream.Outcome outcome = counters.graph().apply(event);
        emit(counters.metrics(), outcome.counts());
        return outcome.response();
    }

    static Primed<CounterStream> build(Settings settings) {
        PrimingHttpClient http = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        CounterStream stream = stream(settings, http);
        return new Primed<>(stream, MetricsFactory.getMetricsInstance(),
                Optional.of(primingHooks(stream, http, settings.usageRetention(), Clock.systemUTC())));
    }

    static CounterStream stream(Settings settings, SdkHttpClient http) {
        return CounterWiring.stream(settings, DynamoDbClient.builder().httpClient(http).build(), Clock.systemUTC(), null);
    }

    /**
     * Before the SnapStart snapshot (docs/operations.md, "Cold starts"): a stream batch of one usage record's
     * INSERT through {@link CounterStream#apply}, in the priming window — the image's conversion and reading,
     * the aggregation, the tenant's zone (a GetItem) and the counter writes (UpdateItems), all answered
     * in-process: nothing is read or written.
     */
    static SnapStartHooks primingHooks(CounterStream stream, PrimingHttpClient http, Duration retention, Clock clock) {
        return SnapStartHooks.forFunction("counters", http)
                .prime("stream batch of one usage record", () -> {
                    CounterStream.Counts counts = stream.apply(primingEvent(PrimingSamples.settlement(clock).usage(), retention)).counts();
                    if (counts.failed() || counts.itemsWritten() == 0) {
                        throw new IllegalStateException("the priming usage record was not counted: " + counts);
                    }
                })
                .build();
    }

    static DynamodbTimeWindowEvent primingEvent(UsageRecord usage, Duration retention) {
        StreamRecord change = new StreamRecord();
        change.setSequenceNumber("100000000000000000001");
        change.setNewImage(StreamImages.fromSdk(DynamoDbUsageStore.toItem(usage, retention)));
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventName(CounterStream.INSERT);
        record.setDynamodb(change);
        DynamodbTimeWindowEvent event = new DynamodbTimeWindowEvent();
        event.setShardId("shardId-snapstart-priming");
        event.setRecords(List.of(record));
        return event;
    }

    /** One EMF document per batch (none when {@code metrics} is null, as in tests). */
    static void emit(Metrics metrics, CounterStream.Counts c) {
        if (metrics != null && c.records() > 0) {
            metrics.flushMetrics(m -> {
                m.setDefaultDimensions(DimensionSet.of("Function", "counters"));
                m.addMetric("CounterRecords", c.records(), MetricUnit.COUNT);
                m.addMetric("CounterItemsWritten", c.itemsWritten(), MetricUnit.COUNT);
                m.addMetric("CounterItemsAlreadyHeld", c.itemsHeld(), MetricUnit.COUNT);
                m.addMetric("CounterRecordsUnreadable", c.unreadable(), MetricUnit.COUNT);
                m.addMetric("CounterBatchesFailed", c.failed() ? 1 : 0, MetricUnit.COUNT);
            });
        }
    }
}
