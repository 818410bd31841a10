package com.gaterouter.rollup.counters;

import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.spend.CounterAggregator;
import com.gaterouter.common.spend.dynamodb.DynamoDbCounterSink;
import com.gaterouter.common.tables.GatewayTable;
import java.time.Clock;
import java.util.function.ObjDoubleConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the counter function's graph once, by constructors: the usage stream's batches through the shared
 * {@link CounterAggregator} (month and day windows — minute windows are only committed by leases; tenant zones from the accounts table) into the
 * {@link DynamoDbCounterSink} on the Spend table.
 */
final class CounterWiring {

    private CounterWiring() {
    }

    /** @param capacity receives every write's capacity units (label, units), or null */
    static CounterStream stream(Settings settings, DynamoDbClient dynamo, Clock clock, ObjDoubleConsumer<String> capacity) {
        TenantZones zones = new TenantZones(new DynamoDbAccountStore(dynamo, settings.table(GatewayTable.ACCOUNTS),
                settings.table(GatewayTable.API_KEYS), clock), clock);
        return new CounterStream(new CounterAggregator(zones, CounterAggregator.Windows.MONTH_AND_DAY),
                new DynamoDbCounterSink(dynamo, settings.table(GatewayTable.SPEND), capacity, clock));
    }
}
