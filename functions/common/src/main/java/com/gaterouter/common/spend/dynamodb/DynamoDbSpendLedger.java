package com.gaterouter.common.spend.dynamodb;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ObjDoubleConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The usage record's one durable write, and the counters' reads ({@link SpendKeys} for the layout).
 *
 * <ul>
 * <li>{@link #settle}: one conditional {@code PutItem} of the usage record on the Usage table
 *     ({@code attribute_not_exists(pk)}, 1 WCU up to 1 KB). A second settlement of the same request id fails the
 *     condition and answers {@link Outcome#ALREADY_SETTLED}: exactly once per request id for as long as the record
 *     lives. No counter moves here: the counter sink counts the records (from the table's stream in AWS, from the
 *     journal locally), and budgets are held by allowance leases ({@code DynamoDbAllowanceLedger}).</li>
 * <li>{@link #read}: {@code BatchGetItem} (eventually consistent): committed = the larger of the allowance-committed
 *     amount ({@code cUsd}, {@code cTok}) and the settled one ({@code sUsd}, {@code sTok}), settled = the latter,
 *     requests = {@code req} (on minute counters, which nothing settles into, the admitted {@code cReq}).</li>
 * </ul>
 *
 * <p>With a capacity listener, every call asks for {@code ReturnConsumedCapacity=TOTAL} and reports the capacity
 * units DynamoDB charged, labelled {@value #SETTLE} or {@value #READ}.
 */
public final class DynamoDbSpendLedger implements SpendLedger {

    public static final String SETTLE = "settle";
    public static final String READ = "read";

    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final String spendTable;
    private final String usageTable;
    private final Duration usageRetention;
    private final Optional<ObjDoubleConsumer<String>> capacity;

    public DynamoDbSpendLedger(DynamoDbClient dynamo, String spendTable, String usageTable, Duration usageRetention) {
        this(dynamo, spendTable, usageTable, usageRetention, null);
    }

    /**
     * @param capacity if not null, receives the consumed capacity units of every DynamoDB call
     *                 (operation label, units), on the calling thread
     */
    public DynamoDbSpendLedger(DynamoDbClient dynamo, String spendTable, String usageTable, Duration usageRetention,
                               ObjDoubleConsumer<String> capacity) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.spendTable = Objects.requireNonNull(spendTable, "spendTable");
        this.usageTable = Objects.requireNonNull(usageTable, "usageTable");
        this.usageRetention = Objects.requireNonNull(usageRetention, "usageRetention");
        this.capacity = Optional.ofNullable(capacity);
    }

    @Override
    public Outcome settle(Reservation reservation, UsageRecord usage) {
        if (!reservation.requestId().equals(usage.requestId())
                || !reservation.tenantId().equals(usage.principal().tenantId())) {
            throw new IllegalArgumentException("usage record " + usage.requestId() + " is not reservation "
                    + reservation.requestId() + "'s");
        }
        try {
            var response = dynamo.putItem(b -> b.tableName(usageTable)
                    .item(DynamoDbUsageStore.toItem(usage, usageRetention))
                    .conditionExpression(DynamoDbUsageStore.WRITE_ONCE)
                    .returnConsumedCapacity(consumedCapacity()));
            report(SETTLE, response.consumedCapacity());
            return Outcome.SETTLED;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return Outcome.ALREADY_SETTLED;
        }
    }

    @Override
    public Map<Counter, CounterValues> read(List<Counter> counters) {
        Map<Counter, CounterValues> values = new LinkedHashMap<>();
        Map<String, Counter> byKey = new HashMap<>();
        for (Counter counter : counters) {
            values.put(counter, CounterValues.ZERO);
            byKey.put(SpendKeys.partitionKey(counter) + "\n" + SpendKeys.sortKey(counter), counter);
        }
        List<Map<String, AttributeValue>> keys = values.keySet().stream().map(SpendKeys::key).toList();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> pending = Map.of(spendTable,
                    KeysAndAttributes.builder().keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request).returnConsumedCapacity(consumedCapacity()));
                if (response.hasConsumedCapacity()) {
                    response.consumedCapacity().forEach(c -> report(READ, c));
                }
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(spendTable, List.of())) {
                    Counter counter = byKey.get(item.get(SpendKeys.PK).s() + "\n" + item.get(SpendKeys.SK).s());
                    if (counter != null) {
                        values.put(counter, valuesOf(counter, item));
                    }
                }
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!pending.isEmpty()) {
                    backOff(attempt);
                }
            }
        }
        return values;
    }

    /**
     * A counter item's values: committed is never below settled (a counter no lease has touched yet has only the
     * latter). Requests: settled ones on day and month counters; on minute counters (which nothing settles into)
     * the admitted ones, {@code cReq}, as {@link CounterValues} promises.
     */
    static CounterValues valuesOf(Counter counter, Map<String, AttributeValue> item) {
        long settledUsd = number(item, SpendKeys.SETTLED_USD);
        long settledTokens = number(item, SpendKeys.SETTLED_TOKENS);
        return new CounterValues(
                Math.max(number(item, DynamoDbAllowanceLedger.committedAttribute(Measure.USD_MICROS)), settledUsd), settledUsd,
                Math.max(number(item, DynamoDbAllowanceLedger.committedAttribute(Measure.TOKENS)), settledTokens), settledTokens,
                counter.window() instanceof Window.Minute
                        ? Math.max(number(item, SpendKeys.COMMITTED_REQUESTS), number(item, SpendKeys.REQUESTS))
                        : number(item, SpendKeys.REQUESTS));
    }

    /** Jittered exponential back-off: up to 5, 10, 20 … ms (capped at 200 ms). */
    private static void backOff(int attempt) {
        long cap = Math.min(200, 5L << Math.min(attempt - 1, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private ReturnConsumedCapacity consumedCapacity() {
        return capacity.isPresent() ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE;
    }

    private void report(String operation, ConsumedCapacity consumed) {
        if (consumed != null && consumed.capacityUnits() != null) {
            capacity.ifPresent(listener -> listener.accept(operation, consumed.capacityUnits()));
        }
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item == null ? null : item.get(attribute);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
