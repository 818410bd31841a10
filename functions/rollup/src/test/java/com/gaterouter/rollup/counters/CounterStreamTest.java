package com.gaterouter.rollup.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The counter function's batches on DynamoDB Local, as Lambda delivers them from the Usage table's stream: the
 * same batch twice moves the counters once; a counter write failing mid-batch answers a partial batch response
 * from the right record and the retry from there completes exactly once; MODIFY and REMOVE are ignored; refused
 * records move nothing.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class CounterStreamTest {

    private static final Instant AT = FutureYear.instant("YYYY-03-10T12:00:00Z");
    private final String tenant = "cs-" + UUID.randomUUID().toString().substring(0, 8);
    private final MutableClock clock = new MutableClock(AT.plusSeconds(5));

    private CounterStream stream(LocalTables tables, DynamoDbClient dynamo) {
        Settings settings = Settings.of(Map.of(GatewayTable.ACCOUNTS.environmentVariable(), tables.name(GatewayTable.ACCOUNTS),
                GatewayTable.API_KEYS.environmentVariable(), tables.name(GatewayTable.API_KEYS),
                GatewayTable.SPEND.environmentVariable(), tables.name(GatewayTable.SPEND)));
        return CounterWiring.stream(settings, dynamo, clock, null);
    }

    private Principal caller(String user) {
        return new Principal(tenant, "dept", "proj", user, "key-" + user);
    }

    private UsageRecord usage(int i, String user, long cost, UsageStatus status) {
        TokenUsage tokens = status == UsageStatus.REFUSED ? TokenUsage.NONE : new TokenUsage(100, 0, 0, 50, 0);
        return new UsageRecord("req-" + tenant + "-" + i, caller(user), "auto", "openai/gpt-4o-mini", "openai", 1, tokens,
                status == UsageStatus.REFUSED ? 0 : cost, 10, 10, status, status == UsageStatus.REFUSED ? 429 : 200, false,
                AT.plusSeconds(i));
    }

    private static DynamodbStreamRecord insert(long sequence, UsageRecord usage) {
        return record("INSERT", sequence, usage);
    }

    private static DynamodbStreamRecord record(String eventName, long sequence, UsageRecord usage) {
        StreamRecord change = new StreamRecord();
        change.setSequenceNumber("4" + String.format("%020d", sequence));
        change.setNewImage(StreamImages.fromSdk(DynamoDbUsageStore.toItem(usage, Duration.ofDays(30))));
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventName(eventName);
        record.setEventID(UUID.randomUUID().toString());
        record.setDynamodb(change);
        return record;
    }

    private static DynamodbTimeWindowEvent event(List<DynamodbStreamRecord> records) {
        DynamodbTimeWindowEvent event = new DynamodbTimeWindowEvent();
        event.setShardId("shardId-00000001700000000000-abcdef12");
        event.setRecords(records);
        return event;
    }

    private long settledUsd(LocalTables tables, BudgetScope scope, String scopeId) {
        Counter month = new Counter(tenant, scope, scopeId, new Window.Month(YearMonth.from(AT.atZone(ZoneOffset.UTC))));
        Map<String, AttributeValue> item = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(SpendKeys.key(month)).consistentRead(true)).item();
        return item == null || !item.containsKey(SpendKeys.SETTLED_USD) ? 0 : Long.parseLong(item.get(SpendKeys.SETTLED_USD).n());
    }

    private static List<String> failures(TimeWindowEventResponse response) {
        return response.getBatchItemFailures().stream().map(TimeWindowEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    /** The client, its UpdateItems refused on the items whose partition key matches {@code failing}. */
    private static DynamoDbClient failingUpdates(DynamoDbClient real, Predicate<String> failing) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("updateItem") && args != null && args[0] instanceof UpdateItemRequest update
                            && failing.test(update.key().get(SpendKeys.PK).s())) {
                        throw software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException.builder()
                                .message("throttled (test)").build();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void theSameBatchDeliveredTwiceMovesTheCountersOnce(LocalTables tables) {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(insert(1_000 + 7L * i, usage(i, i % 2 == 0 ? "ann" : "bob", 1_000 + i, UsageStatus.SUCCEEDED)));
        }
        CounterStream stream = stream(tables, tables.client());

        CounterStream.Outcome first = stream.apply(event(records));
        CounterStream.Outcome again = stream.apply(event(records));

        long total = 0;
        for (int i = 0; i < 30; i++) {
            total += 1_000 + i;
        }
        assertThat(failures(first.response())).isEmpty();
        assertThat(first.response().getState()).isNotNull();
        assertThat(first.counts().itemsWritten()).isEqualTo(2 * (3 + 2 * 2)); // month + day: tenant, dept, proj + 2 users, 2 keys
        assertThat(again.counts().itemsWritten()).isZero();
        assertThat(again.counts().itemsHeld()).isEqualTo(first.counts().itemsWritten());
        assertThat(settledUsd(tables, BudgetScope.TENANT, tenant)).isEqualTo(total);
    }

    @Test
    void aCounterWriteFailingMidBatchIsReportedFromItsFirstRecordAndTheRetryCompletesExactlyOnce(LocalTables tables) {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        List<String> users = List.of("ann", "ann", "ann", "bob", "ann", "bob", "cy", "ann", "cy", "bob");
        for (int i = 0; i < users.size(); i++) {
            records.add(insert(5_000 + 3L * i, usage(i, users.get(i), 100 * (i + 1), UsageStatus.SUCCEEDED)));
        }
        // bob's counters are throttled: his first record (the 4th) is where the batch is retried from
        CounterStream.Outcome failed = stream(tables, failingUpdates(tables.client(), pk -> pk.endsWith("#bob")))
                .apply(event(records));

        assertThat(failures(failed.response())).containsExactly(records.get(3).getDynamodb().getSequenceNumber());
        assertThat(failed.counts().failed()).isTrue();
        // Lambda checkpoints before the reported record and delivers the rest (with more appended)
        List<DynamodbStreamRecord> retry = new ArrayList<>(records.subList(3, records.size()));
        retry.add(insert(9_000, usage(99, "bob", 7, UsageStatus.SUCCEEDED)));
        CounterStream.Outcome retried = stream(tables, tables.client()).apply(event(retry));

        assertThat(failures(retried.response())).isEmpty();
        long total = 7;
        long bob = 7;
        for (int i = 0; i < users.size(); i++) {
            total += 100 * (i + 1);
            bob += users.get(i).equals("bob") ? 100 * (i + 1) : 0;
        }
        assertThat(settledUsd(tables, BudgetScope.TENANT, tenant)).isEqualTo(total);
        assertThat(settledUsd(tables, BudgetScope.USER, "bob")).isEqualTo(bob);
        assertThat(settledUsd(tables, BudgetScope.USER, "ann")).isEqualTo(100 + 200 + 300 + 500 + 800);
    }

    @Test
    void modifyAndRemoveEventsAreIgnoredAndRefusedRecordsMoveNothing(LocalTables tables) {
        CounterStream.Outcome outcome = stream(tables, tables.client()).apply(event(List.of(
                record("MODIFY", 10, usage(1, "ann", 5_000, UsageStatus.SUCCEEDED)),
                record("REMOVE", 11, usage(2, "ann", 6_000, UsageStatus.SUCCEEDED)),
                insert(12, usage(3, "ann", 0, UsageStatus.REFUSED)),
                insert(13, usage(4, "bob", 250, UsageStatus.SUCCEEDED)))));

        assertThat(failures(outcome.response())).isEmpty();
        assertThat(outcome.counts()).isEqualTo(new CounterStream.Counts(4, 2, 1, 0, 2 * 5, 0, false));
        assertThat(settledUsd(tables, BudgetScope.TENANT, tenant)).isEqualTo(250);
        assertThat(settledUsd(tables, BudgetScope.USER, "ann")).isZero();
    }

    @Test
    void anUnreadableRecordIsReportedAndTheRecordsBeforeItAreCounted(LocalTables tables) {
        DynamodbStreamRecord broken = insert(21, usage(2, "ann", 9_999, UsageStatus.SUCCEEDED));
        broken.getDynamodb().getNewImage().remove("principal");
        broken.getDynamodb().getNewImage().keySet().removeIf(name -> !name.equals("pk") && !name.equals("sk"));

        CounterStream.Outcome outcome = stream(tables, tables.client()).apply(event(List.of(
                insert(20, usage(1, "ann", 40, UsageStatus.SUCCEEDED)), broken,
                insert(22, usage(3, "ann", 50, UsageStatus.SUCCEEDED)))));

        assertThat(failures(outcome.response())).containsExactly(broken.getDynamodb().getSequenceNumber());
        assertThat(settledUsd(tables, BudgetScope.TENANT, tenant)).isEqualTo(40);
    }

    @Test
    void theWindowsFinalInvocationWithoutRecordsAnswersAnEmptyState(LocalTables tables) {
        DynamodbTimeWindowEvent empty = event(List.of());
        empty.setIsFinalInvokeForWindow(true);

        TimeWindowEventResponse response = stream(tables, tables.client()).apply(empty).response();

        assertThat(response.getState()).isEmpty();
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void anEventWithoutItsShardCountsNothingAndFailsSoLambdaRetries(LocalTables tables) {
        DynamodbTimeWindowEvent plain = event(List.of(insert(30, usage(1, "ann", 10, UsageStatus.SUCCEEDED))));
        plain.setShardId(null);

        assertThatThrownBy(() -> stream(tables, tables.client()).apply(plain))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TumblingWindowInSeconds");
        assertThat(settledUsd(tables, BudgetScope.TENANT, tenant)).isZero();
    }
}
