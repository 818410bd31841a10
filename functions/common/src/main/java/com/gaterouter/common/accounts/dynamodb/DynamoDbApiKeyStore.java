package com.gaterouter.common.accounts.dynamodb;

import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ApiKeyStore;
import com.gaterouter.common.accounts.KeyStatus;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ModelPolicy;
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

    /** The ApiKeys item of one secret; optional fields are absent when empty. */
    public static Map<String, AttributeValue> toItem(ApiKeyRecord key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(HASH, AttributeValue.fromS(key.keyHash()));
        item.put("keyId", AttributeValue.fromS(key.keyId()));
        item.put("name", AttributeValue.fromS(key.name()));
        item.put("type", AttributeValue.fromS(key.type().name()));
        item.put("tenantId", AttributeValue.fromS(key.tenantId()));
        item.put("userId", AttributeValue.fromS(key.userId()));
        key.departmentId().ifPresent(d -> item.put("departmentId", AttributeValue.fromS(d)));
        key.projectId().ifPresent(p -> item.put("projectId", AttributeValue.fromS(p)));
        item.put("status", AttributeValue.fromS(key.status().name()));
        item.put("createdAt", AttributeValue.fromS(key.createdAt().toString()));
        key.expiresAt().ifPresent(at -> item.put("expiresAt", AttributeValue.fromS(at.toString())));
        key.graceUntil().ifPresent(at -> item.put("graceUntil", AttributeValue.fromS(at.toString())));
        if (!key.models().allow().isEmpty()) {
            item.put("allowedModels", AttributeValue.fromSs(List.copyOf(key.models().allow())));
        }
        if (!key.models().deny().isEmpty()) {
            item.put("deniedModels", AttributeValue.fromSs(List.copyOf(key.models().deny())));
        }
        return item;
    }

    public static ApiKeyRecord fromItem(Map<String, AttributeValue> item) {
        AttributeValue type = item.get("type");
        return new ApiKeyRecord(
                item.get(HASH).s(),
                item.get("keyId").s(),
                item.get("name").s(),
                // items written before key types existed are app keys
                type == null ? KeyType.APP : KeyType.valueOf(type.s()),
                item.get("tenantId").s(),
                item.get("userId").s(),
                optionalS(item, "departmentId"),
                optionalS(item, "projectId"),
                KeyStatus.valueOf(item.get("status").s()),
                Instant.parse(item.get("createdAt").s()),
                optionalS(item, "expiresAt").map(Instant::parse),
                optionalS(item, "graceUntil").map(Instant::parse),
                new ModelPolicy(stringSet(item, "allowedModels"), stringSet(item, "deniedModels")));
    }

    private static Optional<String> optionalS(Map<String, AttributeValue> item, String name) {
        return Optional.ofNullable(item.get(name)).map(AttributeValue::s);
    }

    private static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }
}
