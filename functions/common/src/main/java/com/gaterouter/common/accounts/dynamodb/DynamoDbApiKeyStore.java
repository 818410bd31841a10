package com.gaterouter.common.accounts.dynamodb;

import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.tables.GatewayTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** ApiKeys table adapter: one item per key, partition key = SHA-256 of the secret. */
public final class DynamoDbApiKeyStore implements ApiKeyStore {

    private static final String HASH = GatewayTable.API_KEYS.partitionKey();

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbApiKeyStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    @Override
    public Optional<ApiKeyRecord> findByHash(String keyHash) {
        var response = dynamo.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(Map.of(HASH, AttributeValue.fromS(keyHash)))
                // a revocation must be seen by the next cache refresh, not an eventually consistent read later
                .consistentRead(true)
                .build());
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    @Override
    public void create(ApiKeyRecord key) {
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(toItem(key))
                    .conditionExpression("attribute_not_exists(#h)")
                    .expressionAttributeNames(Map.of("#h", HASH))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("an API key with this hash already exists: " + key.keyId(), e);
        }
    }

    static Map<String, AttributeValue> toItem(ApiKeyRecord key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(HASH, AttributeValue.fromS(key.keyHash()));
        item.put("keyId", AttributeValue.fromS(key.keyId()));
        item.put("name", AttributeValue.fromS(key.name()));
        item.put("tenantId", AttributeValue.fromS(key.owner().tenantId()));
        item.put("departmentId", AttributeValue.fromS(key.owner().departmentId()));
        item.put("projectId", AttributeValue.fromS(key.owner().projectId()));
        item.put("userId", AttributeValue.fromS(key.owner().userId()));
        item.put("status", AttributeValue.fromS(key.status().name()));
        item.put("createdAt", AttributeValue.fromS(key.createdAt().toString()));
        key.expiresAt().ifPresent(at -> item.put("expiresAt", AttributeValue.fromS(at.toString())));
        if (!key.allowedModels().isEmpty()) {
            item.put("allowedModels", AttributeValue.fromSs(List.copyOf(key.allowedModels())));
        }
        return item;
    }

    static ApiKeyRecord fromItem(Map<String, AttributeValue> item) {
        String keyId = item.get("keyId").s();
        Principal owner = new Principal(
                item.get("tenantId").s(),
                item.get("departmentId").s(),
                item.get("projectId").s(),
                item.get("userId").s(),
                keyId);
        AttributeValue models = item.get("allowedModels");
        return new ApiKeyRecord(
                item.get(HASH).s(),
                keyId,
                item.get("name").s(),
                owner,
                KeyStatus.valueOf(item.get("status").s()),
                Instant.parse(item.get("createdAt").s()),
                Optional.ofNullable(item.get("expiresAt")).map(v -> Instant.parse(v.s())),
                models == null ? Set.of() : Set.copyOf(models.ss()));
    }
}
