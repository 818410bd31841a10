package com.gaterouter.admin.analytics.dynamodb;

import com.gaterouter.admin.analytics.MonthCloses;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Closed months in the Rollups table, beside the tenant's roll-ups and alert ledger:
 * {@code pk = TENANT#t}, {@code sk = CLOSE#YYYY-MM}; attributes {@code body} (the close's JSON),
 * {@code digest}, {@code closedAt}, {@code closedBy}. Written once: a conditional put on the item
 * not existing, so of two concurrent closes exactly one is kept.
 */
public final class DynamoDbMonthCloses implements MonthCloses {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbMonthCloses(DynamoDbClient dynamo, String rollupsTable) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(rollupsTable, "rollupsTable");
    }

    private static Map<String, AttributeValue> key(String tenantId, YearMonth month) {
        return Map.of("pk", AttributeValue.fromS("TENANT#" + tenantId), "sk", AttributeValue.fromS("CLOSE#" + month));
    }

    @Override
    public Optional<Stored> find(String tenantId, YearMonth month) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, month)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stored(tenantId, month, item.get("body").s(), item.get("digest").s(),
                Instant.parse(item.get("closedAt").s()), item.get("closedBy").s()));
    }

    @Override
    public boolean create(Stored close) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(close.tenantId(), close.month()));
        item.put("body", AttributeValue.fromS(close.body()));
        item.put("digest", AttributeValue.fromS(close.digest()));
        item.put("closedAt", AttributeValue.fromS(close.closedAt().toString()));
        item.put("closedBy", AttributeValue.fromS(close.closedBy()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
