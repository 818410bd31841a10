package com.gaterouter.common.spend.dynamodb;

import static com.gaterouter.common.spend.dynamodb.SpendKeys.COMMITTED_TOKENS;
import static com.gaterouter.common.spend.dynamodb.SpendKeys.COMMITTED_USD;
import static com.gaterouter.common.spend.dynamodb.SpendKeys.EXPIRES_AT;
import static com.gaterouter.common.spend.dynamodb.SpendKeys.REQUESTS;
import static com.gaterouter.common.spend.dynamodb.SpendKeys.SETTLED_TOKENS;
import static com.gaterouter.common.spend.dynamodb.SpendKeys.SETTLED_USD;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.ReserveResult;
import com.gaterouter.common.spend.ReserveResult.LimitState;
import com.gaterouter.common.spend.ReserveResult.Refused;
import com.gaterouter.common.spend.ReserveResult.Reserved;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ObjDoubleConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Spend table adapter ({@link SpendKeys} for the layout).
 *
 * <ul>
 * <li>{@link #reserve}: one conditional {@code UpdateItem} per limited counter (all of that counter's limits
 *     in its condition, {@code attribute_not_exists(#a) OR #a <= :max} with {@code :max = limit - amount}), issued
 *     in parallel on virtual threads; if any is refused the others are compensated ({@code ADD -amount}), so a
 *     refusal holds nothing. An amount larger than a limit is refused without writing.</li>
 * <li>{@link #settle}: one {@code TransactWriteItems}: the usage record ({@code attribute_not_exists(pk)}) and every
 *     counter moved from reserved to actual amounts. A second settlement of the same request id fails the usage
 *     condition, cancels the whole transaction and answers {@link Outcome#ALREADY_SETTLED}: exactly once per
 *     request id for as long as the usage record lives.
 *     A settlement that moves no counter (a refused request's record) is one conditional {@code PutItem} instead.</li>
 * <li>{@link #read}: {@code BatchGetItem} (eventually consistent).</li>
 * </ul>
 *
 * <p>With a capacity listener, every call asks for {@code ReturnConsumedCapacity=TOTAL} and reports the capacity
 * units DynamoDB charged, labelled {@value #RESERVE}, {@value #COMPENSATE}, {@value #SETTLE} or {@value #READ}.
 */
public final class DynamoDbSpendLedger implements SpendLedger {

    public static final String RESERVE = "reserve";
    public static final String COMPENSATE = "compensate";
    public static final String SETTLE = "settle";
    public static final String READ = "read";

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSpendLedger.class);
    /** DynamoDB's limit on items per transaction. */
    private static final int MAX_TRANSACTION_ITEMS = 100;
    private static final int BATCH_GET_LIMIT = 100;
    /** Attempts at a write that collided with a transaction in progress on the same item (nothing was applied). */
    private static final int CONFLICT_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String spendTable;
    private final String usageTable;
    private final Duration usageRetention;
    private final Optional<ObjDoubleConsumer<String>> capacity;

    public DynamoDbSpendLedger(DynamoDbClient dynamo, String spendTable, String usageTable, Duration usageRetention) {
        this(dynamo, spendTable, usageTable, usageRetention, null);
    }

    /**
     * @param capacity if not null, receives the consumed capacity units of every DynamoDB call
     *                 (operation label, units); called from the calling thread or a virtual thread of {@link #reserve}
     */
    public DynamoDbSpendLedger(DynamoDbClient dynamo, String spendTable, String usageTable, Duration usageRetention,
                               ObjDoubleConsumer<String> capacity) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.spendTable = Objects.requireNonNull(spendTable, "spendTable");
        this.usageTable = Objects.requireNonNull(usageTable, "usageTable");
        this.usageRetention = Objects.requireNonNull(usageRetention, "usageRetention");
        this.capacity = Optional.ofNullable(capacity);
    }

    // ------------------------------------------------------------------------------------------ reserve

    @Override
    public ReserveResult reserve(Reservation reservation) {
        checkTenant(reservation);
        List<CounterLimit> limits = reservation.limits();
        if (limits.isEmpty()) {
            return new Reserved(reservation, List.of());
        }
        for (CounterLimit limit : limits) {
            if (reservation.amountOf(limit.measure()) > limit.limit()) {
                return currentValues(limit);
            }
        }
        List<CounterHold> holds = holdsOf(limits);
        List<HoldResult> results = runAll(holds.stream().<Supplier<HoldResult>>map(hold -> () -> attempt(hold, reservation)).toList());

        Optional<Refused> refusedFirst = Optional.empty();
        RuntimeException failure = null;
        for (HoldResult result : results) {
            switch (result) {
                case HoldResult.Refusal r -> {
                    if (refusedFirst.isEmpty() || limits.indexOf(r.refused().limit()) < limits.indexOf(refusedFirst.get().limit())) {
                        refusedFirst = Optional.of(r.refused());
                    }
                }
                case HoldResult.Failure f -> {
                    if (failure == null) {
                        failure = f.error();
                    } else {
                        failure.addSuppressed(f.error());
                    }
                }
                case HoldResult.Held ignored -> {
                }
            }
        }
        if (refusedFirst.isEmpty() && failure == null) {
            List<LimitState> states = new ArrayList<>();
            Map<CounterLimit, Long> used = new HashMap<>();
            results.forEach(r -> used.putAll(((HoldResult.Held) r).used()));
            limits.forEach(limit -> states.add(new LimitState(limit, used.getOrDefault(limit, 0L))));
            return new Reserved(reservation, states);
        }
        compensate(results, reservation);
        if (refusedFirst.isPresent()) {
            return refusedFirst.get();
        }
        throw failure;
    }

    /** One counter's limits and the measures the reservation adds to it. */
    private record CounterHold(Counter counter, List<CounterLimit> limits, Set<Measure> measures) {
    }

    private sealed interface HoldResult {
        record Held(CounterHold hold, Map<CounterLimit, Long> used) implements HoldResult {
        }

        record Refusal(Refused refused) implements HoldResult {
        }

        record Failure(RuntimeException error) implements HoldResult {
        }
    }

    private static List<CounterHold> holdsOf(List<CounterLimit> limits) {
        Map<Counter, List<CounterLimit>> byCounter = new LinkedHashMap<>();
        for (CounterLimit limit : limits) {
            byCounter.computeIfAbsent(limit.counter(), c -> new ArrayList<>()).add(limit);
        }
        List<CounterHold> holds = new ArrayList<>();
        byCounter.forEach((counter, its) -> {
            Set<Measure> measures = EnumSet.noneOf(Measure.class);
            its.forEach(limit -> measures.add(limit.measure()));
            holds.add(new CounterHold(counter, List.copyOf(its), measures));
        });
        return holds;
    }

    private HoldResult attempt(CounterHold hold, Reservation reservation) {
        Expression e = new Expression();
        List<String> adds = new ArrayList<>();
        for (Measure measure : hold.measures()) {
            adds.add(e.name(SpendKeys.committedAttribute(measure)) + " " + e.value(reservation.amountOf(measure)));
        }
        List<String> conditions = new ArrayList<>();
        for (CounterLimit limit : hold.limits()) {
            String a = e.name(SpendKeys.committedAttribute(limit.measure()));
            String max = e.value(limit.limit() - reservation.amountOf(limit.measure()));
            conditions.add("(attribute_not_exists(" + a + ") OR " + a + " <= " + max + ")");
        }
        String update = "ADD " + String.join(", ", adds)
                + " SET " + e.name(EXPIRES_AT) + " = " + e.value(SpendKeys.expiresAt(hold.counter().window()));
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(spendTable)
                .key(SpendKeys.key(hold.counter()))
                .updateExpression(update)
                .conditionExpression(String.join(" AND ", conditions))
                .expressionAttributeNames(e.names)
                .expressionAttributeValues(e.values)
                .returnValues(ReturnValue.UPDATED_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .returnConsumedCapacity(consumedCapacity())
                .build();
        try {
            UpdateItemResponse response = retryingConflicts(() -> dynamo.updateItem(request));
            report(RESERVE, response.consumedCapacity());
            Map<CounterLimit, Long> used = new HashMap<>();
            for (CounterLimit limit : hold.limits()) {
                used.put(limit, number(response.attributes(), SpendKeys.committedAttribute(limit.measure())));
            }
            return new HoldResult.Held(hold, used);
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> old = refused.hasItem() ? refused.item() : Map.of();
            for (CounterLimit limit : hold.limits()) {
                long value = number(old, SpendKeys.committedAttribute(limit.measure()));
                if (value > limit.limit() - reservation.amountOf(limit.measure())) {
                    return new HoldResult.Refusal(refusal(limit, old));
                }
            }
            // cannot tell which (an old item was not returned): name the counter's first limit
            return new HoldResult.Refusal(refusal(hold.limits().getFirst(), old));
        } catch (RuntimeException e2) {
            return new HoldResult.Failure(e2);
        }
    }

    /** Gives back what the held counters took; a refusal (or failure) holds nothing. */
    private void compensate(List<HoldResult> results, Reservation reservation) {
        List<Supplier<Void>> undo = new ArrayList<>();
        for (HoldResult result : results) {
            if (result instanceof HoldResult.Held held) {
                undo.add(() -> {
                    release(held.hold(), reservation);
                    return null;
                });
            }
        }
        if (!undo.isEmpty()) {
            runAll(undo);
        }
    }

    private void release(CounterHold hold, Reservation reservation) {
        Expression e = new Expression();
        List<String> adds = new ArrayList<>();
        for (Measure measure : hold.measures()) {
            adds.add(e.name(SpendKeys.committedAttribute(measure)) + " " + e.value(-reservation.amountOf(measure)));
        }
        try {
            var response = retryingConflicts(() -> dynamo.updateItem(b -> b.tableName(spendTable)
                    .key(SpendKeys.key(hold.counter()))
                    .updateExpression("ADD " + String.join(", ", adds))
                    .expressionAttributeNames(e.names)
                    .expressionAttributeValues(e.values)
                    .returnConsumedCapacity(consumedCapacity())));
            report(COMPENSATE, response.consumedCapacity());
        } catch (RuntimeException e2) {
            // the counter keeps this reservation until its window ends; nothing better can be done here
            LOG.error("spend counter {} {} keeps request {}'s reservation ({}): compensation failed",
                    SpendKeys.partitionKey(hold.counter()), SpendKeys.sortKey(hold.counter()),
                    reservation.requestId(), hold.measures(), e2);
        }
    }

    /** The refusal of {@code limit} by a counter that holds {@code item}: what it used, and how much of that is settled. */
    private static Refused refusal(CounterLimit limit, Map<String, AttributeValue> item) {
        long used = number(item, SpendKeys.committedAttribute(limit.measure()));
        // minute windows keep no settled amounts: there all of it counts as used, none as in flight
        long settled = limit.counter().window() instanceof Window.Minute ? used
                : number(item, SpendKeys.settledAttribute(limit.measure()));
        return new Refused(limit, used, settled);
    }

    /** The refusal of a reservation larger than {@code limit} itself, which wrote nothing: what its counter holds now. */
    private Refused currentValues(CounterLimit limit) {
        try {
            var response = dynamo.getItem(b -> b.tableName(spendTable).key(SpendKeys.key(limit.counter()))
                    .returnConsumedCapacity(consumedCapacity()));
            report(READ, response.consumedCapacity());
            return refusal(limit, response.item());
        } catch (RuntimeException e) {
            LOG.warn("could not read spend counter {} for a refusal", SpendKeys.partitionKey(limit.counter()), e);
            return new Refused(limit, 0, 0);
        }
    }

    // ------------------------------------------------------------------------------------------ settle

    @Override
    public Outcome settle(Reservation reservation, UsageRecord usage) {
        checkTenant(reservation);
        if (!reservation.requestId().equals(usage.requestId())
                || !reservation.tenantId().equals(usage.principal().tenantId())) {
            throw new IllegalArgumentException("usage record " + usage.requestId() + " is not reservation "
                    + reservation.requestId() + "'s");
        }
        List<Update> updates = settlementUpdates(reservation, usage);
        if (updates.isEmpty()) {
            // nothing to count (a refused request's record): one conditional put, no transaction
            return recordOnly(usage);
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(usageTable)
                .item(DynamoDbUsageStore.toItem(usage, usageRetention))
                .conditionExpression(DynamoDbUsageStore.WRITE_ONCE)
                .build()).build());
        updates.forEach(update -> items.add(TransactWriteItem.builder().update(update).build()));
        if (items.size() > MAX_TRANSACTION_ITEMS) {
            throw new IllegalArgumentException("a settlement touches " + items.size() + " items; DynamoDB takes "
                    + MAX_TRANSACTION_ITEMS + " per transaction");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                var response = dynamo.transactWriteItems(b -> b.transactItems(items).returnConsumedCapacity(consumedCapacity()));
                if (response.hasConsumedCapacity()) {
                    response.consumedCapacity().forEach(c -> report(SETTLE, c));
                }
                return Outcome.SETTLED;
            } catch (TransactionCanceledException canceled) {
                List<CancellationReason> reasons = canceled.hasCancellationReasons() ? canceled.cancellationReasons() : List.of();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.getFirst().code())) {
                    return Outcome.ALREADY_SETTLED;
                }
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt >= CONFLICT_ATTEMPTS) {
                    throw canceled;
                }
                // a concurrent write to one of the counters: the transaction applied nothing, try again
                backOff(attempt);
            }
        }
    }

    /** Writes a usage record that moves no counter, once per request id. */
    private Outcome recordOnly(UsageRecord usage) {
        try {
            var response = retryingConflicts(() -> dynamo.putItem(b -> b.tableName(usageTable)
                    .item(DynamoDbUsageStore.toItem(usage, usageRetention))
                    .conditionExpression(DynamoDbUsageStore.WRITE_ONCE)
                    .returnConsumedCapacity(consumedCapacity())));
            report(SETTLE, response.consumedCapacity());
            return Outcome.SETTLED;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return Outcome.ALREADY_SETTLED;
        }
    }

    /**
     * The counter updates of a settlement. Counting counters ({@code reservation.counters()}) move committed
     * amounts by (actual − reserved here), add the actual amounts to settled ones and count the request (unless
     * a request limit already counted it at reserve). Limited counters that do not count (minute windows) only
     * move committed amounts from reserved to actual (TPM); requests stay counted (RPM).
     */
    private List<Update> settlementUpdates(Reservation reservation, UsageRecord usage) {
        Map<Counter, Set<Measure>> reservedOn = new LinkedHashMap<>();
        for (CounterLimit limit : reservation.limits()) {
            reservedOn.computeIfAbsent(limit.counter(), c -> EnumSet.noneOf(Measure.class)).add(limit.measure());
        }
        Set<Counter> counting = new LinkedHashSet<>(reservation.counters());
        Set<Counter> all = new LinkedHashSet<>(counting);
        all.addAll(reservedOn.keySet());

        long actualUsd = usage.costMicros();
        long actualTokens = usage.tokens().totalTokens();
        List<Update> updates = new ArrayList<>();
        for (Counter counter : all) {
            Set<Measure> reserved = reservedOn.getOrDefault(counter, Set.of());
            boolean counts = counting.contains(counter);
            Map<String, Long> adds = new LinkedHashMap<>();
            if (counts || reserved.contains(Measure.USD_MICROS)) {
                adds.put(COMMITTED_USD, actualUsd - (reserved.contains(Measure.USD_MICROS) ? reservation.usdMicros() : 0));
            }
            if (counts || reserved.contains(Measure.TOKENS)) {
                adds.put(COMMITTED_TOKENS, actualTokens - (reserved.contains(Measure.TOKENS) ? reservation.tokens() : 0));
            }
            if (counts) {
                adds.put(SETTLED_USD, actualUsd);
                adds.put(SETTLED_TOKENS, actualTokens);
                adds.put(REQUESTS, reserved.contains(Measure.REQUESTS) ? 0L : 1L);
            } else {
                adds.values().removeIf(delta -> delta == 0);
            }
            if (adds.isEmpty()) {
                continue;
            }
            Expression e = new Expression();
            List<String> terms = new ArrayList<>();
            adds.forEach((attribute, delta) -> terms.add(e.name(attribute) + " " + e.value(delta)));
            updates.add(Update.builder()
                    .tableName(spendTable)
                    .key(SpendKeys.key(counter))
                    .updateExpression("ADD " + String.join(", ", terms)
                            + " SET " + e.name(EXPIRES_AT) + " = " + e.value(SpendKeys.expiresAt(counter.window())))
                    .expressionAttributeNames(e.names)
                    .expressionAttributeValues(e.values)
                    .build());
        }
        return updates;
    }

    // ------------------------------------------------------------------------------------------ read

    @Override
    public Map<Counter, CounterValues> read(List<Counter> counters) {
        Map<Counter, CounterValues> values = new LinkedHashMap<>();
        Map<String, Counter> byKey = new HashMap<>();
        for (Counter counter : counters) {
            values.put(counter, CounterValues.ZERO);
            byKey.put(SpendKeys.partitionKey(counter) + "\n" + SpendKeys.sortKey(counter), counter);
        }
        List<Map<String, AttributeValue>> keys = values.keySet().stream().map(SpendKeys::key).toList();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> pending = Map.of(spendTable,
                    KeysAndAttributes.builder().keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> request = pending;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request).returnConsumedCapacity(consumedCapacity()));
                if (response.hasConsumedCapacity()) {
                    response.consumedCapacity().forEach(c -> report(READ, c));
                }
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(spendTable, List.of())) {
                    Counter counter = byKey.get(item.get(SpendKeys.PK).s() + "\n" + item.get(SpendKeys.SK).s());
                    if (counter != null) {
                        values.put(counter, new CounterValues(number(item, COMMITTED_USD), number(item, SETTLED_USD),
                                number(item, COMMITTED_TOKENS), number(item, SETTLED_TOKENS), number(item, REQUESTS)));
                    }
                }
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!pending.isEmpty()) {
                    backOff(attempt);
                }
            }
        }
        return values;
    }

    // ------------------------------------------------------------------------------------------ support

    private static void checkTenant(Reservation reservation) {
        for (CounterLimit limit : reservation.limits()) {
            checkTenant(reservation, limit.counter());
        }
        for (Counter counter : reservation.counters()) {
            checkTenant(reservation, counter);
        }
    }

    private static void checkTenant(Reservation reservation, Counter counter) {
        if (!counter.tenantId().equals(reservation.tenantId())) {
            throw new IllegalArgumentException("reservation " + reservation.requestId() + " of tenant " + reservation.tenantId()
                    + " names another tenant's counter");
        }
    }

    /** Runs the tasks in parallel on virtual threads (inline when there is only one) and returns their results in order. */
    private static <T> List<T> runAll(List<Supplier<T>> tasks) {
        if (tasks.size() == 1) {
            return List.of(tasks.getFirst().get());
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = tasks.stream().map(task -> executor.submit(task::get)).toList();
            List<T> results = new ArrayList<>(futures.size());
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reserving", e);
        } catch (ExecutionException e) {
            // tasks catch their own failures; only an Error can arrive here
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static <T> T retryingConflicts(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransactionConflictException conflict) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw conflict;
                }
                backOff(attempt);
            }
        }
    }

    /** Jittered exponential back-off: up to 5, 10, 20 … ms (capped at 200 ms). */
    private static void backOff(int attempt) {
        long cap = Math.min(200, 5L << Math.min(attempt - 1, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private ReturnConsumedCapacity consumedCapacity() {
        return capacity.isPresent() ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE;
    }

    private void report(String operation, ConsumedCapacity consumed) {
        if (consumed != null && consumed.capacityUnits() != null) {
            capacity.ifPresent(listener -> listener.accept(operation, consumed.capacityUnits()));
        }
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item == null ? null : item.get(attribute);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    /** Expression attribute names and values, numbered as they are added. */
    private static final class Expression {
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();
        private final Map<String, String> placeholders = new HashMap<>();

        String name(String attribute) {
            return placeholders.computeIfAbsent(attribute, a -> {
                String placeholder = "#a" + names.size();
                names.put(placeholder, a);
                return placeholder;
            });
        }

        String value(long number) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, AttributeValue.fromN(Long.toString(number)));
            return placeholder;
        }
    }
}
