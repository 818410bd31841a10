package com.gaterouter.local.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client interceptor for benchmarks: asks every call for {@code ReturnConsumedCapacity=TOTAL}
 * and keeps, per call, the capacity units DynamoDB reported together with what is needed to compute
 * the units from DynamoDB's published rules (the items read, and the keys and sizes of the items
 * written). It changes nothing else about a call.
 */
final class CapacityRecorder implements ExecutionInterceptor {

    /** One successful DynamoDB call. */
    record Call(String operation, String purpose, double readUnits, double writeUnits, Map<String, Double> unitsByTable,
                double ruleReadUnits, List<Written> written, long micros) {
    }

    /** An item a call wrote: its table, key, size if the request carried the whole item, and whether transactionally. */
    record Written(String table, Map<String, AttributeValue> key, long knownSize, boolean transactional) {
    }

    private static final long UNKNOWN = -1;
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("gaterouter.bench.started");

    private final Function<String, String> tableRole;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> failures =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean recording;

    /** Calls that failed since the last {@link #takeFailures}, by operation and error (the ledger retries conflicts). */
    Map<String, Long> takeFailures() {
        Map<String, Long> out = new java.util.TreeMap<>();
        failures.forEach((k, v) -> out.put(k, v.sumThenReset()));
        out.values().removeIf(v -> v == 0);
        return out;
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (recording) {
            String error = context.exception().getClass().getSimpleName();
            if (context.exception() instanceof software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException t
                    && t.hasCancellationReasons()) {
                error += " " + t.cancellationReasons().stream().map(r -> r.code()).filter(c -> c != null && !c.equals("None"))
                        .distinct().toList();
            }
            failures.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + ": " + error,
                    k -> new java.util.concurrent.atomic.LongAdder()).increment();
        }
    }

    /** @param tableRole table name → what the gateway keeps there (api-keys, accounts, usage, spend) */
    CapacityRecorder(Function<String, String> tableRole) {
        this.tableRole = tableRole;
    }

    /** Starts a new tally (recording from now on) and returns the calls recorded since the last one. */
    List<Call> restart() {
        List<Call> drained = drain();
        recording = true;
        return drained;
    }

    /** Stops recording and returns the calls recorded since the last restart. */
    List<Call> stop() {
        recording = false;
        return drain();
    }

    private List<Call> drain() {
        List<Call> out = new ArrayList<>();
        for (Call call; (call = calls.poll()) != null; ) {
            out.add(call);
        }
        return out;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!recording) {
            return;
        }
        Long started = attributes.getAttribute(STARTED);
        long micros = started == null ? 0 : (System.nanoTime() - started) / 1000;
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Map<String, Double> byTable = new LinkedHashMap<>();
        List<Written> written = new ArrayList<>();
        double ruleRead = 0;
        boolean read = false;
        String purpose;
        switch (context.response()) {
            case GetItemResponse r -> {
                GetItemRequest q = (GetItemRequest) context.request();
                add(byTable, r.consumedCapacity());
                read = true;
                ruleRead = readUnits(r.hasItem() ? itemSize(r.item()) : 0, Boolean.TRUE.equals(q.consistentRead()));
                purpose = purpose(q.tableName(), "GetItem", false);
            }
            case QueryResponse r -> {
                QueryRequest q = (QueryRequest) context.request();
                add(byTable, r.consumedCapacity());
                read = true;
                long size = r.hasItems() ? r.items().stream().mapToLong(CapacityRecorder::itemSize).sum() : 0;
                ruleRead = readUnits(size, Boolean.TRUE.equals(q.consistentRead()));
                purpose = purpose(q.tableName(), "Query", false);
            }
            case BatchGetItemResponse r -> {
                BatchGetItemRequest q = (BatchGetItemRequest) context.request();
                if (r.hasConsumedCapacity()) {
                    r.consumedCapacity().forEach(c -> add(byTable, c));
                }
                read = true;
                String table = q.requestItems().keySet().iterator().next();
                for (Map.Entry<String, KeysAndAttributes> e : q.requestItems().entrySet()) {
                    boolean consistent = Boolean.TRUE.equals(e.getValue().consistentRead());
                    List<Map<String, AttributeValue>> found = r.responses().getOrDefault(e.getKey(), List.of());
                    // each key is charged as its own GetItem, a missing one at the minimum
                    for (Map<String, AttributeValue> item : found) {
                        ruleRead += readUnits(itemSize(item), consistent);
                    }
                    int missing = e.getValue().keys().size() - found.size();
                    ruleRead += missing * readUnits(0, consistent);
                }
                purpose = purpose(table, "BatchGetItem", false);
            }
            case PutItemResponse r -> {
                PutItemRequest q = (PutItemRequest) context.request();
                add(byTable, r.consumedCapacity());
                written.add(new Written(q.tableName(), Map.of(), itemSize(q.item()), false));
                purpose = purpose(q.tableName(), "PutItem", false);
            }
            case UpdateItemResponse r -> {
                UpdateItemRequest q = (UpdateItemRequest) context.request();
                add(byTable, r.consumedCapacity());
                written.add(new Written(q.tableName(), q.key(), UNKNOWN, false));
                purpose = spendUpdate(q).orElseGet(() -> purpose(q.tableName(), "UpdateItem", q.conditionExpression() != null));
            }
            case DeleteItemResponse r -> {
                DeleteItemRequest q = (DeleteItemRequest) context.request();
                add(byTable, r.consumedCapacity());
                written.add(new Written(q.tableName(), q.key(), UNKNOWN, false));
                purpose = purpose(q.tableName(), "DeleteItem", false);
            }
            case BatchWriteItemResponse r -> {
                BatchWriteItemRequest q = (BatchWriteItemRequest) context.request();
                if (r.hasConsumedCapacity()) {
                    r.consumedCapacity().forEach(c -> add(byTable, c));
                }
                q.requestItems().forEach((table, requests) -> requests.forEach(w -> written.add(w.putRequest() != null
                        ? new Written(table, Map.of(), itemSize(w.putRequest().item()), false)
                        : new Written(table, w.deleteRequest().key(), UNKNOWN, false))));
                purpose = purpose(q.requestItems().keySet().iterator().next(), "BatchWriteItem", false);
            }
            case TransactWriteItemsResponse r -> {
                TransactWriteItemsRequest q = (TransactWriteItemsRequest) context.request();
                if (r.hasConsumedCapacity()) {
                    r.consumedCapacity().forEach(c -> add(byTable, c));
                }
                for (TransactWriteItem item : q.transactItems()) {
                    if (item.put() != null) {
                        written.add(new Written(item.put().tableName(), Map.of(), itemSize(item.put().item()), true));
                    } else if (item.update() != null) {
                        written.add(new Written(item.update().tableName(), item.update().key(), UNKNOWN, true));
                    } else if (item.delete() != null) {
                        written.add(new Written(item.delete().tableName(), item.delete().key(), UNKNOWN, true));
                    }
                }
                purpose = "usage records (journal applier)";
            }
            default -> {
                return;
            }
        }
        double total = byTable.values().stream().mapToDouble(Double::doubleValue).sum();
        calls.add(new Call(operation, purpose, read ? total : 0, read ? 0 : total, byTable, ruleRead, written, micros));
    }

    /**
     * A spend-table update, by what it writes: an allowance lease taken or given back (its {@code lease#} attribute),
     * a counter or lease tally moved by usage (a {@code hw#} high-water mark), the marks' pruning.
     */
    private java.util.Optional<String> spendUpdate(UpdateItemRequest q) {
        if (!"spend".equals(tableRole.apply(q.tableName())) || !q.hasExpressionAttributeNames()) {
            return java.util.Optional.empty();
        }
        var names = q.expressionAttributeNames().values();
        if (names.stream().anyMatch(n -> n.startsWith("hw#"))) {
            return java.util.Optional.of(q.updateExpression().startsWith("REMOVE") ? "counters: mark pruning" : "counters (stream/journal batch)");
        }
        if (names.stream().anyMatch(n -> n.startsWith("lease#"))) {
            return java.util.Optional.of(q.updateExpression().contains("REMOVE") ? "allowance lease release" : "allowance lease");
        }
        return java.util.Optional.empty();
    }

    /** What a call is for, from its table and shape. */
    private String purpose(String table, String operation, boolean conditional) {
        String role = tableRole.apply(table);
        return switch (role) {
            case "api-keys" -> "auth: key lookup";
            case "accounts" -> operation.endsWith("Item") && !operation.startsWith("Get") && !operation.startsWith("Batch")
                    ? "auth: key lastUsedAt" : "auth: scopes and budgets";
            case "spend" -> operation.equals("UpdateItem") ? "spend update" : "counter read";
            case "usage" -> "usage record";
            default -> role + " " + operation;
        };
    }

    private static void add(Map<String, Double> byTable, ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            byTable.merge(capacity.tableName() == null ? "?" : capacity.tableName(), capacity.capacityUnits(), Double::sum);
        }
    }

    /** DynamoDB's rule: 1 RCU per 4 KB (rounded up, at least one) strongly consistent, half that eventually consistent. */
    static double readUnits(long bytes, boolean consistent) {
        long units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2.0;
    }

    /** DynamoDB's rule: 1 WCU per 1 KB (rounded up, at least one); twice that inside a transaction. */
    static double writeUnits(long bytes, boolean transactional) {
        long units = Math.max(1, (bytes + 1023) / 1024);
        return transactional ? 2 * units : units;
    }

    /** An item's size as DynamoDB counts it: attribute names plus values. */
    static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    private static long valueSize(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return numberSize(v.n());
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(CapacityRecorder::utf8).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(CapacityRecorder::numberSize).sum();
        }
        if (v.hasBs()) {
            return v.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(x -> 1 + valueSize(x)).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().entrySet().stream().mapToLong(x -> 1 + utf8(x.getKey()) + valueSize(x.getValue())).sum();
        }
        return 1;
    }

    /** About one byte per two significant digits, plus one. */
    private static long numberSize(String n) {
        String digits = n.replace("-", "").replace(".", "").replaceAll("^0+", "").replaceAll("0+$", "");
        return (digits.length() + 1) / 2 + 1;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
