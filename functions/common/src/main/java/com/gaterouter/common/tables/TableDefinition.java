package com.gaterouter.common.tables;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A table as template.yaml defines it: what is needed to create the same table elsewhere
 * (DynamoDB Local, an emulator).
 *
 * @param tableName the template's TableName with parameters substituted
 * @param keySchema attribute name → HASH or RANGE, in template order
 * @param attributeTypes attribute name → S, N or B
 */
public record TableDefinition(
        String logicalId,
        String tableName,
        Map<String, String> keySchema,
        Map<String, String> attributeTypes,
        List<Index> globalSecondaryIndexes,
        Optional<String> ttlAttribute) {

    public record Index(String name, Map<String, String> keySchema, String projectionType) {
    }

    public TableDefinition {
        keySchema = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keySchema));
        attributeTypes = Map.copyOf(attributeTypes);
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
    }

    public String partitionKey() {
        return keyOfType("HASH").orElseThrow();
    }

    public Optional<String> sortKey() {
        return keyOfType("RANGE");
    }

    private Optional<String> keyOfType(String type) {
        return keySchema.entrySet().stream().filter(e -> e.getValue().equals(type)).map(Map.Entry::getKey).findFirst();
    }

    public CreateTableRequest toCreateTableRequest(String nameOverride) {
        return CreateTableRequest.builder()
                .tableName(nameOverride)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributeTypes.entrySet().stream()
                        .map(e -> AttributeDefinition.builder()
                                .attributeName(e.getKey())
                                .attributeType(ScalarAttributeType.fromValue(e.getValue()))
                                .build())
                        .toList())
                .keySchema(keyElements(keySchema))
                .globalSecondaryIndexes(globalSecondaryIndexes.isEmpty() ? null : globalSecondaryIndexes.stream()
                        .map(i -> GlobalSecondaryIndex.builder()
                                .indexName(i.name())
                                .keySchema(keyElements(i.keySchema()))
                                .projection(Projection.builder().projectionType(ProjectionType.fromValue(i.projectionType())).build())
                                .build())
                        .toList())
                .build();
    }

    private static List<KeySchemaElement> keyElements(Map<String, String> schema) {
        return schema.entrySet().stream()
                .map(e -> KeySchemaElement.builder().attributeName(e.getKey()).keyType(KeyType.fromValue(e.getValue())).build())
                .toList();
    }
}
