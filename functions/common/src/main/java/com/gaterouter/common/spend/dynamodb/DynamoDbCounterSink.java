package com.gaterouter.common.spend.dynamodb;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterBatch;
import com.gaterouter.common.spend.CounterBatch.Contributions;
import com.gaterouter.common.spend.CounterSink;
import com.gaterouter.common.spend.CounterSums;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.ObjDoubleConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link CounterSink} on the Spend table's counter items ({@link SpendKeys}), in attributes of their own so the
 * reserve/settle attributes are untouched: {@value #SPENT_USD}, {@value #SPENT_TOKENS}, {@value #SPENT_REQUESTS}
 * (what usage records say was spent), and one high-water mark per source, {@code hw#<source>} (a zero-padded
 * position string, see {@link com.gaterouter.common.spend.SourcePosition}).
 *
 * <p>Per distinct counter of a batch, ONE {@code UpdateItem}, issued in parallel on virtual threads (at most
 * {@value #PARALLEL_WRITES} at once):
 * <pre>ADD spUsd :u, spTok :t, spReq :r SET #hw = :last, expiresAt = if_not_exists(expiresAt, :exp)
 * IF attribute_not_exists(#hw) OR #hw &lt; :first</pre>
 * where {@code :first}/{@code :last} are the positions of the counter's first and last record in the batch. A refused
 * condition returns the stored mark ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}, no read): if the counter
 * holds the batch's last record it is done; otherwise it takes exactly the records after the mark, conditional on
 * the mark being unchanged ({@code #hw = :seen}). That second write only happens on a redelivery that overlaps
 * what a counter holds, never on a first delivery.
 *
 * <p>The high-water marks are top-level attributes rather than entries of one map so the first write to an item
 * needs no map to exist. Batches of one source must be applied in source order (a stream shard's are).
 */
public final class DynamoDbCounterSink implements CounterSink {

    /** Capacity label of every counter write. */
    public static final String COUNT = "count";
    public static final String SPENT_USD = "spUsd";
    public static final String SPENT_TOKENS = "spTok";
    public static final String SPENT_REQUESTS = "spReq";
    public static final String HIGH_WATER_PREFIX = "hw#";

    /** Counter writes in flight at once: below the SDK's default connection pool (50), so none waits for a connection. */
    static final int PARALLEL_WRITES = 32;
    /** Writes per counter before giving up: racing writers of the same source, or a settle transaction in progress. */
    private static final int ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String spendTable;
    private final Optional<ObjDoubleConsumer<String>> capacity;

    public DynamoDbCounterSink(DynamoDbClient dynamo, String spendTable) {
        this(dynamo, spendTable, null);
    }

    /** @param capacity if not null, receives the capacity units of every write ({@value #COUNT}, units), from virtual threads */
    public DynamoDbCounterSink(DynamoDbClient dynamo, String spendTable, ObjDoubleConsumer<String> capacity) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.spendTable = Objects.requireNonNull(spendTable, "spendTable");
        this.capacity = Optional.ofNullable(capacity);
    }

    /** The attribute holding a counter's high-water mark for {@code source}. */
    public static String highWaterAttribute(String source) {
        return HIGH_WATER_PREFIX + source;
    }

    @Override
    public Applied apply(CounterBatch batch) {
        List<Future<Boolean>> results = new ArrayList<>(batch.counters().size());
        Semaphore inFlight = new Semaphore(PARALLEL_WRITES);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Map.Entry<Counter, Contributions> entry : batch.counters().entrySet()) {
                results.add(threads.submit(() -> {
                    inFlight.acquire();
                    try {
                        return applyOne(batch.source(), entry.getKey(), entry.getValue());
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        int written = 0;
        int held = 0;
        RuntimeException failure = null;
        for (Future<Boolean> result : results) {
            try {
                if (result.get()) {
                    written++;
                } else {
                    held++;
                }
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted applying counters", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Applied(written, held);
    }

    /** @return whether the counter took records (false: it held them all already) */
    private boolean applyOne(String source, Counter counter, Contributions records) {
        String seen = null;
        for (int attempt = 1; ; attempt++) {
            CounterSums sums = records.after(seen);
            try {
                var response = dynamo.updateItem(request(source, counter, records, seen, sums));
                report(response.consumedCapacity());
                return true;
            } catch (ConditionalCheckFailedException refused) {
                Map<String, AttributeValue> old = refused.hasItem() ? refused.item() : Map.of();
                AttributeValue mark = old.get(highWaterAttribute(source));
                if (mark == null || mark.s() == null) {
                    // a concurrent writer removed or never had the mark while the condition saw one: look again
                    seen = null;
                } else {
                    seen = mark.s();
                    if (!records.anyAfter(seen)) {
                        return false;
                    }
                }
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("spend counter " + SpendKeys.partitionKey(counter) + " "
                            + SpendKeys.sortKey(counter) + " kept changing under " + source + "; giving up", refused);
                }
            } catch (TransactionConflictException conflict) {
                // a settle transaction holds the item: nothing was written, write again
                if (attempt >= ATTEMPTS) {
                    throw conflict;
                }
            }
        }
    }

    private UpdateItemRequest request(String source, Counter counter, Contributions records, String seen, CounterSums sums) {
        Map<String, String> names = Map.of(
                "#u", SPENT_USD, "#t", SPENT_TOKENS, "#r", SPENT_REQUESTS,
                "#hw", highWaterAttribute(source), "#exp", SpendKeys.EXPIRES_AT);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":u", AttributeValue.fromN(Long.toString(sums.usdMicros())),
                ":t", AttributeValue.fromN(Long.toString(sums.tokens())),
                ":r", AttributeValue.fromN(Long.toString(sums.requests())),
                ":last", AttributeValue.fromS(records.last()),
                ":exp", AttributeValue.fromN(Long.toString(SpendKeys.expiresAt(counter.window())))));
        String condition;
        if (seen == null) {
            condition = "attribute_not_exists(#hw) OR #hw < :first";
            values.put(":first", AttributeValue.fromS(records.first()));
        } else {
            condition = "#hw = :seen";
            values.put(":seen", AttributeValue.fromS(seen));
        }
        return UpdateItemRequest.builder()
                .tableName(spendTable)
                .key(SpendKeys.key(counter))
                .updateExpression("ADD #u :u, #t :t, #r :r SET #hw = :last, #exp = if_not_exists(#exp, :exp)")
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .returnConsumedCapacity(capacity.isPresent() ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE)
                .build();
    }

    private void report(ConsumedCapacity consumed) {
        if (consumed != null && consumed.capacityUnits() != null) {
            capacity.ifPresent(listener -> listener.accept(COUNT, consumed.capacityUnits()));
        }
    }
}
