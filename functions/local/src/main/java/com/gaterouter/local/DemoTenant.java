package com.gaterouter.local;

import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeySecrets;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The demo tenant every local gateway starts with: tenant {@code demo} with one department,
 * project and user, and an app key for that user. Seeding is idempotent, so a persisted data
 * directory keeps its data and a fixed GATEROUTER_DEMO_API_KEY keeps working across restarts.
 */
public final class DemoTenant {

    public static final String TENANT_ID = "demo";
    public static final String DEPARTMENT_ID = "dept_demo";
    public static final String PROJECT_ID = "proj_demo";
    public static final String USER_ID = "user_demo";

    private DemoTenant() {
    }

    /** Seeds the accounts and an API key with {@code secret}; returns the key's public id. */
    public static String seed(DynamoDbClient dynamo, String accountsTable, ApiKeyStore keys, String secret, Instant now) {
        String tenantPk = "TENANT#" + TENANT_ID;
        putIfAbsent(dynamo, accountsTable, Map.of("pk", s(tenantPk), "sk", s("PROFILE"), "tenantId", s(TENANT_ID),
                "name", s("Demo Corp"), "timeZone", s("UTC"), "createdAt", s(now.toString())));
        putIfAbsent(dynamo, accountsTable, Map.of("pk", s(tenantPk), "sk", s("DEPT#" + DEPARTMENT_ID), "departmentId", s(DEPARTMENT_ID),
                "name", s("Engineering"), "status", s("ACTIVE"), "createdAt", s(now.toString())));
        putIfAbsent(dynamo, accountsTable, Map.of("pk", s(tenantPk), "sk", s("PROJECT#" + PROJECT_ID), "projectId", s(PROJECT_ID),
                "departmentId", s(DEPARTMENT_ID), "name", s("Demo app"), "status", s("ACTIVE"), "createdAt", s(now.toString())));
        putIfAbsent(dynamo, accountsTable, Map.of("pk", s(tenantPk), "sk", s("USER#" + USER_ID), "userId", s(USER_ID),
                "departmentId", s(DEPARTMENT_ID), "email", s("demo@example.com"), "name", s("Demo User"), "role", s("member"),
                "createdAt", s(now.toString())));

        String hash = ApiKeySecrets.hash(secret);
        Optional<ApiKeyRecord> existing = keys.findByHash(hash);
        if (existing.isPresent()) {
            return existing.get().keyId();
        }
        String keyId = ApiKeySecrets.newKeyId();
        keys.create(new ApiKeyRecord(hash, keyId, "demo key", new Principal(TENANT_ID, DEPARTMENT_ID, PROJECT_ID, USER_ID, keyId),
                KeyStatus.ACTIVE, now, Optional.empty(), Set.of()));
        return keyId;
    }

    private static void putIfAbsent(DynamoDbClient dynamo, String table, Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException alreadySeeded) {
            // a persisted data dir from an earlier run
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
