package com.gaterouter.admin.reconciliation.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.reconciliation.Reconciliation;
import com.gaterouter.admin.reconciliation.ReconciliationJson;
import com.gaterouter.admin.reconciliation.ReconciliationStore;
import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.dynamodb.AccountItems;
import com.gaterouter.common.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Reconciliations in the Rollups table, beside the tenant's roll-ups and alert ledger, with their
 * audit entry in the Accounts table — one {@code TransactWriteItems}, so there is no reconciliation
 * without its entry and no entry without its reconciliation.
 *
 * <ul>
 *   <li>The head: {@code pk = TENANT#t}, {@code sk = RECON#<id>} (ids sort by creation time, so a
 *       backwards query lists newest first): vendor, format, from, to, account, createdAt, createdBy
 *       and the summary's JSON, {@code parts}.
 *   <li>The body: the lines as normalized and the report's JSON, gzip-compressed and cut into parts of
 *       at most {@value #PART_BYTES} bytes, {@code sk = RECONPART#<id>#<nnn>}, so no item comes near
 *       DynamoDB's 400 KB. (An upload is at most the admin API's body limit, so one part is the rule.)
 * </ul>
 */
public final class DynamoDbReconciliationStore implements ReconciliationStore {

    static final String HEAD_PREFIX = "RECON#";
    static final String PART_PREFIX = "RECONPART#";
    /** Largest body part: well under the 400 KB item limit with its keys. */
    static final int PART_BYTES = 300_000;
    /** A transaction takes at most 100 items: the head, the audit entry and the parts. */
    private static final int MAX_PARTS = 98;

    private final DynamoDbClient dynamo;
    private final String table;
    private final String accountsTable;

    public DynamoDbReconciliationStore(DynamoDbClient dynamo, String rollupsTable, String accountsTable) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(rollupsTable, "rollupsTable");
        this.accountsTable = Objects.requireNonNull(accountsTable, "accountsTable");
    }

    @Override
    public void create(Reconciliation reconciliation, String summaryJson, AuditEntry audit) {
        Reconciliation.Head head = reconciliation.head();
        if (!audit.tenantId().equals(head.tenantId())) {
            throw new IllegalArgumentException("the audit entry belongs to tenant " + audit.tenantId() + ", not " + head.tenantId());
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("lines", ReconciliationJson.lines(reconciliation.lines()));
        body.put("report", reconciliation.reportJson());
        byte[] packed = gzip(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int parts = Math.max(1, (packed.length + PART_BYTES - 1) / PART_BYTES);
        if (parts > MAX_PARTS) {
            throw new IllegalStateException("reconciliation " + head.id() + " compresses to " + packed.length + " bytes, more than one write holds");
        }
        List<TransactWriteItem> items = new ArrayList<>();
        Map<String, AttributeValue> item = headItem(head, summaryJson);
        item.put("parts", AttributeValue.fromN(Integer.toString(parts)));
        items.add(put(table, item));
        for (int part = 0; part < parts; part++) {
            Map<String, AttributeValue> partItem = new HashMap<>();
            partItem.put("pk", s(tenantPk(head.tenantId())));
            partItem.put("sk", s(partSk(head.id(), part)));
            partItem.put("data", AttributeValue.fromB(SdkBytes.fromByteArray(
                    Arrays.copyOfRange(packed, part * PART_BYTES, Math.min(packed.length, (part + 1) * PART_BYTES)))));
            items.add(put(table, partItem));
        }
        items.add(put(accountsTable, AccountItems.toItem(audit)));
        dynamo.transactWriteItems(b -> b.transactItems(items));
    }

    @Override
    public Optional<Reconciliation> find(String tenantId, String reconciliationId) {
        Map<String, AttributeValue> head = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", s(tenantPk(tenantId)), "sk", s(HEAD_PREFIX + reconciliationId)))).item();
        if (head == null || head.isEmpty()) {
            return Optional.empty();
        }
        int parts = Integer.parseInt(head.get("parts").n());
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (int part = 0; part < parts; part++) {
            String sk = partSk(reconciliationId, part);
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of("pk", s(tenantPk(tenantId)), "sk", s(sk)))).item();
            if (item == null || item.isEmpty()) {
                throw new IllegalStateException("reconciliation " + reconciliationId + " lacks part " + part);
            }
            packed.writeBytes(item.get("data").b().asByteArray());
        }
        JsonNode body = read(new String(gunzip(packed.toByteArray()), java.nio.charset.StandardCharsets.UTF_8));
        return Optional.of(new Reconciliation(head(head), ReconciliationJson.linesFrom(body.path("lines")), body.path("report").asText()));
    }

    @Override
    public Page<Listed> list(String tenantId, PageRequest page) {
        Map<String, AttributeValue> values = Map.of(":pk", s(tenantPk(tenantId)), ":prefix", s(HEAD_PREFIX));
        QueryResponse response = dynamo.query(b -> {
            b.tableName(table).consistentRead(true).scanIndexForward(false).limit(page.limit())
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)").expressionAttributeValues(values);
            page.nextToken().ifPresent(position -> b.exclusiveStartKey(Map.of("pk", s(tenantPk(tenantId)), "sk", s(position))));
        });
        List<Listed> listed = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            listed.add(new Listed(head(item), item.get("summary").s()));
        }
        Optional<String> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(response.lastEvaluatedKey().get("sk").s()) : Optional.empty();
        return new Page<>(listed, next);
    }

    static String tenantPk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    private static String partSk(String id, int part) {
        return PART_PREFIX + id + "#" + String.format("%03d", part);
    }

    private static Map<String, AttributeValue> headItem(Reconciliation.Head head, String summaryJson) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(tenantPk(head.tenantId())));
        item.put("sk", s(HEAD_PREFIX + head.id()));
        item.put("itemType", s("RECONCILIATION"));
        item.put("tenantId", s(head.tenantId()));
        item.put("reconciliationId", s(head.id()));
        item.put("vendor", s(head.vendor()));
        item.put("format", s(head.format()));
        item.put("from", s(head.from().toString()));
        item.put("to", s(head.to().toString()));
        head.account().ifPresent(account -> item.put("account", s(account)));
        item.put("createdAt", s(head.createdAt().toString()));
        item.put("createdByKind", s(head.createdBy().kind().name()));
        item.put("createdById", s(head.createdBy().id()));
        head.createdBy().keyId().ifPresent(keyId -> item.put("createdByKeyId", s(keyId)));
        item.put("summary", s(summaryJson));
        return item;
    }

    private static Reconciliation.Head head(Map<String, AttributeValue> item) {
        return new Reconciliation.Head(item.get("tenantId").s(), item.get("reconciliationId").s(), item.get("vendor").s(),
                item.get("format").s(), LocalDate.parse(item.get("from").s()), LocalDate.parse(item.get("to").s()),
                Optional.ofNullable(item.get("account")).map(AttributeValue::s), Instant.parse(item.get("createdAt").s()),
                new Actor(Actor.Kind.valueOf(item.get("createdByKind").s()), item.get("createdById").s(),
                        Optional.ofNullable(item.get("createdByKeyId")).map(AttributeValue::s)));
    }

    private static TransactWriteItem put(String tableName, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return zip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
