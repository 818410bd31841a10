package com.gaterouter.common.testing;

import com.gaterouter.common.spend.CounterAggregator;
import com.gaterouter.common.spend.CounterAggregator.Positioned;
import com.gaterouter.common.spend.CounterSink;
import com.gaterouter.common.spend.SourcePosition;
import com.gaterouter.common.spend.dynamodb.DynamoDbCounterSink;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the counter function does in AWS (and the journal applier locally), on demand in a test: every usage
 * record in the Usage table not yet applied by this instance (tracked in memory by request id) goes through
 * {@link CounterAggregator} (month and day windows, as the counter function) and {@link DynamoDbCounterSink} as
 * one batch of a fresh source — so a router, admin or roll-up test can assert the spend counters after its
 * requests: {@code catchUp.run()} then read the counters.
 *
 * <p>It scans the Usage table (a test's table is small). Each run is a source of its own, so its marks never
 * refuse another run's records; the request ids it applied are what keeps a record from being counted twice.
 */
public final class CountersCatchUp {

    private final DynamoDbClient dynamo;
    private final String usageTable;
    private final CounterAggregator aggregator;
    private final DynamoDbCounterSink sink;
    private final Set<String> applied = new HashSet<>();

    /** @param zoneOfTenant each tenant's time zone (whose days and months its counters count) */
    public CountersCatchUp(DynamoDbClient dynamo, String usageTable, String spendTable, Function<String, ZoneId> zoneOfTenant,
            Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.usageTable = Objects.requireNonNull(usageTable, "usageTable");
        this.aggregator = new CounterAggregator(zoneOfTenant, CounterAggregator.Windows.MONTH_AND_DAY);
        this.sink = new DynamoDbCounterSink(dynamo, spendTable, null, clock);
    }

    /** Every tenant in UTC. */
    public CountersCatchUp(DynamoDbClient dynamo, String usageTable, String spendTable, Clock clock) {
        this(dynamo, usageTable, spendTable, tenant -> ZoneOffset.UTC, clock);
    }

    /**
     * Applies the usage records not applied yet, in the order they occurred.
     *
     * @return what the sink wrote (nothing when every record was applied already)
     */
    public synchronized CounterSink.Applied run() {
        List<UsageRecord> fresh = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(usageTable).consistentRead(true)).items().forEach(item -> {
            UsageRecord usage = DynamoDbUsageStore.fromItem(item);
            if (!applied.contains(usage.requestId())) {
                fresh.add(usage);
            }
        });
        if (fresh.isEmpty()) {
            return new CounterSink.Applied(0, 0);
        }
        fresh.sort(Comparator.comparing(UsageRecord::occurredAt).thenComparing(UsageRecord::requestId));
        String source = "catch-up#" + UUID.randomUUID();
        List<Positioned> batch = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            batch.add(new Positioned(new SourcePosition(source, String.format("%019d", i)), fresh.get(i)));
        }
        CounterSink.Applied result = sink.apply(aggregator.aggregate(batch));
        fresh.forEach(usage -> applied.add(usage.requestId()));
        return result;
    }
}
