package com.gaterouter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterSink.Applied;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.dynamodb.SpendKeys;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The catch-up applies each usage record once, however often it runs, in the tenant's calendar. */
@ExtendWith(DynamoDbLocalExtension.class)
class CountersCatchUpTest {

    private static final Instant AT = FutureYear.instant("YYYY-06-30T22:00:00Z");
    private final String tenant = "cu-" + UUID.randomUUID().toString().substring(0, 8);
    private final Principal caller = new Principal(tenant, "d", "p", "u", "k");

    private void write(LocalTables tables, String requestId, long cost, UsageStatus status) {
        UsageRecord usage = new UsageRecord(requestId, caller, "auto", "openai/gpt-4o-mini", "openai", 1,
                new TokenUsage(10, 0, 0, 5, 0), cost, 10, 10, status, status == UsageStatus.REFUSED ? 429 : 200, false, AT);
        tables.client().putItem(b -> b.tableName(tables.name(GatewayTable.USAGE))
                .item(DynamoDbUsageStore.toItem(usage, Duration.ofDays(30))));
    }

    private long[] month(LocalTables tables, YearMonth month) {
        Counter counter = new Counter(tenant, BudgetScope.TENANT, tenant, new Window.Month(month));
        Map<String, AttributeValue> item = tables.client().getItem(b -> b.tableName(tables.name(GatewayTable.SPEND))
                .key(SpendKeys.key(counter)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return new long[] {0, 0, 0};
        }
        return new long[] {Long.parseLong(item.get(SpendKeys.SETTLED_USD).n()), Long.parseLong(item.get(SpendKeys.SETTLED_TOKENS).n()),
                Long.parseLong(item.get(SpendKeys.REQUESTS).n())};
    }

    @Test
    void eachRecordIsAppliedOnceAcrossRuns(LocalTables tables) {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        CountersCatchUp catchUp = new CountersCatchUp(tables.client(), tables.name(GatewayTable.USAGE), tables.name(GatewayTable.SPEND),
                t -> t.equals(tenant) ? tokyo : ZoneOffset.UTC, new MutableClock(AT));
        write(tables, tenant + "-1", 1_000, UsageStatus.SUCCEEDED);
        write(tables, tenant + "-2", 2_000, UsageStatus.SUCCEEDED);
        write(tables, tenant + "-3", 0, UsageStatus.REFUSED);

        catchUp.run();
        Applied nothingNew = catchUp.run();
        write(tables, tenant + "-4", 500, UsageStatus.SUCCEEDED);
        catchUp.run();

        // 22:00 UTC on June 30 is July 1 in Tokyo: the tenant's July
        YearMonth july = YearMonth.from(AT.atZone(tokyo));
        assertThat(july.getMonthValue()).isEqualTo(7);
        assertThat(month(tables, july)).containsExactly(3_500, 45, 3);
        assertThat(month(tables, july.minusMonths(1))).containsExactly(0, 0, 0);
        assertThat(nothingNew.written()).isZero();
    }
}
