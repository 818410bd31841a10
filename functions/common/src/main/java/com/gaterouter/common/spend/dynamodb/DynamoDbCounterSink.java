package com.gaterouter.common.spend.dynamodb;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterBatch;
import com.gaterouter.common.spend.CounterBatch.Contributions;
import com.gaterouter.common.spend.CounterBatch.LeaseTally;
import com.gaterouter.common.spend.CounterSink;
import com.gaterouter.common.spend.CounterSink.PartlyApplied;
import com.gaterouter.common.spend.CounterSums;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.ObjDoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link CounterSink} on the Spend table ({@link SpendKeys}). Every item it writes — a counter item, or a lease's
 * consumption tally ({@link SpendKeys#leaseTallyKey}) — takes the settled attributes {@value SpendKeys#SETTLED_USD},
 * {@value SpendKeys#SETTLED_TOKENS}, {@value SpendKeys#REQUESTS} (the names settlement wrote before issue 15, so a
 * deploy mid-month keeps the month's spend) and one high-water mark per source, {@code hw#<source>} =
 * {@code <position>@<epochSeconds>}: the position of the last record the item holds (fixed width, see
 * {@link com.gaterouter.common.spend.SourcePosition}) and when the mark was written.
 *
 * <p>Per distinct item of a batch, ONE {@code UpdateItem}, issued in parallel on virtual threads (at most
 * {@value #PARALLEL_WRITES} at once):
 * <pre>ADD sUsd :u, sTok :t, req :r SET #hw = :last@now, expiresAt = if_not_exists(expiresAt, :exp)
 * IF attribute_not_exists(#hw) OR #hw &lt; :first</pre>
 * where {@code :first} is the bare position of the item's first record in the batch. Positions of one source have
 * one width, so the comparison is decided within the position digits; a mark holding {@code :first} itself
 * ({@code :first} + {@code "@..."}) sorts after it and refuses. A refused condition returns the stored mark
 * ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}, no read): if the item holds the batch's last record it is
 * done; otherwise it takes exactly the records after the mark, conditional on the mark being unchanged
 * ({@code #hw = :seen}). That second write only happens on a redelivery that overlaps what the item holds.
 *
 * <p>Pruning: a stream shard closes after about 4 h and its records are gone 24 h after they were written, so a
 * shard's mark that was last written more than {@link #PRUNE_AFTER} ago can never refuse a record again; left
 * alone, such marks pile up on a month's counter (one per shard, ~6 a day) and push it past 1 KB, where every
 * write costs one more unit. Each write returns the old item ({@code ReturnValues=ALL_OLD}, no extra capacity);
 * when it shows stale shard marks, a follow-up {@code UpdateItem} removes them, conditional on each being
 * unchanged (a refused or failed prune is left for the next write). Marks of other sources (the local journal:
 * one per item) and marks without a time are never pruned.
 */
public final class DynamoDbCounterSink implements CounterSink {

    /** Capacity label of every counter and lease-tally write. */
    public static final String COUNT = "count";
    /** Capacity label of a write that prunes stale high-water marks. */
    public static final String PRUNE = "count-prune";
    public static final String HIGH_WATER_PREFIX = "hw#";
    /** The marks of stream shards: the only ones pruned. */
    static final String SHARD_MARK_PREFIX = HIGH_WATER_PREFIX + "shard#";
    /** A shard mark written longer ago than this is pruned: a mark stamped at T covers records written before T, which leave the stream (24 h retention) by T + 24 h; one hour of margin. */
    public static final Duration PRUNE_AFTER = Duration.ofHours(25);
    /** A lease tally lives this long after its first record (TTL): far beyond any lease's reclaim. */
    public static final Duration LEASE_TALLY_RETENTION = Duration.ofDays(2);

    /** Counter writes in flight at once: below the SDK's default connection pool (50), so none waits for a connection. */
    static final int PARALLEL_WRITES = 32;
    /** Writes per item before giving up: racing writers of the same source, or a transaction in progress. */
    private static final int ATTEMPTS = 8;
    private static final char STAMP = '@';
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCounterSink.class);

    private final DynamoDbClient dynamo;
    private final String spendTable;
    private final Optional<ObjDoubleConsumer<String>> capacity;
    private final Clock clock;

    public DynamoDbCounterSink(DynamoDbClient dynamo, String spendTable) {
        this(dynamo, spendTable, null);
    }

    /** @param capacity if not null, receives the capacity units of every write (label, units), from virtual threads */
    public DynamoDbCounterSink(DynamoDbClient dynamo, String spendTable, ObjDoubleConsumer<String> capacity) {
        this(dynamo, spendTable, capacity, Clock.systemUTC());
    }

    /** @param clock stamps the high-water marks and decides which are stale */
    public DynamoDbCounterSink(DynamoDbClient dynamo, String spendTable, ObjDoubleConsumer<String> capacity, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.spendTable = Objects.requireNonNull(spendTable, "spendTable");
        this.capacity = Optional.ofNullable(capacity);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The attribute holding an item's high-water mark for {@code source}. */
    public static String highWaterAttribute(String source) {
        return HIGH_WATER_PREFIX + source;
    }

    /** The position a stored mark holds (a mark is {@code <position>@<epochSeconds>}, or a bare position). */
    public static String positionOf(String mark) {
        int at = mark.indexOf(STAMP);
        return at < 0 ? mark : mark.substring(0, at);
    }

    /** One item the sink writes: where, until when it lives, and its name in errors. */
    private record Target(Map<String, AttributeValue> key, long expiresAt, String name) {

        static Target of(Counter counter) {
            return new Target(SpendKeys.key(counter), SpendKeys.expiresAt(counter.window()),
                    SpendKeys.partitionKey(counter) + " " + SpendKeys.sortKey(counter));
        }

        static Target ofLease(String leaseId, LeaseTally tally) {
            return new Target(SpendKeys.leaseTallyKey(leaseId),
                    tally.firstRecordAt().plus(LEASE_TALLY_RETENTION).getEpochSecond(), "lease tally " + leaseId);
        }
    }

    @Override
    public Applied apply(CounterBatch batch) {
        List<Future<Boolean>> results = new ArrayList<>(batch.counters().size() + batch.leases().size());
        List<Contributions> writes = new ArrayList<>(batch.counters().size() + batch.leases().size());
        Semaphore inFlight = new Semaphore(PARALLEL_WRITES);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Target, Contributions> targets = new LinkedHashMap<>();
            batch.counters().forEach((counter, records) -> targets.put(Target.of(counter), records));
            batch.leases().forEach((leaseId, tally) -> targets.put(Target.ofLease(leaseId, tally), tally.records()));
            for (Map.Entry<Target, Contributions> entry : targets.entrySet()) {
                writes.add(entry.getValue());
                results.add(threads.submit(() -> {
                    inFlight.acquire();
                    try {
                        return applyOne(batch.source(), entry.getKey(), entry.getValue());
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        int written = 0;
        int held = 0;
        RuntimeException failure = null;
        String firstUnapplied = null;
        for (int i = 0; i < results.size(); i++) {
            try {
                if (results.get(i).get()) {
                    written++;
                } else {
                    held++;
                }
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                String first = writes.get(i).first();
                if (firstUnapplied == null || first.compareTo(firstUnapplied) < 0) {
                    firstUnapplied = first;
                }
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted applying counters", e);
            }
        }
        if (failure != null) {
            throw new PartlyApplied(firstUnapplied, failure);
        }
        return new Applied(written, held);
    }

    /** @return whether the item took records (false: it held them all already) */
    private boolean applyOne(String source, Target target, Contributions records) {
        String seen = null;
        for (int attempt = 1; ; attempt++) {
            CounterSums sums = records.after(seen == null ? null : positionOf(seen));
            Instant now = clock.instant();
            try {
                var response = dynamo.updateItem(request(source, target, records, seen, sums, now));
                report(COUNT, response.consumedCapacity());
                pruneStale(source, target, response.hasAttributes() ? response.attributes() : Map.of(), now);
                return true;
            } catch (ConditionalCheckFailedException refused) {
                Map<String, AttributeValue> old = refused.hasItem() ? refused.item() : Map.of();
                AttributeValue mark = old.get(highWaterAttribute(source));
                if (mark == null || mark.s() == null) {
                    // a concurrent writer removed or never had the mark while the condition saw one: look again
                    seen = null;
                } else {
                    seen = mark.s();
                    if (!records.anyAfter(positionOf(seen))) {
                        return false;
                    }
                }
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException(target.name() + " kept changing under " + source + "; giving up", refused);
                }
            } catch (TransactionConflictException conflict) {
                // a transaction holds the item: nothing was written, write again
                if (attempt >= ATTEMPTS) {
                    throw conflict;
                }
            }
        }
    }

    private UpdateItemRequest request(String source, Target target, Contributions records, String seen, CounterSums sums,
            Instant now) {
        Map<String, String> names = Map.of(
                "#u", SpendKeys.SETTLED_USD, "#t", SpendKeys.SETTLED_TOKENS, "#r", SpendKeys.REQUESTS,
                "#hw", highWaterAttribute(source), "#exp", SpendKeys.EXPIRES_AT);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":u", AttributeValue.fromN(Long.toString(sums.usdMicros())),
                ":t", AttributeValue.fromN(Long.toString(sums.tokens())),
                ":r", AttributeValue.fromN(Long.toString(sums.requests())),
                ":last", AttributeValue.fromS(records.last() + STAMP + now.getEpochSecond()),
                ":exp", AttributeValue.fromN(Long.toString(target.expiresAt()))));
        String condition;
        if (seen == null) {
            condition = "attribute_not_exists(#hw) OR #hw < :first";
            values.put(":first", AttributeValue.fromS(records.first()));
        } else {
            condition = "#hw = :seen";
            values.put(":seen", AttributeValue.fromS(seen));
        }
        return UpdateItemRequest.builder()
                .tableName(spendTable)
                .key(target.key())
                .updateExpression("ADD #u :u, #t :t, #r :r SET #hw = :last, #exp = if_not_exists(#exp, :exp)")
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_OLD)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .returnConsumedCapacity(capacity.isPresent() ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE)
                .build();
    }

    /** The shard marks of {@code old} (other than {@code source}'s, just rewritten) last written before now − {@link #PRUNE_AFTER}. */
    static Map<String, String> staleMarks(String source, Map<String, AttributeValue> old, Instant now) {
        long cutoff = now.minus(PRUNE_AFTER).getEpochSecond();
        Map<String, String> stale = new TreeMap<>();
        old.forEach((name, value) -> {
            if (name.startsWith(SHARD_MARK_PREFIX) && !name.equals(highWaterAttribute(source)) && value.s() != null) {
                int at = value.s().indexOf(STAMP);
                if (at >= 0 && writtenAt(value.s().substring(at + 1)) < cutoff) {
                    stale.put(name, value.s());
                }
            }
        });
        return stale;
    }

    private static long writtenAt(String stamp) {
        try {
            return Long.parseLong(stamp);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not a mark this sink wrote: never stale
        }
    }

    private void pruneStale(String source, Target target, Map<String, AttributeValue> old, Instant now) {
        Map<String, String> stale = staleMarks(source, old, now);
        if (stale.isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> removed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> mark : stale.entrySet()) {
            names.put("#m" + i, mark.getKey());
            values.put(":m" + i, AttributeValue.fromS(mark.getValue()));
            removed.add("#m" + i);
            unchanged.add("#m" + i + " = :m" + i);
            i++;
        }
        try {
            var response = dynamo.updateItem(b -> b.tableName(spendTable).key(target.key())
                    .updateExpression("REMOVE " + String.join(", ", removed))
                    .conditionExpression(String.join(" AND ", unchanged))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnConsumedCapacity(capacity.isPresent() ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE));
            report(PRUNE, response.consumedCapacity());
        } catch (ConditionalCheckFailedException changed) {
            // a mark moved on since: it is not stale any more; the next write looks again
        } catch (SdkException failed) {
            // the counts are written; stale marks only cost size until the next write prunes them
            LOG.warn("pruning {} stale high-water marks of {} failed: {}", stale.size(), target.name(), failed.toString());
        }
    }

    private void report(String label, ConsumedCapacity consumed) {
        if (consumed != null && consumed.capacityUnits() != null) {
            capacity.ifPresent(listener -> listener.accept(label, consumed.capacityUnits()));
        }
    }
}
