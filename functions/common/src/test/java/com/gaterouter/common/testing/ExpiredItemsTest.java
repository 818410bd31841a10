package com.gaterouter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The guard behind {@link DynamoDbLocalExtension}. The items expire an hour from now and the guard
 * is asked about two hours from now, so DynamoDB Local's own sweeper leaves them alone meanwhile.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ExpiredItemsTest {

    @Test
    void findsItemsWhoseTtlHasPassedInTablesWithTtlAndDeletesThem(LocalTables tables) {
        var dynamo = tables.client();
        String withTtl = "expired-items-" + UUID.randomUUID();
        String withoutTtl = "no-ttl-" + UUID.randomUUID();
        for (String table : List.of(withTtl, withoutTtl)) {
            dynamo.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
        }
        dynamo.updateTimeToLive(b -> b.tableName(withTtl).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        for (String table : List.of(withTtl, withoutTtl)) {
            put(tables, table, "soon", inAnHour);
            put(tables, table, "later", tomorrow);
        }
        dynamo.putItem(b -> b.tableName(withTtl).item(Map.of("pk", AttributeValue.fromS("no-ttl-attribute"))));
        dynamo.putItem(b -> b.tableName(withTtl).item(Map.of("pk", AttributeValue.fromS("text-ttl"),
                "expiresAt", AttributeValue.fromS("2000-01-01T00:00:00Z"))));

        List<ExpiredItems.Item> expired = ExpiredItems.find(dynamo, Instant.now().plus(Duration.ofHours(2))).stream()
                .filter(item -> item.table().equals(withTtl) || item.table().equals(withoutTtl)).toList();

        assertThat(expired).singleElement().satisfies(item -> {
            assertThat(item.table()).isEqualTo(withTtl);
            assertThat(item.key()).isEqualTo(Map.of("pk", AttributeValue.fromS("soon")));
            assertThat(item.expiredAt()).isEqualTo(Instant.ofEpochSecond(inAnHour.getEpochSecond()));
        });
        assertThat(ExpiredItems.describe(expired)).startsWith("1 item(s) written to DynamoDB Local had already expired")
                .contains("FutureYear").contains(withTtl + " pk=soon expiresAt=");

        ExpiredItems.delete(dynamo, expired);
        assertThat(dynamo.getItem(b -> b.tableName(withTtl).key(Map.of("pk", AttributeValue.fromS("soon")))).hasItem()).isFalse();
        assertThat(dynamo.getItem(b -> b.tableName(withTtl).key(Map.of("pk", AttributeValue.fromS("later")))).hasItem()).isTrue();
        for (String table : List.of(withTtl, withoutTtl)) {
            dynamo.deleteTable(b -> b.tableName(table));
        }
    }

    private static void put(LocalTables tables, String table, String pk, Instant expiresAt) {
        tables.client().putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk),
                "expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())))));
    }
}
