package com.gaterouter.rollup.replay;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.gaterouter.common.snapstart.PrimingHttpClient;
import com.gaterouter.common.snapstart.PrimingSamples;
import com.gaterouter.common.snapstart.SnapStartHooks;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.spend.spool.UsageReplayer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Settles the usage the router spooled to {@code UsageSpoolQueue} when the spend ledger failed it
 * (template.yaml; docs/operations.md, "Usage that could not be written"). One SQS batch per
 * invocation; each message is one settlement, settled through the ledger exactly once per request
 * id, so a redelivered message or one whose first write did land counts as done. Messages that
 * fail are reported back (partial batch response) and retried by SQS; after the queue's
 * {@code maxReceiveCount} they move to the dead-letter queue. Unreadable messages fail every time
 * and so end there too.
 */
public final class UsageReplayFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(UsageReplayFunction.class);

    /** How one batch went: settlements settled now, settled before, failed (retried by SQS), unreadable. */
    public record BatchCounts(int settled, int alreadySettled, int failed, int unreadable) {
    }

    /** The answer to SQS plus what happened, for metrics and tests. */
    public record BatchOutcome(SQSBatchResponse response, BatchCounts counts) {
    }

    private final UsageReplayer replayer;
    private final Metrics metrics;
    /** Held here: the runtime keeps registered hooks weakly. */
    private final SnapStartHooks snapStart;

    /** Lambda's constructor: wiring from the environment template.yaml sets, and its SnapStart hooks. */
    public UsageReplayFunction() {
        PrimingHttpClient http = PrimingHttpClient.wrapping(UrlConnectionHttpClient.create());
        this.replayer = new UsageReplayer(ledgerFromEnvironment(System.getenv(), http));
        this.metrics = MetricsFactory.getMetricsInstance();
        this.snapStart = primingHooks(this, http, Clock.systemUTC()).register();
    }

    public UsageReplayFunction(UsageReplayer replayer, Metrics metrics) {
        this.replayer = Objects.requireNonNull(replayer, "replayer");
        this.metrics = metrics;
        this.snapStart = null;
    }

    /** The hooks the Lambda constructor registered (empty when built around a given replayer). */
    Optional<SnapStartHooks> snapStart() {
        return Optional.ofNullable(snapStart);
    }

    /**
     * Before the SnapStart snapshot (docs/operations.md, "Cold starts"): one SQS batch of one
     * spooled settlement through {@link #replay}, in the priming window — the settlement's JSON and
     * the ledger's settle (a DynamoDB TransactWriteItems answered in-process: nothing is written).
     */
    static SnapStartHooks primingHooks(UsageReplayFunction function, PrimingHttpClient http, Clock clock) {
        return SnapStartHooks.forFunction("usage-replay", http)
                .prime("SQS batch of one settlement", () -> {
                    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                    message.setMessageId("snapstart-priming");
                    message.setBody(PrimingSamples.settlement(clock).toJson());
                    message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
                    SQSEvent event = new SQSEvent();
                    event.setRecords(List.of(message));
                    BatchCounts counts = function.replay(event).counts();
                    if (counts.settled() + counts.alreadySettled() != 1) {
                        throw new IllegalStateException("the priming settlement was not settled: " + counts);
                    }
                })
                .build();
    }

    static SpendLedger ledgerFromEnvironment(Map<String, String> env, software.amazon.awssdk.http.SdkHttpClient http) {
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).build();
        return new DynamoDbSpendLedger(dynamo, required(env, "SPEND_TABLE"), required(env, "USAGE_TABLE"),
                Duration.ofDays(Long.parseLong(env.getOrDefault("USAGE_RETENTION_DAYS", "400"))));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            BatchOutcome outcome = replay(event);
            if (metrics != null) {
                BatchCounts c = outcome.counts();
                metrics.flushMetrics(m -> {
                    m.setDefaultDimensions(DimensionSet.of("Function", "usage-replay"));
                    m.addMetric("UsageReplaySettled", c.settled(), MetricUnit.COUNT);
                    m.addMetric("UsageReplayAlreadySettled", c.alreadySettled(), MetricUnit.COUNT);
                    m.addMetric("UsageReplayFailed", c.failed(), MetricUnit.COUNT);
                    m.addMetric("UsageReplayUnreadable", c.unreadable(), MetricUnit.COUNT);
                });
            }
            return outcome.response();
        });
    }

    /** Settles every message of the batch; the failed ones are named in the response for SQS to retry. */
    public BatchOutcome replay(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        int settled = 0;
        int already = 0;
        int failed = 0;
        int unreadable = 0;
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : messages) {
            Settlement settlement;
            try {
                settlement = Settlement.fromJson(message.getBody());
            } catch (IllegalArgumentException e) {
                LOG.error("usage spool message {} is not a settlement ({}); it will end in the dead-letter queue",
                        message.getMessageId(), e.getMessage());
                unreadable++;
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                continue;
            }
            try {
                if (replayer.replay(settlement) == SpendLedger.Outcome.SETTLED) {
                    settled++;
                } else {
                    already++;
                }
            } catch (RuntimeException e) {
                LOG.warn("settling spooled request {} failed (message {}, receive {}); SQS retries it: {}",
                        settlement.requestId(), message.getMessageId(), receiveCount(message), e.toString());
                failed++;
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        BatchCounts counts = new BatchCounts(settled, already, failed, unreadable);
        LOG.info("usage replay batch of {}: {}", messages.size(), counts);
        return new BatchOutcome(new SQSBatchResponse(failures), counts);
    }

    private static String receiveCount(SQSEvent.SQSMessage message) {
        return message.getAttributes() == null ? "?" : message.getAttributes().getOrDefault("ApproximateReceiveCount", "?");
    }
}
