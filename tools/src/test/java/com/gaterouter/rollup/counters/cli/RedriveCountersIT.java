package com.gaterouter.rollup.counters.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.SpendCounters.CounterValues;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.dynamodb.DynamoDbSpendLedger;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.tables.TableDefinition;
import com.gaterouter.common.tables.TemplateTables;
import com.gaterouter.common.testing.AwsEmulator;
import com.gaterouter.common.testing.WithAwsEmulator;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.rollup.counters.CounterRedrive;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The counter DLQ drained against an AWS emulator: a Usage table with its stream, the batch descriptions Lambda
 * would have sent, re-applied exactly once however often they come, and what cannot be re-applied left in the queue.
 */
@WithAwsEmulator
class RedriveCountersIT {

    /** Records stamped on a fixed instant: nothing here reads the machine's clock but the emulator's own TTL-free tables. */
    private static final Instant AT = Instant.parse("2031-07-15T10:00:00Z");

    @Test
    void aGivenUpBatchIsReappliedOnceAndWhatCannotBeIsLeftInTheQueue(AwsEmulator aws) {
        String stage = aws.uniqueName("redrive");
        Map<String, TableDefinition> definitions = TemplateTables.bundled(stage);
        Settings settings = Settings.of(Map.of()).withTables(TemplateTables.names(definitions));
        try (DynamoDbClient dynamo = aws.client(DynamoDbClient.builder());
             DynamoDbStreamsClient streams = aws.client(DynamoDbStreamsClient.builder());
             SqsClient sqs = aws.client(SqsClient.builder())) {
            TemplateTables.createAll(dynamo, definitions);
            String usageTable = settings.table(GatewayTable.USAGE);
            String streamArn = dynamo.updateTable(b -> b.tableName(usageTable).streamSpecification(s -> s.streamEnabled(true)
                    .streamViewType(StreamViewType.NEW_IMAGE))).tableDescription().latestStreamArn();
            var usage = new DynamoDbUsageStore(dynamo, usageTable, Duration.ofDays(400));
            Principal caller = new Principal("t-redrive", "dept-1", "proj-1", "user-1", "key-1");
            long cost = 0;
            for (int i = 0; i < 30; i++) {
                usage.record(new UsageRecord("req-" + i, caller, "openai/gpt-4o-mini", "openai/gpt-4o-mini", "openai", 1,
                        new TokenUsage(100, 0, 0, 20, 0), 1_000 + i, 50, 50, UsageStatus.SUCCEEDED, 200, false, AT.plusSeconds(i)));
                cost += 1_000 + i;
            }
            String shardId = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().getFirst().shardId();
            List<String> sequenceNumbers = new ArrayList<>();
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int page = 0; page < 10 && sequenceNumbers.size() < 30; page++) {
                String from = iterator;
                var records = streams.getRecords(b -> b.shardIterator(from));
                records.records().forEach(r -> sequenceNumbers.add(r.dynamodb().sequenceNumber()));
                iterator = records.nextShardIterator();
            }
            assertThat(sequenceNumbers).hasSize(30);

            String queueUrl = sqs.createQueue(b -> b.queueName(aws.uniqueName("counters-dlq"))).queueUrl();
            // as Lambda sends them: the whole range, and its second half again (a bisected batch given up twice)
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(dlqMessage(streamArn, shardId, sequenceNumbers.getFirst(),
                    sequenceNumbers.getLast())));
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(dlqMessage(streamArn, shardId, sequenceNumbers.get(15),
                    sequenceNumbers.getLast())));
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"something\":\"else\"}"));

            CounterRedrive redrive = CounterRedrive.of(settings, dynamo, streams, Clock.fixed(AT, ZoneOffset.UTC));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            RedriveCounters.Report report = RedriveCounters.drain(sqs, queueUrl, redrive, 100,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(report).isEqualTo(new RedriveCounters.Report(3, 2, 0, 0, 1));
            var ledger = new DynamoDbSpendLedger(dynamo, settings.table(GatewayTable.SPEND), usageTable, Duration.ofDays(400));
            Counter userMonth = new Counter("t-redrive", BudgetScope.USER, "user-1", new Window.Month(YearMonth.of(2031, 7)));
            CounterValues counted = ledger.read(List.of(userMonth)).get(userMonth);
            // the second half came twice: the marks counted it once
            assertThat(counted.settledUsdMicros()).isEqualTo(cost);
            assertThat(counted.requests()).isEqualTo(30);
            assertThat(counted.settledTokens()).isEqualTo(30 * 120);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("no DDBStreamBatchInfo")
                    .contains("2 re-applied and deleted");

            // the unreadable message stays (invisible for this run's visibility timeout); the re-applied ones are gone
            var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            assertThat(Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
                    + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"))).isEqualTo(1);
        }
    }

    /** An on-failure message of a DynamoDB stream event source mapping, as Lambda writes it. */
    private static String dlqMessage(String streamArn, String shardId, String first, String last) {
        return """
                {"requestContext":{"requestId":"c9e7e6a3-4e36-4d0c-9b2e-5f0d7a1e2b3c","functionArn":"arn:aws:lambda:us-east-1:000000000000:function:gaterouter-it-counters","condition":"RetryAttemptsExhausted","approximateInvokeCount":11},
                 "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
                 "version":"1.0","timestamp":"2031-07-15T10:05:00.000Z",
                 "DDBStreamBatchInfo":{"shardId":"%s","startSequenceNumber":"%s","endSequenceNumber":"%s",
                   "approximateArrivalOfFirstRecord":"2031-07-15T10:00:00Z","approximateArrivalOfLastRecord":"2031-07-15T10:00:29Z",
                   "batchSize":30,"streamArn":"%s"}}""".formatted(shardId, first, last, streamArn);
    }
}
