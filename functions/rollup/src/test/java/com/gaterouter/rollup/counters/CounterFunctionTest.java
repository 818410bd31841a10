package com.gaterouter.rollup.counters;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import com.gaterouter.common.testing.LambdaTestContext;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The handler on the event Lambda sends with a tumbling window — JSON read by the Lambda runtime's own event
 * serialisation (aws-lambda-java-tests' {@link EventLoader}), so the shard id and the stream images arrive as
 * in AWS — applied twice: the counters move once, and the answer carries a state and no failure.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class CounterFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = FutureYear.instant("YYYY-05-20T08:00:00Z");
    private final String tenant = "cf-" + UUID.randomUUID().toString().substring(0, 8);

    /** An item as the stream's JSON shows it: {"S": …}, {"N": …}, {"M": …}, {"L": …}, {"BOOL": …}, {"NULL": true}. */
    private static ObjectNode dynamoJson(AttributeValue v) {
        ObjectNode node = JSON.createObjectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", image(v.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                v.l().forEach(e -> list.add(dynamoJson(e)));
            }
            case SS -> {
                ArrayNode set = node.putArray("SS");
                v.ss().forEach(set::add);
            }
            default -> throw new IllegalArgumentException("not in a usage item: " + v.type());
        }
        return node;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode image = JSON.createObjectNode();
        item.forEach((name, value) -> image.set(name, dynamoJson(value)));
        return image;
    }

    private Path event(Path dir, List<UsageRecord> usages) throws IOException {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        long sequence = 3_000_000;
        for (UsageRecord usage : usages) {
            Map<String, AttributeValue> item = DynamoDbUsageStore.toItem(usage, Duration.ofDays(30));
            ObjectNode record = records.addObject();
            record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
            record.put("eventName", "INSERT");
            record.put("eventVersion", "1.1");
            record.put("eventSource", "aws:dynamodb");
            record.put("awsRegion", "eu-west-1");
            ObjectNode change = record.putObject("dynamodb");
            change.put("ApproximateCreationDateTime", AT.getEpochSecond());
            change.set("Keys", image(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
            change.set("NewImage", image(item));
            change.put("SequenceNumber", "5" + String.format("%025d", sequence += 11));
            change.put("SizeBytes", 400);
            change.put("StreamViewType", "NEW_IMAGE");
            record.put("eventSourceARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/gaterouter-test-usage/stream/2026-01-01T00:00:00.000");
        }
        event.putObject("window").put("start", "2026-05-20T08:00:00Z").put("end", "2026-05-20T08:05:00Z");
        event.putObject("state");
        event.put("shardId", "shardId-00000001747728000000-0a1b2c3d");
        event.put("eventSourceARN", "arn:aws:dynamodb:eu-west-1:000000000000:table/gaterouter-test-usage/stream/2026-01-01T00:00:00.000");
        event.put("isFinalInvokeForWindow", false);
        event.put("isWindowTerminatedEarly", false);
        Path file = dir.resolve("time-window-event.json");
        Files.writeString(file, JSON.writeValueAsString(event));
        return file;
    }

    private UsageRecord usage(int i, long cost) {
        return new UsageRecord(tenant + "-r" + i, new Principal(tenant, "d", "p", "u", "k"), "auto", "openai/gpt-4o-mini", "openai",
                1, new TokenUsage(100, 0, 0, 20, 0), cost, 10, 10, UsageStatus.SUCCEEDED, 200, true, AT.plusSeconds(i))
                .withLeases(List.of("lease" + tenant));
    }

    @Test
    void theRuntimesTimeWindowEventAppliedTwiceMovesTheCountersAndTheLeaseTallyOnce(LocalTables tables, @TempDir Path dir)
            throws IOException {
        Settings settings = Settings.of(Map.of(GatewayTable.ACCOUNTS.environmentVariable(), tables.name(GatewayTable.ACCOUNTS),
                GatewayTable.API_KEYS.environmentVariable(), tables.name(GatewayTable.API_KEYS),
                GatewayTable.SPEND.environmentVariable(), tables.name(GatewayTable.SPEND)));
        CounterFunction function = new CounterFunction(CounterWiring.stream(settings, tables.client(), new MutableClock(AT), null), null);
        DynamodbTimeWindowEvent event = EventLoader.loadEvent(event(dir, List.of(usage(1, 700), usage(2, 300), usage(3, 50))).toString(),
                DynamodbTimeWindowEvent.class);

        TimeWindowEventResponse first = function.handleRequest(event, LambdaTestContext.of("counters"));
        TimeWindowEventResponse again = function.handleRequest(event, LambdaTestContext.of("counters"));

        assertThat(event.getShardId()).isEqualTo("shardId-00000001747728000000-0a1b2c3d");
        assertThat(first.getBatchItemFailures()).isEmpty();
        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(first.getState()).isNotNull();
        Counter month = new Counter(tenant, BudgetScope.KEY, "k", new Window.Month(YearMonth.from(AT.atZone(ZoneOffset.UTC))));
        Map<String, AttributeValue> counter = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(SpendKeys.key(month)).consistentRead(true)).item();
        assertThat(counter.get(SpendKeys.SETTLED_USD).n()).isEqualTo("1050");
        assertThat(counter.get(SpendKeys.SETTLED_TOKENS).n()).isEqualTo("360");
        assertThat(counter.get(SpendKeys.REQUESTS).n()).isEqualTo("3");
        assertThat(counter).containsKey("hw#shard#shardId-00000001747728000000-0a1b2c3d");
        Map<String, AttributeValue> tally = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(SpendKeys.leaseTallyKey("lease" + tenant)).consistentRead(true)).item();
        assertThat(tally.get(SpendKeys.SETTLED_USD).n()).isEqualTo("1050");
        assertThat(tally.get(SpendKeys.REQUESTS).n()).isEqualTo("3");
    }
}
