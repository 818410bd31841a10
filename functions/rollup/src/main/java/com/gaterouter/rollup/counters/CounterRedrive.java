package com.gaterouter.rollup.counters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.settings.Settings;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Re-applies a stream batch the counter function gave up on. When a batch still fails after the mapping's retries and
 * bisections, Lambda sends its description — not its records — to the counter DLQ ({@code DDBStreamBatchInfo}: stream,
 * shard, first and last sequence number). This reads that range of the shard again from DynamoDB Streams (which keeps
 * records 24 hours) and applies it through the counter function's own code ({@link CounterStream}), with the shard as
 * the source: the counters' high-water marks make it exactly once, whether the function had applied part of the batch,
 * all of it, or none, and however often it is re-applied.
 */
public final class CounterRedrive {

    /** Empty pages read in a row before a range is taken as ended (an open shard answers empty pages at its tip). */
    static final int MAX_EMPTY_PAGES = 5;

    /** A batch as the DLQ message describes it. */
    public record Batch(String streamArn, String shardId, String startSequenceNumber, String endSequenceNumber) {

        public Batch {
            Objects.requireNonNull(streamArn, "streamArn");
            Objects.requireNonNull(shardId, "shardId");
            new BigInteger(Objects.requireNonNull(startSequenceNumber, "startSequenceNumber"));
            new BigInteger(Objects.requireNonNull(endSequenceNumber, "endSequenceNumber"));
        }

        /**
         * The batch of an on-failure message of a DynamoDB Streams event source mapping.
         *
         * @throws IllegalArgumentException when the body is not one (the reason says what is missing)
         */
        public static Batch fromDlqMessage(String body) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
            }
            JsonNode info = root == null ? null : root.get("DDBStreamBatchInfo");
            if (info == null || !info.isObject()) {
                throw new IllegalArgumentException("no DDBStreamBatchInfo: not a DynamoDB stream batch's on-failure message");
            }
            try {
                return new Batch(text(info, "streamArn"), text(info, "shardId"), text(info, "startSequenceNumber"),
                        text(info, "endSequenceNumber"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a sequence number is not a number: " + info, e);
            }
        }

        private static String text(JsonNode info, String field) {
            JsonNode value = info.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new IllegalArgumentException("DDBStreamBatchInfo has no " + field);
            }
            return value.asText();
        }
    }

    /** What re-applying a batch came to. */
    public sealed interface Outcome permits Redriven, Gone, Failed {
        Batch batch();
    }

    /** Applied: {@code itemsHeld} counter items held its records already (applied before, or by an earlier redrive). */
    public record Redriven(Batch batch, int records, int itemsWritten, int itemsHeld) implements Outcome {
    }

    /** The stream no longer has the records (past its 24-hour retention, or the shard is gone). */
    public record Gone(Batch batch, String reason) implements Outcome {
    }

    /** Not applied (a counter write failed, or a record is not a usage record); the message should stay. */
    public record Failed(Batch batch, String reason) implements Outcome {
    }

    private final DynamoDbStreamsClient streams;
    private final CounterStream counters;

    CounterRedrive(DynamoDbStreamsClient streams, CounterStream counters) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** @param settings the tables (accounts for the tenants' zones, spend for the counters) */
    public static CounterRedrive of(Settings settings, DynamoDbClient dynamo, DynamoDbStreamsClient streams, Clock clock) {
        return new CounterRedrive(streams, CounterWiring.stream(settings, dynamo, clock, null));
    }

    public Outcome redrive(Batch batch) {
        String iterator;
        try {
            iterator = streams.getShardIterator(request -> request.streamArn(batch.streamArn()).shardId(batch.shardId())
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(batch.startSequenceNumber()))
                    .shardIterator();
        } catch (TrimmedDataAccessException | ResourceNotFoundException e) {
            return new Gone(batch, e.getClass().getSimpleName() + ": the stream no longer holds these records (24 h retention)");
        }
        BigInteger end = new BigInteger(batch.endSequenceNumber());
        List<CounterStream.StreamRecord> records = new ArrayList<>();
        boolean ended = false;
        int empty = 0;
        while (iterator != null && !ended && empty < MAX_EMPTY_PAGES) {
            String from = iterator;
            GetRecordsResponse page = streams.getRecords(request -> request.shardIterator(from));
            empty = page.records().isEmpty() ? empty + 1 : 0;
            for (var record : page.records()) {
                var stream = record.dynamodb();
                int order = new BigInteger(stream.sequenceNumber()).compareTo(end);
                if (order > 0) {
                    ended = true;
                    break;
                }
                records.add(new CounterStream.StreamRecord(record.eventNameAsString(), stream.sequenceNumber(), stream::newImage));
                ended = order == 0;
            }
            iterator = page.nextShardIterator();
        }
        if (records.isEmpty()) {
            return new Gone(batch, "no record of the range is in the stream any more");
        }
        CounterStream.Applied applied = counters.applyRecords(batch.shardId(), records);
        if (applied.failedFrom().isPresent()) {
            return new Failed(batch, "not applied from sequence number " + applied.failedFrom().get()
                    + (applied.counts().unreadable() > 0 ? " (not a usage record)" : " (a counter write failed)"));
        }
        return new Redriven(batch, records.size(), applied.counts().itemsWritten(), applied.counts().itemsHeld());
    }
}
