package com.gaterouter.common.usage.dynamodb;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.usage.FailedAttempt;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.UsageStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Usage table adapter: one conditional PutItem per request (first write wins, retries are no-ops). */
public final class DynamoDbUsageStore implements UsageStore {

    /** The condition that makes a usage write happen once per request id (the key derives from the record). */
    public static final String WRITE_ONCE = "attribute_not_exists(pk)";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Duration retention;

    public DynamoDbUsageStore(DynamoDbClient dynamo, String tableName, Duration retention) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.retention = retention;
    }

    @Override
    public WriteOutcome record(UsageRecord usage) {
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(toItem(usage, retention))
                    .conditionExpression(WRITE_ONCE)
                    .build());
            return new Written();
        } catch (ConditionalCheckFailedException alreadyThere) {
            return new AlreadyRecorded();
        }
    }

    /** Reads the 16 shards in parallel (one virtual thread each): a day costs one query's latency, not sixteen. */
    @Override
    public List<UsageRecord> findByTenantAndDay(String tenantId, LocalDate day) {
        List<Future<List<UsageRecord>>> shards = new ArrayList<>(UsageKeys.SHARDS);
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int shard = 0; shard < UsageKeys.SHARDS; shard++) {
                String pk = UsageKeys.partitionKey(tenantId, day, shard);
                shards.add(readers.submit(() -> readShard(pk)));
            }
        }
        // shard by shard, each in sort-key order: the same stored records always come back in the same order
        List<UsageRecord> records = new ArrayList<>();
        for (Future<List<UsageRecord>> shard : shards) {
            records.addAll(resultOf(shard));
        }
        return records;
    }

    private List<UsageRecord> readShard(String pk) {
        QueryRequest query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .build();
        List<UsageRecord> records = new ArrayList<>();
        dynamo.queryPaginator(query).items().forEach(item -> records.add(fromItem(item)));
        return records;
    }

    /** A finished shard read's records, or its failure as thrown by the client. */
    private static List<UsageRecord> resultOf(Future<List<UsageRecord>> shard) {
        try {
            return shard.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("usage shard read failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading usage", e);
        }
    }

    /**
     * The usage table item of a record, keys included ({@link UsageKeys}); {@code expiresAt} is
     * {@code occurredAt + retention}. Shared with the spend ledger, which writes the same item in its
     * settlement transaction.
     */
    public static Map<String, AttributeValue> toItem(UsageRecord u, Duration retention) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(UsageKeys.partitionKey(u.principal().tenantId(), u.occurredAt(), u.requestId())));
        item.put("sk", s(UsageKeys.sortKey(u.occurredAt(), u.requestId())));
        item.put("requestId", s(u.requestId()));
        item.put("tenantId", s(u.principal().tenantId()));
        item.put("departmentId", s(u.principal().departmentId()));
        item.put("projectId", s(u.principal().projectId()));
        item.put("userId", s(u.principal().userId()));
        item.put("keyId", s(u.principal().keyId()));
        item.put("requestedModel", s(u.requestedModel()));
        item.put("servedModel", s(u.servedModel()));
        item.put("vendor", s(u.vendor()));
        item.put("attempts", n(u.attempts()));
        item.put("promptTokens", n(u.tokens().promptTokens()));
        item.put("cachedPromptTokens", n(u.tokens().cachedPromptTokens()));
        item.put("cacheWriteTokens", n(u.tokens().cacheWriteTokens()));
        item.put("completionTokens", n(u.tokens().completionTokens()));
        item.put("reasoningTokens", n(u.tokens().reasoningTokens()));
        item.put("costMicros", n(u.costMicros()));
        if (u.listCostMicros() != u.costMicros() || u.pricingVersion() != 0) {
            // only when a price table priced it: a list-price record reads its cost as its list cost
            item.put("listCostMicros", n(u.listCostMicros()));
            item.put("pricingVersion", n(u.pricingVersion()));
        }
        item.put("latencyMs", n(u.latencyMillis()));
        item.put("ttftMs", n(u.ttftMillis()));
        item.put("status", s(u.status().name()));
        item.put("httpStatus", n(u.httpStatus()));
        item.put("stream", AttributeValue.fromBool(u.stream()));
        item.put("occurredAt", s(u.occurredAt().toString()));
        item.put("expiresAt", n(u.occurredAt().plus(retention).getEpochSecond()));
        // absent rather than empty: most requests have neither, and every byte counts in write units
        u.route().ifPresent(route -> {
            item.put("tier", s(route.tier()));
            item.put("routeScore", AttributeValue.fromN(Double.toString(route.score())));
            if (!route.reasons().isEmpty()) {
                item.put("routeReasons", s(String.join(",", route.reasons())));
            }
            item.put("routeShadow", AttributeValue.fromBool(route.shadow()));
            item.put("routedModel", s(route.routedModel()));
            item.put("referenceModel", s(route.referenceModel()));
            item.put("routedCostMicros", n(route.routedCostMicros()));
            item.put("referenceCostMicros", n(route.referenceCostMicros()));
        });
        if (!u.failedAttempts().isEmpty()) {
            item.put("failedAttempts", AttributeValue.fromL(u.failedAttempts().stream().map(DynamoDbUsageStore::failedAttempt).toList()));
        }
        if (!u.leases().isEmpty()) {
            item.put("leases", AttributeValue.fromL(u.leases().stream().map(DynamoDbUsageStore::s).toList()));
        }
        if (!u.api().isEmpty()) {
            item.put("api", s(u.api()));
        }
        return item;
    }

    /** One failed attempt as a map: {@code attempt, modelId, vendor, kind, httpStatus} (when the vendor gave one), {@code latencyMs}. */
    private static AttributeValue failedAttempt(FailedAttempt f) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("attempt", n(f.attempt()));
        m.put("modelId", s(f.modelId()));
        m.put("vendor", s(f.vendor()));
        m.put("kind", s(f.failureKind()));
        f.httpStatus().ifPresent(status -> m.put("httpStatus", n(status)));
        m.put("latencyMs", n(f.latencyMillis()));
        return AttributeValue.fromM(m);
    }

    private static FailedAttempt failedAttempt(AttributeValue value) {
        Map<String, AttributeValue> m = value.m();
        AttributeValue status = m.get("httpStatus");
        return new FailedAttempt((int) num(m, "attempt"), m.get("modelId").s(), m.get("vendor").s(), m.get("kind").s(),
                status == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(status.n())), num(m, "latencyMs"));
    }

    /** The record a usage table item holds (the inverse of {@link #toItem}). */
    public static UsageRecord fromItem(Map<String, AttributeValue> item) {
        return new UsageRecord(
                item.get("requestId").s(),
                new Principal(item.get("tenantId").s(), item.get("departmentId").s(), item.get("projectId").s(),
                        item.get("userId").s(), item.get("keyId").s()),
                item.get("requestedModel").s(),
                item.get("servedModel").s(),
                item.get("vendor").s(),
                (int) num(item, "attempts"),
                new TokenUsage(num(item, "promptTokens"), num(item, "cachedPromptTokens"), num(item, "cacheWriteTokens"),
                        num(item, "completionTokens"), num(item, "reasoningTokens")),
                num(item, "costMicros"),
                num(item, "latencyMs"),
                num(item, "ttftMs"),
                UsageStatus.valueOf(item.get("status").s()),
                (int) num(item, "httpStatus"),
                item.get("stream").bool(),
                Instant.parse(item.get("occurredAt").s()),
                item.containsKey("tier") ? Optional.of(route(item)) : Optional.empty(),
                item.containsKey("failedAttempts")
                        ? item.get("failedAttempts").l().stream().map(DynamoDbUsageStore::failedAttempt).toList()
                        : List.of(),
                item.containsKey("leases") ? item.get("leases").l().stream().map(AttributeValue::s).toList() : List.of(),
                item.containsKey("api") ? item.get("api").s() : "",
                item.containsKey("listCostMicros") ? num(item, "listCostMicros") : num(item, "costMicros"),
                item.containsKey("pricingVersion") ? num(item, "pricingVersion") : 0);
    }

    private static RouteDecision route(Map<String, AttributeValue> item) {
        AttributeValue reasons = item.get("routeReasons");
        return new RouteDecision(item.get("tier").s(), Double.parseDouble(item.get("routeScore").n()),
                reasons == null ? List.of() : List.of(reasons.s().split(",")), item.get("routeShadow").bool(),
                item.get("routedModel").s(), item.get("referenceModel").s(), num(item, "routedCostMicros"),
                num(item, "referenceCostMicros"));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? 0 : Long.parseLong(v.n());
    }

}
