package com.gaterouter.common.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Items in DynamoDB Local that its TTL sweeper may delete at any moment: their TTL attribute (epoch
 * seconds) is already behind the machine's clock. A test that wrote such an item depends on the
 * calendar: it passes while the sweeper has not got to the item yet and fails, a few items at a time,
 * once it has. {@link DynamoDbLocalExtension} looks for them after each test class, so the class
 * that wrote them fails every time rather than now and then.
 */
final class ExpiredItems {

    /** One expired item: where it is and when it expired. */
    record Item(String table, Map<String, AttributeValue> key, Instant expiredAt) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(table).append(' ');
            key.forEach((name, value) -> text.append(name).append('=').append(value.s() != null ? value.s() : value.toString()).append(' '));
            return text.append("expiresAt=").append(expiredAt).toString();
        }
    }

    private ExpiredItems() {
    }

    /** Every item of every table with TTL enabled whose TTL attribute is before {@code now}. */
    static List<Item> find(DynamoDbClient dynamo, Instant now) {
        List<Item> expired = new ArrayList<>();
        for (String table : dynamo.listTablesPaginator(b -> { }).tableNames()) {
            var ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
            if (ttl == null || ttl.timeToLiveStatus() != TimeToLiveStatus.ENABLED) {
                continue;
            }
            List<String> keyNames = dynamo.describeTable(b -> b.tableName(table)).table().keySchema().stream()
                    .map(k -> k.attributeName()).toList();
            dynamo.scanPaginator(b -> b.tableName(table)
                            .filterExpression("#ttl < :now")
                            .expressionAttributeNames(Map.of("#ttl", ttl.attributeName()))
                            .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))))
                    .items().forEach(item -> {
                        Map<String, AttributeValue> key = new java.util.LinkedHashMap<>();
                        keyNames.forEach(name -> key.put(name, item.get(name)));
                        expired.add(new Item(table, key, Instant.ofEpochSecond(Long.parseLong(item.get(ttl.attributeName()).n()))));
                    });
        }
        return expired;
    }

    /** Deletes the items, so the next test class is not blamed for them. */
    static void delete(DynamoDbClient dynamo, List<Item> items) {
        items.forEach(item -> dynamo.deleteItem(b -> b.tableName(item.table()).key(item.key())));
    }

    /** The failure message naming the first few items. */
    static String describe(List<Item> items) {
        StringBuilder text = new StringBuilder()
                .append(items.size()).append(" item(s) written to DynamoDB Local had already expired by the machine's clock;")
                .append(" its TTL sweeper deletes them at any moment, so a test reading them passes or fails by the calendar.")
                .append(" Set the test's data relative to the real clock (FutureYear for fixed-date scenarios;")
                .append(" docs/testing.md, \"Time in tests\"). First ones:");
        items.stream().limit(5).forEach(item -> text.append("\n  ").append(item));
        return text.toString();
    }
}
