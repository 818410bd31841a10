package com.gaterouter.common.rollup.dynamodb;

import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.common.rollup.RollupDimension;
import com.gaterouter.common.rollup.RollupRow;
import com.gaterouter.common.rollup.RollupStore;
import com.gaterouter.common.rollup.RollupTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Roll-ups in the Rollups table: {@code pk = TENANT#t}, {@code sk = ROLLUP#dimension#D|M#period#value}
 * (one query reads a dimension over a date range, in period order), and the watermark at
 * {@code sk = WATERMARK}. Rows are written whole (BatchWriteItem, 25 at a time, unprocessed items
 * retried), so rewriting a recomputed row is idempotent.
 */
public final class DynamoDbRollupStore implements RollupStore {

    public static final String ROLLUP_PREFIX = "ROLLUP#";
    static final String WATERMARK_SK = "WATERMARK";
    private static final int BATCH = 25;
    private static final int MAX_UNPROCESSED_ROUNDS = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRollupStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String tenantPk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    static String sortKey(RollupDimension dimension, Granularity granularity, String period, String value) {
        return prefix(dimension, granularity) + period + "#" + value;
    }

    private static String prefix(RollupDimension dimension, Granularity granularity) {
        return ROLLUP_PREFIX + dimension.wireName() + "#" + (granularity == Granularity.DAY ? "D" : "M") + "#";
    }

    @Override
    public void put(List<RollupRow> rows) {
        for (int from = 0; from < rows.size(); from += BATCH) {
            List<WriteRequest> batch = new ArrayList<>();
            for (RollupRow row : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(row)).build()).build());
            }
            write(batch);
        }
    }

    private void write(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int round = 0; !pending.isEmpty() && !pending.getOrDefault(table, List.of()).isEmpty(); round++) {
            if (round >= MAX_UNPROCESSED_ROUNDS) {
                throw new IllegalStateException("DynamoDB left " + pending.get(table).size() + " roll-up rows unprocessed");
            }
            if (round > 0) {
                pause(round);
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = response.unprocessedItems();
        }
    }

    private static void pause(int round) {
        try {
            Thread.sleep(Math.min(1_000, 25L << round));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing roll-ups", e);
        }
    }

    @Override
    public List<RollupRow> query(String tenantId, RollupDimension dimension, Granularity granularity, String fromPeriod, String toPeriod) {
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(tenantPk(tenantId)),
                        ":from", s(prefix(dimension, granularity) + fromPeriod + "#"),
                        ":to", s(prefix(dimension, granularity) + toPeriod + "#\uffff")))
                .build();
        List<RollupRow> rows = new ArrayList<>();
        dynamo.queryPaginator(query).items().forEach(item -> rows.add(fromItem(item)));
        return rows;
    }

    @Override
    public Optional<LocalDate> watermark(String tenantId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(tenantPk(tenantId)), "sk", s(WATERMARK_SK)))).item();
        return item == null || !item.containsKey("day") ? Optional.empty() : Optional.of(LocalDate.parse(item.get("day").s()));
    }

    @Override
    public void advanceWatermark(String tenantId, LocalDate day) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(tenantPk(tenantId)), "sk", s(WATERMARK_SK)))
                    .updateExpression("SET #d = :d")
                    .conditionExpression("attribute_not_exists(#d) OR #d < :d")
                    .expressionAttributeNames(Map.of("#d", "day"))
                    .expressionAttributeValues(Map.of(":d", s(day.toString()))));
        } catch (ConditionalCheckFailedException alreadyThereOrFurther) {
            // another run got at least as far: the watermark only moves forward
        }
    }

    static Map<String, AttributeValue> toItem(RollupRow row) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(tenantPk(row.tenantId())));
        item.put("sk", s(sortKey(row.dimension(), row.granularity(), row.period(), row.value())));
        item.put("tenantId", s(row.tenantId()));
        item.put("dimension", s(row.dimension().wireName()));
        item.put("granularity", s(row.granularity().wireName()));
        item.put("period", s(row.period()));
        item.put("value", s(row.value()));
        RollupTotals t = row.totals();
        n(item, "requests", t.requests());
        n(item, "errors", t.errors());
        n(item, "promptTokens", t.promptTokens());
        n(item, "cachedPromptTokens", t.cachedPromptTokens());
        n(item, "completionTokens", t.completionTokens());
        n(item, "reasoningTokens", t.reasoningTokens());
        n(item, "costMicros", t.costMicros());
        n(item, "routedRequests", t.routedRequests());
        n(item, "routedCostMicros", t.routedCostMicros());
        n(item, "referenceCostMicros", t.referenceCostMicros());
        n(item, "shadowRequests", t.shadowRequests());
        n(item, "shadowCostMicros", t.shadowCostMicros());
        n(item, "shadowRoutedCostMicros", t.shadowRoutedCostMicros());
        n(item, "refusals", t.refusals());
        return item;
    }

    static RollupRow fromItem(Map<String, AttributeValue> item) {
        RollupTotals totals = new RollupTotals(num(item, "requests"), num(item, "errors"), num(item, "promptTokens"),
                num(item, "cachedPromptTokens"), num(item, "completionTokens"), num(item, "reasoningTokens"), num(item, "costMicros"),
                num(item, "routedRequests"), num(item, "routedCostMicros"), num(item, "referenceCostMicros"),
                num(item, "shadowRequests"), num(item, "shadowCostMicros"), num(item, "shadowRoutedCostMicros"),
                // rows written before refusals were counted have none: 0
                num(item, "refusals"));
        return new RollupRow(item.get("tenantId").s(), RollupDimension.fromWire(item.get("dimension").s()).orElseThrow(),
                Granularity.fromWire(item.get("granularity").s()).orElseThrow(), item.get("period").s(), item.get("value").s(), totals);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static void n(Map<String, AttributeValue> item, String name, long value) {
        item.put(name, AttributeValue.fromN(Long.toString(value)));
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }
}
