package com.gaterouter.common.accounts.dynamodb;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Tenant;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Accounts table adapter. One partition per tenant ({@code TENANT#id}) holding its profile and
 * children; platform-wide items live under {@code PLATFORM}.
 */
public final class DynamoDbAccountStore implements AccountStore {

    public static final String PLATFORM_PK = "PLATFORM";
    public static final String ADMIN_KEY_PREFIX = "ADMIN_KEY#";

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbAccountStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    public static String tenantPk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    @Override
    public Optional<Tenant> findTenant(String tenantId) {
        Map<String, AttributeValue> item = get(tenantPk(tenantId), "PROFILE");
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new Tenant(item.get("tenantId").s(), item.get("name").s(),
                ZoneId.of(item.containsKey("timeZone") ? item.get("timeZone").s() : "UTC"),
                Instant.parse(item.get("createdAt").s())));
    }

    @Override
    public boolean isPlatformAdminKey(String keyHash) {
        return get(PLATFORM_PK, ADMIN_KEY_PREFIX + keyHash) != null;
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        var response = dynamo.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))));
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }
}
