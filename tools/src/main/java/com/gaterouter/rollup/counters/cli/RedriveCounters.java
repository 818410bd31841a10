package com.gaterouter.rollup.counters.cli;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.rollup.counters.CounterRedrive;
import com.gaterouter.rollup.counters.CounterRedrive.Batch;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Drains the counter function's dead-letter queue ({@code gaterouter-<stage>-counters-dlq}): each message names a stream
 * batch the function gave up on; {@link CounterRedrive} re-reads and re-applies it (exactly once, by the counters'
 * high-water marks) and the message is deleted. A message whose records the stream no longer holds (24 h), or whose
 * re-application failed, stays in the queue and is reported; so does a message that is not a batch description.
 *
 * <pre>bin/redrive-counters STAGE [MAX_MESSAGES]</pre>
 * with AWS credentials and region for the stage's account in the environment (the SDK's default chain).
 */
public final class RedriveCounters {

    /** How long a message this run has looked at stays invisible: a run sees each message once. */
    static final int VISIBILITY_SECONDS = 900;

    /** What a run did with the messages it received. */
    public record Report(int messages, int redriven, int gone, int failed, int unreadable) {
    }

    private RedriveCounters() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: bin/redrive-counters STAGE [MAX_MESSAGES]   (AWS credentials and region from the environment)");
            System.exit(2);
        }
        String stage = args[0];
        int max = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Settings settings = Settings.of(System.getenv()).withTables(TemplateTables.names(TemplateTables.bundled(stage)));
        try (DynamoDbClient dynamo = DynamoDbClient.create(); DynamoDbStreamsClient streams = DynamoDbStreamsClient.create();
             SqsClient sqs = SqsClient.create()) {
            String queueUrl;
            try {
                queueUrl = sqs.getQueueUrl(request -> request.queueName(dlqName(stage))).queueUrl();
            } catch (SqsException e) {
                // QueueDoesNotExist (JSON protocol) or AWS.SimpleQueueService.NonExistentQueue (query protocol): a 400
                if (!(e instanceof QueueDoesNotExistException) && e.statusCode() != 400) {
                    throw e;
                }
                System.err.println("redrive-counters: no queue " + dlqName(stage) + " in this account and region (is STAGE right?): "
                        + e.awsErrorDetails().errorMessage());
                System.exit(2);
                return;
            }
            Report report = drain(sqs, queueUrl, CounterRedrive.of(settings, dynamo, streams, Clock.systemUTC()), max, System.out);
            System.exit(report.gone() + report.failed() + report.unreadable() == 0 ? 0 : 1);
        }
    }

    /** The counter DLQ's name in template.yaml. */
    static String dlqName(String stage) {
        return "gaterouter-" + stage + "-counters-dlq";
    }

    /** Receives up to {@code maxMessages}, re-applies each batch, deletes what went in; prints a line per message. */
    public static Report drain(SqsClient sqs, String queueUrl, CounterRedrive redrive, int maxMessages, PrintStream out) {
        int messages = 0;
        int redriven = 0;
        int gone = 0;
        int failed = 0;
        int unreadable = 0;
        while (messages < maxMessages) {
            int want = Math.min(10, maxMessages - messages);
            List<Message> received = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(want)
                    .waitTimeSeconds(1).visibilityTimeout(VISIBILITY_SECONDS)).messages();
            if (received.isEmpty()) {
                break;
            }
            for (Message message : received) {
                messages++;
                Batch batch;
                try {
                    batch = Batch.fromDlqMessage(message.body());
                } catch (IllegalArgumentException e) {
                    unreadable++;
                    out.printf("message %s: left in the queue, %s%n", message.messageId(), e.getMessage());
                    continue;
                }
                switch (redrive.redrive(batch)) {
                    case CounterRedrive.Redriven r -> {
                        sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                        redriven++;
                        out.printf("message %s: shard %s %s..%s re-applied: %d records, %d counter items written, %d held them already%n",
                                message.messageId(), batch.shardId(), batch.startSequenceNumber(), batch.endSequenceNumber(),
                                r.records(), r.itemsWritten(), r.itemsHeld());
                    }
                    case CounterRedrive.Gone g -> {
                        gone++;
                        out.printf("message %s: shard %s %s..%s left in the queue: %s%n", message.messageId(), batch.shardId(),
                                batch.startSequenceNumber(), batch.endSequenceNumber(), g.reason());
                    }
                    case CounterRedrive.Failed f -> {
                        failed++;
                        out.printf("message %s: shard %s %s..%s left in the queue: %s%n", message.messageId(), batch.shardId(),
                                batch.startSequenceNumber(), batch.endSequenceNumber(), f.reason());
                    }
                }
            }
        }
        Report report = new Report(messages, redriven, gone, failed, unreadable);
        out.printf("redrive-counters: %d messages, %d re-applied and deleted, %d past the stream's retention, %d failed, %d unreadable%n",
                report.messages(), report.redriven(), report.gone(), report.failed(), report.unreadable());
        return report;
    }
}
