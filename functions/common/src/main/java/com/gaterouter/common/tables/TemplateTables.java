package com.gaterouter.common.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * Reads the DynamoDB tables out of template.yaml, so the local gateway and the tests create
 * exactly the tables that are deployed. The template is bundled into this module's jar as
 * {@value #RESOURCE} at build time (see functions/common/pom.xml).
 *
 * <p>Needs jackson-dataformat-yaml, an optional dependency: only the local gateway and tests
 * carry it. CloudFormation's short tags ({@code !Sub}, {@code !Ref}) reach us as plain scalars;
 * table names use {@code !Sub "...${Stage}..."}, which {@link #read} resolves with the given stage.
 */
public final class TemplateTables {

    public static final String RESOURCE = "gaterouter/template.yaml";

    private TemplateTables() {
    }

    /** The tables of the template bundled on the class path. */
    public static Map<String, TableDefinition> bundled(String stage) {
        try (InputStream in = TemplateTables.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path; build with ./mvnw package");
            }
            return read(in, stage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tables by logical id, in template order. */
    public static Map<String, TableDefinition> read(InputStream template, String stage) throws IOException {
        JsonNode resources = new ObjectMapper(new YAMLFactory()).readTree(template).path("Resources");
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        for (var entry : resources.properties()) {
            JsonNode resource = entry.getValue();
            if (!"AWS::DynamoDB::Table".equals(resource.path("Type").asText())) {
                continue;
            }
            JsonNode p = resource.path("Properties");
            String name = p.path("TableName").asText(entry.getKey()).replace("${Stage}", stage);
            JsonNode ttl = p.path("TimeToLiveSpecification");
            tables.put(entry.getKey(), new TableDefinition(
                    entry.getKey(),
                    name,
                    keySchema(p.path("KeySchema")),
                    attributeTypes(p.path("AttributeDefinitions")),
                    indexes(p.path("GlobalSecondaryIndexes")),
                    ttl.path("Enabled").asBoolean(false) ? Optional.of(ttl.path("AttributeName").asText()) : Optional.empty()));
        }
        return tables;
    }

    /** The name of every {@link GatewayTable} as the template names it (no table is created). */
    public static Map<GatewayTable, String> names(Map<String, TableDefinition> tables) {
        Map<GatewayTable, String> names = new LinkedHashMap<>();
        for (GatewayTable table : GatewayTable.values()) {
            names.put(table, definition(tables, table).tableName());
        }
        return names;
    }

    /**
     * Creates every template table (named as the template names it) if it is not
     * there yet, with its TTL setting, and returns the table names by {@link GatewayTable}.
     */
    public static Map<GatewayTable, String> createAll(DynamoDbClient dynamo, Map<String, TableDefinition> tables) {
        for (GatewayTable table : GatewayTable.values()) {
            create(dynamo, definition(tables, table));
        }
        return names(tables);
    }

    /**
     * As {@link #createAll(DynamoDbClient, Map)}, the tables side by side on {@code executor} (the
     * local gateway's start-up); returns when every table exists, or throws the first failure.
     */
    public static Map<GatewayTable, String> createAll(DynamoDbClient dynamo, Map<String, TableDefinition> tables,
                                                     ExecutorService executor) {
        return createAll(dynamo, tables, executor, EnumSet.allOf(GatewayTable.class));
    }

    /** As {@link #createAll(DynamoDbClient, Map, ExecutorService)}, creating only the tables in {@code only}. */
    public static Map<GatewayTable, String> createAll(DynamoDbClient dynamo, Map<String, TableDefinition> tables,
                                                     ExecutorService executor, Set<GatewayTable> only) {
        List<Future<?>> creations = new ArrayList<>();
        for (GatewayTable table : only) {
            TableDefinition definition = definition(tables, table);
            creations.add(executor.submit(() -> create(dynamo, definition)));
        }
        RuntimeException failure = null;
        for (Future<?> creation : creations) {
            try {
                creation.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException("creating a table failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating the tables", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return names(tables);
    }

    private static TableDefinition definition(Map<String, TableDefinition> tables, GatewayTable table) {
        TableDefinition definition = tables.get(table.logicalId());
        if (definition == null) {
            throw new IllegalStateException("template.yaml has no table " + table.logicalId());
        }
        return definition;
    }

    private static void create(DynamoDbClient dynamo, TableDefinition definition) {
        try {
            dynamo.createTable(definition.toCreateTableRequest(definition.tableName()));
            definition.ttlAttribute().ifPresent(attribute -> dynamo.updateTimeToLive(UpdateTimeToLiveRequest.builder()
                    .tableName(definition.tableName())
                    .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(attribute).enabled(true).build())
                    .build()));
        } catch (ResourceInUseException alreadyThere) {
            // persisted data dir from an earlier run: the table exists, keep its data
        }
    }

    private static Map<String, String> keySchema(JsonNode list) {
        Map<String, String> schema = new LinkedHashMap<>();
        list.forEach(k -> schema.put(k.path("AttributeName").asText(), k.path("KeyType").asText()));
        return schema;
    }

    private static Map<String, String> attributeTypes(JsonNode list) {
        Map<String, String> types = new LinkedHashMap<>();
        list.forEach(a -> types.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
        return types;
    }

    private static List<TableDefinition.Index> indexes(JsonNode list) {
        List<TableDefinition.Index> indexes = new ArrayList<>();
        list.forEach(i -> indexes.add(new TableDefinition.Index(
                i.path("IndexName").asText(),
                keySchema(i.path("KeySchema")),
                i.path("Projection").path("ProjectionType").asText("ALL"))));
        return indexes;
    }
}
