package com.gaterouter.rollup.counters;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.gaterouter.common.spend.CounterAggregator;
import com.gaterouter.common.spend.CounterAggregator.Positioned;
import com.gaterouter.common.spend.CounterSink;
import com.gaterouter.common.spend.CounterSink.PartlyApplied;
import com.gaterouter.common.spend.SourcePosition;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One invocation of the counter function: a batch of the Usage table's stream, from one shard, applied to the
 * spend counters and lease tallies exactly once ({@link CounterAggregator} → {@link CounterSink}).
 *
 * <p>The shard: a plain DynamoDB Streams event does not name it (a record carries the stream ARN, a random event
 * id and its sequence number, which orders records within a shard only). With a tumbling window on the event
 * source mapping Lambda hands the function a {@link DynamodbTimeWindowEvent}, whose {@code shardId} is the shard
 * every record of the batch came from — the source of the sink's high-water marks
 * ({@link SourcePosition#streamShard}). The window's state is not used (answered empty, as Lambda requires one).
 *
 * <p>Only {@code INSERT}s are counted (a usage record is written once; the mapping filters the others out too);
 * {@code MODIFY} and {@code REMOVE} (the TTL deleting a record) are ignored, and refused records move nothing.
 * Records are applied in sequence order (a redelivery may come out of order). A failure answers a partial batch
 * response from the first record not fully applied — the earliest first record of a counter write that failed,
 * or a record that could not be read — so Lambda checkpoints everything before it and retries from there; the
 * marks make the retry add each record once.
 */
final class CounterStream {

    private static final Logger LOG = LoggerFactory.getLogger(CounterStream.class);
    static final String INSERT = "INSERT";

    /** What a batch held and did. */
    record Counts(int records, int ignored, int refused, int unreadable, int itemsWritten, int itemsHeld, boolean failed) {
    }

    record Outcome(TimeWindowEventResponse response, Counts counts) {
    }

    /**
     * A stream record as this class reads it, whoever delivered it (a Lambda event, or {@link CounterRedrive} reading
     * the stream): its event name, its sequence number in the shard, and its new image (read only for INSERTs).
     */
    record StreamRecord(String eventName, String sequenceNumber, Supplier<Map<String, AttributeValue>> newImage) {
    }

    /** What {@link #applyRecords} did: the counts, and the sequence number to retry from (empty when all went in). */
    record Applied(Counts counts, Optional<String> failedFrom) {
    }

    private final CounterAggregator aggregator;
    private final CounterSink sink;

    CounterStream(CounterAggregator aggregator, CounterSink sink) {
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    Outcome apply(DynamodbTimeWindowEvent event) {
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        if (records.isEmpty()) {
            return answer(null, new Counts(0, 0, 0, 0, 0, 0, false));
        }
        String shardId = event.getShardId();
        if (shardId == null || shardId.isBlank()) {
            // without the shard the marks cannot tell redeliveries from new records: count nothing, retry
            throw new IllegalStateException("the stream event names no shard: its event source mapping needs a tumbling window"
                    + " (TumblingWindowInSeconds, template.yaml CounterFunction)");
        }
        List<StreamRecord> read = records.stream().map(r -> new StreamRecord(r.getEventName(), r.getDynamodb().getSequenceNumber(),
                () -> StreamImages.toSdk(r.getDynamodb().getNewImage()))).toList();
        Applied applied = applyRecords(shardId, read);
        return answer(applied.failedFrom().orElse(null), applied.counts());
    }

    /** Applies records of one shard (any order, any source of delivery) to the counters, exactly once. */
    Applied applyRecords(String shardId, List<StreamRecord> records) {
        TreeMap<SourcePosition, StreamRecord> inserts = new TreeMap<>();
        int ignored = 0;
        for (StreamRecord record : records) {
            if (INSERT.equals(record.eventName())) {
                inserts.put(SourcePosition.streamShard(shardId, record.sequenceNumber()), record);
            } else {
                ignored++;
            }
        }
        List<Positioned> readable = new ArrayList<>();
        Map<SourcePosition, String> sequenceNumbers = new TreeMap<>();
        String failedFrom = null;
        int refused = 0;
        int unreadable = 0;
        for (Map.Entry<SourcePosition, StreamRecord> insert : inserts.entrySet()) {
            String sequence = insert.getValue().sequenceNumber();
            sequenceNumbers.put(insert.getKey(), sequence);
            try {
                UsageRecord usage = DynamoDbUsageStore.fromItem(insert.getValue().newImage().get());
                readable.add(new Positioned(insert.getKey(), usage));
                refused += usage.status() == UsageStatus.REFUSED ? 1 : 0;
            } catch (RuntimeException e) {
                // the usage record's content is not logged (it may name a caller's model and prompts' sizes)
                LOG.error("usage stream record {} of shard {} is not a usage record ({}); retried from it",
                        sequence, shardId, e.getClass().getSimpleName());
                unreadable = 1;
                failedFrom = sequence;
                break;
            }
        }
        int written = 0;
        int held = 0;
        if (!readable.isEmpty()) {
            try {
                CounterSink.Applied applied = sink.apply(aggregator.aggregate(readable));
                written = applied.written();
                held = applied.alreadyHeld();
            } catch (PartlyApplied partly) {
                LOG.warn("counters of shard {} not all written; retried from the first record missing: {}", shardId,
                        partly.getMessage());
                failedFrom = Objects.requireNonNullElse(
                        sequenceNumbers.get(new SourcePosition(readable.getFirst().at().source(), partly.firstUnapplied())),
                        sequenceNumbers.get(readable.getFirst().at()));
            } catch (RuntimeException e) {
                LOG.warn("counters of shard {} not written; the batch is retried: {}", shardId, e.toString());
                failedFrom = sequenceNumbers.get(readable.getFirst().at());
            }
        }
        return new Applied(new Counts(records.size(), ignored, refused, unreadable, written, held, failedFrom != null),
                Optional.ofNullable(failedFrom));
    }

    private static Outcome answer(String failedFrom, Counts counts) {
        List<TimeWindowEventResponse.BatchItemFailure> failures = failedFrom == null ? List.of()
                : List.of(new TimeWindowEventResponse.BatchItemFailure(failedFrom));
        return new Outcome(new TimeWindowEventResponse(Map.of(), new ArrayList<>(failures)), counts);
    }
}
