package com.gaterouter.common.spend.journal;

import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.dynamodb.DynamoDbUsageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link UsageRecordWriter} on the Usage table: {@code BatchWriteItem} of plain puts, 25 a call, calls in
 * parallel on virtual threads. A put of the same record writes the same item ({@link DynamoDbUsageStore#toItem}
 * is a function of the record), so writing a record twice is harmless and no condition is needed.
 * Unprocessed items are written again, with a short pause, a bounded number of times.
 */
public final class DynamoDbUsageRecordWriter implements UsageRecordWriter {

    static final int PER_CALL = 25;
    private static final int PARALLEL_CALLS = 8;
    private static final int ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String usageTable;
    private final Duration retention;

    public DynamoDbUsageRecordWriter(DynamoDbClient dynamo, String usageTable, Duration retention) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.usageTable = Objects.requireNonNull(usageTable, "usageTable");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public void writeAll(List<UsageRecord> records) {
        List<List<WriteRequest>> calls = new ArrayList<>();
        List<WriteRequest> call = new ArrayList<>(PER_CALL);
        for (UsageRecord record : records) {
            call.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(DynamoDbUsageStore.toItem(record, retention)).build()).build());
            if (call.size() == PER_CALL) {
                calls.add(call);
                call = new ArrayList<>(PER_CALL);
            }
        }
        if (!call.isEmpty()) {
            calls.add(call);
        }
        if (calls.size() == 1) {
            write(calls.getFirst());
            return;
        }
        Semaphore inFlight = new Semaphore(PARALLEL_CALLS);
        List<Future<?>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<WriteRequest> one : calls) {
                results.add(threads.submit(() -> {
                    inFlight.acquire();
                    try {
                        write(one);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
        }
        RuntimeException failure = null;
        for (Future<?> result : results) {
            try {
                result.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted writing usage records", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void write(List<WriteRequest> requests) {
        Map<String, List<WriteRequest>> pending = Map.of(usageTable, requests);
        for (int attempt = 1; ; attempt++) {
            Map<String, List<WriteRequest>> items = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(items));
            if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
                return;
            }
            if (attempt >= ATTEMPTS) {
                throw new IllegalStateException(response.unprocessedItems().getOrDefault(usageTable, List.of()).size()
                        + " usage records left unprocessed after " + ATTEMPTS + " attempts");
            }
            pending = response.unprocessedItems();
            try {
                Thread.sleep(10L << Math.min(attempt, 6));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted writing usage records", e);
            }
        }
    }
}
