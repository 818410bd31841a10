package com.gaterouter.common.alerts.dynamodb;

import com.gaterouter.common.alerts.DigestLedger;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The digest ledger in the Rollups table beside the alert ledger: {@code pk = TENANT#t},
 * {@code sk = DIGEST#department#<departmentId>#<week>}, with {@code sentAt} and {@code expiresAt}
 * (TTL, epoch s). A claim is one conditional {@code PutItem} ({@code attribute_not_exists(pk)}):
 * DynamoDB serialises it, so of concurrent claimers exactly one wins.
 */
public final class DynamoDbDigestLedger implements DigestLedger {

    public static final String PREFIX = "DIGEST#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDigestLedger(DynamoDbClient dynamo, String rollupsTable) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(rollupsTable, "rollupsTable");
    }

    @Override
    public boolean claim(String tenantId, String departmentId, String weekId, Instant keepUntil, Instant now) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("pk", s(DynamoDbAlertLedger.tenantPk(tenantId)), "sk", s(sortKey(departmentId, weekId)),
                            "sentAt", s(now.toString()), "expiresAt", AttributeValue.fromN(Long.toString(keepUntil.getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException sentBefore) {
            return false;
        }
    }

    @Override
    public void release(String tenantId, String departmentId, String weekId) {
        dynamo.deleteItem(b -> b.tableName(table)
                .key(Map.of("pk", s(DynamoDbAlertLedger.tenantPk(tenantId)), "sk", s(sortKey(departmentId, weekId)))));
    }

    static String sortKey(String departmentId, String weekId) {
        return PREFIX + "department#" + departmentId + "#" + weekId;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
