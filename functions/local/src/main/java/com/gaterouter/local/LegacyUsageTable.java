package com.gaterouter.local;

import com.gaterouter.common.spend.journal.UsageRecordWriter;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The usage table that local gateways before the SQLite usage store kept in DynamoDB Local: when a data dir still has
 * it, its records move into the usage store (idempotently: a start that dies half-way moves them again) and the
 * table is deleted once every record is in. Items that are not usage records are logged by key and left behind
 * (the table then stays, so nothing is lost).
 */
final class LegacyUsageTable {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyUsageTable.class);

    private LegacyUsageTable() {
    }

    /** @return how many records moved (0 when there is no such table) */
    static long moveInto(UsageRecordWriter store, DynamoDbClient dynamo, String table) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException none) {
            return 0;
        }
        long moved = 0;
        long unreadable = 0;
        for (var page : dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true))) {
            List<UsageRecord> records = new ArrayList<>(page.items().size());
            for (Map<String, AttributeValue> item : page.items()) {
                try {
                    records.add(DynamoDbUsageStore.fromItem(item));
                } catch (RuntimeException e) {
                    unreadable++;
                    LOG.warn("usage table {}: item pk={} sk={} is not a usage record ({}); left in the table", table,
                            text(item, "pk"), text(item, "sk"), e.getMessage());
                }
            }
            store.writeAll(records);
            moved += records.size();
        }
        if (unreadable == 0) {
            dynamo.deleteTable(b -> b.tableName(table));
            LOG.info("moved {} usage records from DynamoDB Local's table {} into the usage store; the table is deleted", moved, table);
        } else {
            LOG.warn("moved {} usage records from DynamoDB Local's table {} into the usage store; {} items were not usage "
                    + "records, so the table stays", moved, table, unreadable);
        }
        return moved;
    }

    private static String text(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? "?" : value.s();
    }
}
