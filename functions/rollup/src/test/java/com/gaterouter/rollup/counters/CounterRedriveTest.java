package com.gaterouter.rollup.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.CounterAggregator;
import com.gaterouter.common.spend.CounterBatch;
import com.gaterouter.common.spend.CounterSink;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Reading a DLQ message and the shard range it names, without a stream: the edges an emulator cannot show. */
class CounterRedriveTest {

    private static final String AWS_DOCS_EXAMPLE = """
            {"requestContext":{"requestId":"316aa6d0-8154-xmpl-9af7-85d5f4a6bc81","functionArn":"arn:aws:lambda:us-east-2:123456789012:function:myfunction","condition":"RetryAttemptsExhausted","approximateInvokeCount":1},
             "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
             "version":"1.0","timestamp":"2019-11-14T00:13:49.717Z",
             "DDBStreamBatchInfo":{"shardId":"shardId-00000001573689847184-864758bb","startSequenceNumber":"800000000003126276362",
               "endSequenceNumber":"800000000003126276362","approximateArrivalOfFirstRecord":"2019-11-14T00:13:19Z",
               "approximateArrivalOfLastRecord":"2019-11-14T00:13:19Z","batchSize":1,
               "streamArn":"arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388"}}""";

    private final List<CounterBatch> applied = new ArrayList<>();
    private final CounterStream counters = new CounterStream(new CounterAggregator(tenant -> ZoneOffset.UTC,
            CounterAggregator.Windows.MONTH_AND_DAY), recording());

    private CounterSink recording() {
        return batch -> {
            applied.add(batch);
            return new CounterSink.Applied(batch.counters().size(), 0);
        };
    }

    @Test
    void aDlqMessageNamesItsBatchAndAnythingElseIsRefusedWithTheReason() {
        var batch = CounterRedrive.Batch.fromDlqMessage(AWS_DOCS_EXAMPLE);
        assertThat(batch).isEqualTo(new CounterRedrive.Batch(
                "arn:aws:dynamodb:us-east-2:123456789012:table/mytable/stream/2019-11-14T00:04:06.388",
                "shardId-00000001573689847184-864758bb", "800000000003126276362", "800000000003126276362"));
        assertThatThrownBy(() -> CounterRedrive.Batch.fromDlqMessage("{\"Records\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no DDBStreamBatchInfo");
        assertThatThrownBy(() -> CounterRedrive.Batch.fromDlqMessage(AWS_DOCS_EXAMPLE.replace("\"startSequenceNumber\"", "\"start\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no startSequenceNumber");
        assertThatThrownBy(() -> CounterRedrive.Batch.fromDlqMessage(AWS_DOCS_EXAMPLE.replace("800000000003126276362\",\n", "8x\",\n")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CounterRedrive.Batch.fromDlqMessage("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsPastTheStreamsRetentionAreGoneAndNothingIsApplied() {
        DynamoDbStreamsClient trimmed = new FakeStreams(request -> {
            throw TrimmedDataAccessException.builder().message("trimmed").build();
        }, List.of());
        var outcome = new CounterRedrive(trimmed, counters).redrive(CounterRedrive.Batch.fromDlqMessage(AWS_DOCS_EXAMPLE));
        assertThat(outcome).isInstanceOf(CounterRedrive.Gone.class);
        assertThat(applied).isEmpty();
    }

    @Test
    void theRangeIsReadAcrossPagesUpToItsLastSequenceNumberAndNoFurther() {
        // pages: [1, 2], [] (an empty page mid-shard), [3, 4]; the batch is 1..3: record 4 is another batch's
        List<List<Record>> pages = List.of(List.of(insert(1), insert(2)), List.of(), List.of(insert(3), insert(4)));
        var batch = new CounterRedrive.Batch("arn:stream", "shardId-1", sequence(1), sequence(3));
        var outcome = new CounterRedrive(new FakeStreams(request -> { }, pages), counters).redrive(batch);
        assertThat(outcome).isInstanceOf(CounterRedrive.Redriven.class);
        assertThat(((CounterRedrive.Redriven) outcome).records()).isEqualTo(3);
        assertThat(applied).hasSize(1);
        assertThat(applied.getFirst().source()).contains("shardId-1");
        // the tenant's month counter holds records 1..3: 3 requests
        assertThat(applied.getFirst().counters().values()).allSatisfy(c -> assertThat(c.total().requests()).isEqualTo(3));
    }

    private static String sequence(long n) {
        return "4" + String.format("%020d", n);
    }

    private static Record insert(long n) {
        UsageRecord usage = new UsageRecord("req-" + n, new Principal("t", "d", "p", "u", "k"), "auto", "openai/gpt-4o-mini", "openai",
                1, new TokenUsage(10, 0, 0, 5, 0), 100, 10, 10, UsageStatus.SUCCEEDED, 200, false,
                Instant.parse("2031-07-15T10:00:00Z").plusSeconds(n));
        return Record.builder().eventName(OperationType.INSERT).dynamodb(StreamRecord.builder().sequenceNumber(sequence(n))
                .newImage(DynamoDbUsageStore.toItem(usage, Duration.ofDays(30))).build()).build();
    }

    /** A shard as pages of records; {@code onIterator} may refuse the iterator as the service would. */
    private record FakeStreams(Consumer<GetShardIteratorRequest> onIterator, List<List<Record>> pages) implements DynamoDbStreamsClient {
        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            onIterator.accept(request);
            return GetShardIteratorResponse.builder().shardIterator("0").build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            int page = Integer.parseInt(request.shardIterator());
            return GetRecordsResponse.builder().records(page < pages.size() ? pages.get(page) : List.of())
                    .nextShardIterator(page + 1 < pages.size() + 3 ? Integer.toString(page + 1) : null).build();
        }

        @Override
        public String serviceName() {
            return "fake";
        }

        @Override
        public void close() {
        }
    }
}
