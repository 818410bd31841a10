package com.gaterouter.common.alerts.dynamodb;

import com.gaterouter.common.alerts.AlertKey;
import com.gaterouter.common.alerts.AlertLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The alert ledger in the Rollups table, beside the tenant's roll-ups:
 * {@code pk = TENANT#t}, {@code sk = ALERT#scope#scopeId#period#threshold|forecast}.
 *
 * <p>Attributes: {@code alertId}, {@code state} ({@code claimed} | {@code published} | {@code superseded}),
 * {@code leaseUntil} (epoch ms), {@code claimToken}, {@code attempts}, {@code detail} (the event
 * detail of the first claim), {@code firstClaimedAt}, {@code publishedAt}, {@code supersededAt}, {@code lastError},
 * {@code expiresAt} (TTL, epoch s: two months after the period).
 *
 * <p>A claim is one conditional {@code UpdateItem}: it succeeds only where the item does not exist,
 * or is claimed and its lease has run out. DynamoDB serialises conditional writes on one item, so
 * of concurrent claimers exactly one wins.
 */
public final class DynamoDbAlertLedger implements AlertLedger {

    private static final String PK = "pk";
    private static final String SK = "sk";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbAlertLedger(DynamoDbClient dynamo, String rollupsTable) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(rollupsTable, "rollupsTable");
    }

    static String tenantPk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    @Override
    public List<Entry> entries(String tenantId) {
        QueryRequest query = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(tenantPk(tenantId)), ":prefix", s(AlertKey.LEDGER_PREFIX)))
                .build();
        List<Entry> entries = new ArrayList<>();
        dynamo.queryPaginator(query).items().forEach(item -> entries.add(entry(tenantId, item)));
        return entries;
    }

    @Override
    public Claim claim(AlertKey key, String detailJson, Instant keepUntil, Instant now, Duration lease) {
        String token = UUID.randomUUID().toString();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":claimed", s(wire(State.CLAIMED)));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":lease", n(now.plus(lease).toEpochMilli()));
        values.put(":token", s(token));
        values.put(":detail", s(detailJson));
        values.put(":alertId", s(key.alertId()));
        values.put(":at", s(now.toString()));
        values.put(":expires", n(keepUntil.getEpochSecond()));
        values.put(":one", n(1));
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table).key(key(key))
                    .updateExpression("SET #state = :claimed, leaseUntil = :lease, claimToken = :token,"
                            + " detail = if_not_exists(detail, :detail), alertId = :alertId,"
                            + " firstClaimedAt = if_not_exists(firstClaimedAt, :at), expiresAt = if_not_exists(expiresAt, :expires)"
                            + " ADD attempts :one")
                    .conditionExpression("attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return new Won(item.get("detail").s(), token, Integer.parseInt(item.get("attempts").n()));
        } catch (ConditionalCheckFailedException lost) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(key)).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                // cannot happen while nothing deletes entries before their TTL; report it as held, the next run claims it
                return new Held(now);
            }
            Entry entry = entry(key.tenantId(), item);
            return entry.state() == State.PUBLISHED ? new AlreadyPublished() : new Held(entry.leaseUntil());
        }
    }

    @Override
    public boolean supersede(AlertKey key, String detailJson, Instant keepUntil, Instant now) {
        // the same condition as a claim: only where nobody published it or holds a live lease on it
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":superseded", s(wire(State.SUPERSEDED)));
        values.put(":claimed", s(wire(State.CLAIMED)));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":detail", s(detailJson));
        values.put(":alertId", s(key.alertId()));
        values.put(":at", s(now.toString()));
        values.put(":expires", n(keepUntil.getEpochSecond()));
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(key))
                    .updateExpression("SET #state = :superseded, leaseUntil = :now, detail = if_not_exists(detail, :detail),"
                            + " alertId = :alertId, supersededAt = :at, expiresAt = if_not_exists(expiresAt, :expires)"
                            + " REMOVE claimToken")
                    .conditionExpression("attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public void markPublished(AlertKey key, String token, Instant at) {
        // not conditional on the token: whoever published, the alert is out
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(key))
                    .updateExpression("SET #state = :published, publishedAt = if_not_exists(publishedAt, :at) REMOVE lastError")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":published", s(wire(State.PUBLISHED)), ":at", s(at.toString()))));
        } catch (ConditionalCheckFailedException gone) {
            // no entry to mark (never happens before the TTL); never create a half entry
        }
    }

    @Override
    public void release(AlertKey key, String token, Instant now, String reason) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(key))
                    .updateExpression("SET leaseUntil = :past, lastError = :reason")
                    .conditionExpression("#state = :claimed AND claimToken = :token")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":past", n(now.toEpochMilli() - 1), ":reason",
                            s(reason == null || reason.isBlank() ? "unknown" : truncate(reason)),
                            ":claimed", s(wire(State.CLAIMED)), ":token", s(token))));
        } catch (ConditionalCheckFailedException takenOver) {
            // another run took the claim over (or published it): its lease stands
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= 1_000 ? reason : reason.substring(0, 1_000);
    }

    private static Entry entry(String tenantId, Map<String, AttributeValue> item) {
        AlertKey key = AlertKey.fromLedgerSortKey(tenantId, item.get(SK).s());
        State state = State.valueOf(item.get("state").s().toUpperCase(Locale.ROOT));
        AttributeValue lease = item.get("leaseUntil");
        AttributeValue attempts = item.get("attempts");
        return new Entry(key, state, lease == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(lease.n())),
                item.containsKey("detail") ? item.get("detail").s() : "{}",
                attempts == null ? 0 : Integer.parseInt(attempts.n()));
    }

    private static Map<String, AttributeValue> key(AlertKey key) {
        return Map.of(PK, s(tenantPk(key.tenantId())), SK, s(key.ledgerSortKey()));
    }

    private static String wire(State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
