package com.gaterouter.common.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.rollup.dynamodb.DynamoDbRollupStore;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbRollupStoreTest {

    private static RollupTotals totals(long requests, long cost) {
        return new RollupTotals(requests, 1, 10 * requests, 0, 5 * requests, 0, cost, 1, cost, 3 * cost, 0, 0, 0, requests % 3 + 2);
    }

    @Test
    void aRowWrittenBeforeRefusalsWereCountedReadsAsNone(LocalTables tables) {
        var store = new DynamoDbRollupStore(tables.client(), tables.name(GatewayTable.ROLLUPS));
        String tenant = "t-" + UUID.randomUUID();
        RollupRow row = new RollupRow(tenant, RollupDimension.USER, Granularity.DAY, "2026-11-24", "u1", totals(4, 40));
        store.put(List.of(row));
        // the same row as an older version stored it: no refusals attribute
        var key = java.util.Map.of("pk", AttributeValue.fromS(DynamoDbRollupStore.tenantPk(tenant)),
                "sk", AttributeValue.fromS(DynamoDbRollupStore.ROLLUP_PREFIX + "user#D#2026-11-24#u1"));
        tables.client().updateItem(b -> b.tableName(tables.name(GatewayTable.ROLLUPS)).key(key).updateExpression("REMOVE refusals"));

        assertThat(store.query(tenant, RollupDimension.USER, Granularity.DAY, "2026-11-24", "2026-11-24"))
                .singleElement().satisfies(read -> {
                    assertThat(read.totals().refusals()).isZero();
                    assertThat(read.totals().requests()).isEqualTo(4);
                });
    }

    @Test
    void rowsRoundTripAndAQueryReadsOneDimensionOverAPeriodRangeInOrder(LocalTables tables) {
        var store = new DynamoDbRollupStore(tables.client(), tables.name(GatewayTable.ROLLUPS));
        String tenant = "t-" + UUID.randomUUID();
        List<RollupRow> rows = new ArrayList<>();
        for (int day = 1; day <= 30; day++) {
            String period = LocalDate.of(2026, 11, day).toString();
            rows.add(new RollupRow(tenant, RollupDimension.MODEL, Granularity.DAY, period, "openai/gpt-4o-mini", totals(day, 100L * day)));
            rows.add(new RollupRow(tenant, RollupDimension.MODEL, Granularity.DAY, period, "anthropic/claude-sonnet-4-5", totals(1, 7)));
            rows.add(new RollupRow(tenant, RollupDimension.USER, Granularity.DAY, period, "u1", totals(day, 1)));
        }
        rows.add(new RollupRow(tenant, RollupDimension.MODEL, Granularity.MONTH, "2026-11", "openai/gpt-4o-mini", totals(465, 46_500)));
        store.put(rows);

        List<RollupRow> week = store.query(tenant, RollupDimension.MODEL, Granularity.DAY, "2026-11-03", "2026-11-09");

        assertThat(week).hasSize(14).allMatch(r -> r.dimension() == RollupDimension.MODEL && r.granularity() == Granularity.DAY);
        assertThat(week.get(0).period()).isEqualTo("2026-11-03");
        assertThat(week.getLast().period()).isEqualTo("2026-11-09");
        assertThat(week).contains(rows.get(6));
        assertThat(store.query(tenant, RollupDimension.MODEL, Granularity.MONTH, "2026-11", "2026-11")).containsExactly(rows.getLast());
        assertThat(store.query("another-" + tenant, RollupDimension.MODEL, Granularity.DAY, "2026-11-01", "2026-11-30")).isEmpty();
    }

    @Test
    void rewritingARowReplacesItAndTheWatermarkOnlyMovesForward(LocalTables tables) {
        var store = new DynamoDbRollupStore(tables.client(), tables.name(GatewayTable.ROLLUPS));
        String tenant = "t-" + UUID.randomUUID();
        RollupRow first = new RollupRow(tenant, RollupDimension.KEY, Granularity.DAY, "2026-11-24", "key_1", totals(2, 20));
        RollupRow recomputed = new RollupRow(tenant, RollupDimension.KEY, Granularity.DAY, "2026-11-24", "key_1", totals(3, 31));
        store.put(List.of(first));
        store.put(List.of(recomputed));
        assertThat(store.query(tenant, RollupDimension.KEY, Granularity.DAY, "2026-11-24", "2026-11-24")).containsExactly(recomputed);

        assertThat(store.watermark(tenant)).isEmpty();
        store.advanceWatermark(tenant, LocalDate.of(2026, 11, 22));
        store.advanceWatermark(tenant, LocalDate.of(2026, 11, 20));
        assertThat(store.watermark(tenant)).contains(LocalDate.of(2026, 11, 22));
    }
}
