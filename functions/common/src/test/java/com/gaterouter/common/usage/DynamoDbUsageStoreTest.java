package com.gaterouter.common.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.usage.UsageStore.AlreadyRecorded;
import com.gaterouter.common.usage.UsageStore.Written;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import com.gaterouter.common.usage.dynamodb.UsageKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * The usage table on DynamoDB Local. Its TTL sweeper runs on the machine's clock, so the records
 * are stamped in {@link FutureYear}: with one day's retention, a record of a past date would be
 * deleted while the test reads it.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbUsageStoreTest {

    private static final Instant AT = FutureYear.instant("YYYY-11-24T10:15:30.120Z");
    private static final LocalDate DAY = FutureYear.date(11, 24);

    private static UsageRecord usage(String tenant, String requestId, Instant at) {
        return new UsageRecord(requestId, new Principal(tenant, "dept-1", "proj-1", "user-1", "key_1"),
                "openai/gpt-4o-mini", "openai/gpt-4o-mini", "openai", 1,
                new TokenUsage(1200, 200, 0, 300, 0), 345, 812, 95, UsageStatus.SUCCEEDED, 200, true, at);
    }

    @Test
    void writesOnceAndReadsBackEveryField(LocalTables tables) {
        var store = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(30));
        String tenant = "t-" + UUID.randomUUID();
        UsageRecord record = usage(tenant, "req-1", AT);

        assertThat(store.record(record)).isInstanceOf(Written.class);
        assertThat(store.record(record)).isInstanceOf(AlreadyRecorded.class);

        assertThat(store.findByTenantAndDay(tenant, DAY)).containsExactly(record);
        assertThat(store.findByTenantAndDay(tenant, DAY.plusDays(1))).isEmpty();
    }

    @Test
    void aRouteDecisionAndFailedAttemptsRoundTripAndAreAbsentWhenThereAreNone(LocalTables tables) {
        var store = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(30));
        String tenant = "t-" + UUID.randomUUID();
        UsageRecord plain = usage(tenant, "req-plain", AT);
        UsageRecord fellBack = new UsageRecord("req-fb", plain.principal(), "openai/gpt-4o-mini", "deepseek/deepseek-chat",
                "deepseek", 3, plain.tokens(), 99, 4_100, 4_100, UsageStatus.SUCCEEDED, 200, false, AT.plusMillis(1),
                Optional.of(new RouteDecision("heavy", 0.912, List.of("auto", "code", "fallback"), false,
                        "openai/gpt-5", "openai/gpt-5", 120, 120)), List.of(
                        FailedAttempt.of(1, "openai/gpt-4o-mini", "openai", "SERVER_ERROR", 503, 35),
                        FailedAttempt.of(2, "openai/gpt-4o-mini", "openai", "TIMEOUT", 0, 4_000)));

        store.record(plain);
        store.record(fellBack);

        assertThat(store.findByTenantAndDay(tenant, DAY)).containsExactlyInAnyOrder(plain, fellBack);
        Map<String, AttributeValue> plainItem = item(tables, tenant, plain);
        assertThat(plainItem).doesNotContainKeys("tier", "failedAttempts");
        Map<String, AttributeValue> item = item(tables, tenant, fellBack);
        assertThat(item.get("tier").s()).isEqualTo("heavy");
        assertThat(item.get("routeReasons").s()).isEqualTo("auto,code,fallback");
        assertThat(item.get("referenceCostMicros").n()).isEqualTo("120");
        assertThat(item.get("failedAttempts").l()).hasSize(2);
        Map<String, AttributeValue> first = item.get("failedAttempts").l().get(0).m();
        assertThat(first.get("modelId").s()).isEqualTo("openai/gpt-4o-mini");
        assertThat(first.get("kind").s()).isEqualTo("SERVER_ERROR");
        assertThat(first.get("httpStatus").n()).isEqualTo("503");
        assertThat(item.get("failedAttempts").l().get(1).m()).as("a time-out has no HTTP status").doesNotContainKey("httpStatus");
        assertThat(DynamoDbUsageStore.fromItem(item).failedAttempts().get(1).httpStatus()).isEqualTo(OptionalInt.empty());
    }

    @Test
    void theLeasesARecordDrewOnRoundTripAndAreAbsentWhenThereAreNone(LocalTables tables) {
        var store = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(30));
        String tenant = "t-" + UUID.randomUUID();
        UsageRecord plain = usage(tenant, "req-unleased", AT);
        UsageRecord leased = usage(tenant, "req-leased", AT.plusMillis(1)).withLeases(List.of("a1b2c3.7", "a1b2c3.8"));

        store.record(plain);
        store.record(leased);

        assertThat(store.findByTenantAndDay(tenant, DAY)).containsExactlyInAnyOrder(plain, leased);
        assertThat(item(tables, tenant, plain)).doesNotContainKey("leases");
        Map<String, AttributeValue> item = item(tables, tenant, leased);
        assertThat(item.get("leases").l()).extracting(AttributeValue::s).containsExactly("a1b2c3.7", "a1b2c3.8");
        assertThat(DynamoDbUsageStore.fromItem(item).leases()).containsExactly("a1b2c3.7", "a1b2c3.8");
    }

    private static Map<String, AttributeValue> item(LocalTables tables, String tenant, UsageRecord r) {
        return tables.client().getItem(GetItemRequest.builder()
                .tableName(tables.name(GatewayTable.USAGE))
                .key(Map.of(
                        "pk", AttributeValue.fromS(UsageKeys.partitionKey(tenant, r.occurredAt(), r.requestId())),
                        "sk", AttributeValue.fromS(UsageKeys.sortKey(r.occurredAt(), r.requestId()))))
                .build()).item();
    }

    @Test
    void setsTtlFromRetention(LocalTables tables) {
        var store = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(30));
        String tenant = "t-" + UUID.randomUUID();
        store.record(usage(tenant, "req-ttl", AT));

        var item = tables.client().getItem(GetItemRequest.builder()
                .tableName(tables.name(GatewayTable.USAGE))
                .key(java.util.Map.of(
                        "pk", AttributeValue.fromS(UsageKeys.partitionKey(tenant, AT, "req-ttl")),
                        "sk", AttributeValue.fromS(UsageKeys.sortKey(AT, "req-ttl"))))
                .build()).item();
        assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(AT.plus(Duration.ofDays(30)).getEpochSecond());
    }

    @Test
    void spreadsOneTenantsDayOverShardsAndFindsThemAll(LocalTables tables) {
        var store = new DynamoDbUsageStore(tables.client(), tables.name(GatewayTable.USAGE), Duration.ofDays(1));
        String tenant = "t-" + UUID.randomUUID();
        Set<String> partitions = new HashSet<>();
        IntStream.range(0, 100).forEach(i -> {
            String id = "req-" + i;
            store.record(usage(tenant, id, AT.plusMillis(i)));
            partitions.add(UsageKeys.partitionKey(tenant, AT, id));
        });

        assertThat(partitions).hasSize(UsageKeys.SHARDS);
        assertThat(store.findByTenantAndDay(tenant, DAY)).hasSize(100);
    }
}
