package com.gaterouter.common.spend.dynamodb;

import com.gaterouter.common.spend.AllowanceLedger;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * {@link AllowanceLedger} on the Spend table's counter items ({@link SpendKeys}):
 *
 * <pre>
 * cUsd / cTok / cReq      committed per measure: released consumption + every lease out (only this class writes them)
 * sUsd / sTok / req       settled per measure (the counter sink writes them; read here to seed cUsd … and to size refusals)
 * lease#&lt;leaseId&gt; = {m: measure, amt: amount, exp: expiry epoch ms}   one attribute per lease out
 * </pre>
 *
 * <ul>
 * <li>lease: one {@code UpdateItem}: {@code SET #c = if_not_exists(#c, if_not_exists(#s, :zero)) + :want, #lease = :lease,
 *     expiresAt = :ttl} on condition {@code (attribute_not_exists(#c) AND (attribute_not_exists(#s) OR #s <= :max…))
 *     OR #c <= :max…} for every limit ({@code :max = limit − want}, computed here). A counter's first lease seeds the
 *     committed amount from the settled one in the same write, so a limit added mid-month (or a counter the old
 *     per-request settle filled) starts from the month's spend. A refusal reads the old item from the failed
 *     condition ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}), so the room left comes with it at no extra call.</li>
 * <li>release: {@code ADD #c :delta REMOVE #lease} on {@code attribute_exists(#lease)}, {@code :delta = consumed − amount}:
 *     a second release fails the condition and changes nothing.</li>
 * <li>reclaim (a crashed instance's expired leases): the consumption comes from the lease's tally item
 *     ({@link SpendKeys#leaseTallyKey}, written by the counter sink; absent = 0); minute leases at their full amount.</li>
 * </ul>
 *
 * <p>Each lease is a top-level attribute rather than an entry of a {@code leases} map: {@code SET leases.#id} fails
 * on an item that has no map yet, and creating the map in the same expression is an overlapping path, so a map
 * would cost a second write on a counter's first lease. An item holds at most a few leases per instance
 * (one per measure, plus ones being drained), far below the 400 KB item limit.
 */
public final class DynamoDbAllowanceLedger implements AllowanceLedger {

    public static final String LEASE_PREFIX = "lease#";
    static final String MEASURE = "m";
    static final String AMOUNT = "amt";
    static final String EXPIRES = "exp";
    private static final int MAX_LEASE_ID = 128;
    private static final int CONFLICT_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String spendTable;

    public DynamoDbAllowanceLedger(DynamoDbClient dynamo, String spendTable) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.spendTable = Objects.requireNonNull(spendTable, "spendTable");
    }

    /** The attribute holding the committed amount of {@code measure}: {@code cUsd}, {@code cTok}, {@code cReq}. */
    public static String committedAttribute(Measure measure) {
        return switch (measure) {
            case USD_MICROS -> SpendKeys.COMMITTED_USD;
            case TOKENS -> SpendKeys.COMMITTED_TOKENS;
            case REQUESTS -> SpendKeys.COMMITTED_REQUESTS;
        };
    }

    /** The attribute holding the settled amount of {@code measure}: {@code sUsd}, {@code sTok}, {@code req}. */
    public static String settledAttribute(Measure measure) {
        return switch (measure) {
            case USD_MICROS -> SpendKeys.SETTLED_USD;
            case TOKENS -> SpendKeys.SETTLED_TOKENS;
            case REQUESTS -> SpendKeys.REQUESTS;
        };
    }

    @Override
    public LeaseResult lease(List<CounterLimit> limits, long want, Instant expiresAt, String leaseId) {
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("a lease needs at least one limit");
        }
        Counter counter = limits.getFirst().counter();
        Measure measure = limits.getFirst().measure();
        for (CounterLimit limit : limits) {
            if (!limit.counter().equals(counter) || limit.measure() != measure) {
                throw new IllegalArgumentException("a lease is on one counter and one measure: " + limits);
            }
        }
        if (want <= 0) {
            throw new IllegalArgumentException("a lease holds a positive amount");
        }
        checkLeaseId(leaseId);
        long tightest = limits.stream().mapToLong(CounterLimit::limit).min().orElseThrow();
        String committed = committedAttribute(measure);
        String settled = settledAttribute(measure);
        if (want > tightest) {
            // no state of the counter has room: report the room without writing
            return new Refused(room(tightest, committedNow(counter, measure)));
        }
        Map<String, String> names = Map.of("#c", committed, "#s", settled, "#l", LEASE_PREFIX + leaseId,
                "#t", SpendKeys.EXPIRES_AT);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":want", number(want));
        values.put(":zero", number(0));
        values.put(":lease", AttributeValue.fromM(Map.of(MEASURE, AttributeValue.fromS(measure.name()),
                AMOUNT, number(want), EXPIRES, number(expiresAt.toEpochMilli()))));
        values.put(":ttl", number(SpendKeys.expiresAt(counter.window())));
        List<String> onCommitted = new ArrayList<>();
        List<String> onSettled = new ArrayList<>();
        for (int i = 0; i < limits.size(); i++) {
            values.put(":max" + i, number(limits.get(i).limit() - want));
            onCommitted.add("#c <= :max" + i);
            onSettled.add("#s <= :max" + i);
        }
        String condition = "(attribute_not_exists(#c) AND (attribute_not_exists(#s) OR (" + String.join(" AND ", onSettled)
                + "))) OR (" + String.join(" AND ", onCommitted) + ")";
        try {
            var response = retryingConflicts(() -> dynamo.updateItem(b -> b.tableName(spendTable)
                    .key(SpendKeys.key(counter))
                    .updateExpression("SET #c = if_not_exists(#c, if_not_exists(#s, :zero)) + :want, #l = :lease, #t = :ttl")
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            long after = number(response.attributes(), committed);
            return new Granted(new Lease(leaseId, counter, measure, want, expiresAt), after);
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> old = refused.hasItem() ? refused.item() : null;
            return new Refused(room(tightest, old == null ? committedNow(counter, measure) : committedIn(old, measure)));
        }
    }

    @Override
    public Release release(Lease lease, long consumed) {
        if (consumed < 0) {
            throw new IllegalArgumentException("consumed is not negative");
        }
        return remove(lease.counter(), lease.id(), lease.measure(), consumed - lease.amount());
    }

    @Override
    public List<Reclaimed> reclaimExpired(Counter counter, Instant expiredBy) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(spendTable).key(SpendKeys.key(counter))
                .consistentRead(true)).item();
        List<Reclaimed> reclaimed = new ArrayList<>();
        if (item == null) {
            return reclaimed;
        }
        for (var attribute : item.entrySet()) {
            if (!attribute.getKey().startsWith(LEASE_PREFIX) || attribute.getValue().m() == null) {
                continue;
            }
            Map<String, AttributeValue> lease = attribute.getValue().m();
            if (number(lease, EXPIRES) > expiredBy.toEpochMilli()) {
                continue;
            }
            String leaseId = attribute.getKey().substring(LEASE_PREFIX.length());
            Measure measure = Measure.valueOf(lease.get(MEASURE).s());
            long amount = number(lease, AMOUNT);
            long consumed = counter.window() instanceof Window.Minute ? amount : tallied(leaseId, measure);
            if (remove(counter, leaseId, measure, consumed - amount) == Release.RELEASED) {
                reclaimed.add(new Reclaimed(leaseId, measure, amount, consumed));
            }
        }
        return reclaimed;
    }

    @Override
    public boolean extend(Lease lease, Instant expiresAt) {
        try {
            retryingConflicts(() -> dynamo.updateItem(b -> b.tableName(spendTable)
                    .key(SpendKeys.key(lease.counter()))
                    .updateExpression("SET #l.#e = :e")
                    .conditionExpression("attribute_exists(#l)")
                    .expressionAttributeNames(Map.of("#l", LEASE_PREFIX + lease.id(), "#e", EXPIRES))
                    .expressionAttributeValues(Map.of(":e", number(expiresAt.toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    @Override
    public long committed(Counter counter, Measure measure) {
        return committedNow(counter, measure);
    }

    /** What the usage records naming lease {@code leaseId} consumed of {@code measure}, as the counter sink tallied it. */
    private long tallied(String leaseId, Measure measure) {
        String attribute = settledAttribute(measure);
        return number(dynamo.getItem(b -> b.tableName(spendTable).key(SpendKeys.leaseTallyKey(leaseId)).consistentRead(true)
                .projectionExpression("#a").expressionAttributeNames(Map.of("#a", attribute))).item(), attribute);
    }

    private Release remove(Counter counter, String leaseId, Measure measure, long delta) {
        try {
            retryingConflicts(() -> dynamo.updateItem(b -> b.tableName(spendTable)
                    .key(SpendKeys.key(counter))
                    .updateExpression("ADD #c :delta REMOVE #l")
                    .conditionExpression("attribute_exists(#l)")
                    .expressionAttributeNames(Map.of("#c", committedAttribute(measure), "#l", LEASE_PREFIX + leaseId))
                    .expressionAttributeValues(Map.of(":delta", number(delta)))));
            return Release.RELEASED;
        } catch (ConditionalCheckFailedException gone) {
            return Release.ALREADY_RELEASED;
        }
    }

    private long committedNow(Counter counter, Measure measure) {
        return committedIn(dynamo.getItem(b -> b.tableName(spendTable).key(SpendKeys.key(counter)).consistentRead(true)
                .projectionExpression("#c, #s").expressionAttributeNames(Map.of("#c", committedAttribute(measure),
                        "#s", settledAttribute(measure)))).item(), measure);
    }

    /** The committed amount an item holds: its committed attribute, or before the first lease its settled one. */
    private static long committedIn(Map<String, AttributeValue> item, Measure measure) {
        String committed = committedAttribute(measure);
        return item != null && item.containsKey(committed) ? number(item, committed) : number(item, settledAttribute(measure));
    }

    /**
     * Runs a write again when it collided with a transaction in progress on the same item (a collision applied
     * nothing).
     */
    private static <T> T retryingConflicts(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransactionConflictException conflict) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw conflict;
                }
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(200, 5L << Math.min(attempt - 1, 6)) + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    private static long room(long limit, long committed) {
        return Math.max(0, limit - committed);
    }

    private static void checkLeaseId(String leaseId) {
        Objects.requireNonNull(leaseId, "leaseId");
        if (leaseId.isEmpty() || leaseId.length() > MAX_LEASE_ID) {
            throw new IllegalArgumentException("a lease id has 1 to " + MAX_LEASE_ID + " characters");
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item == null ? null : item.get(attribute);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
