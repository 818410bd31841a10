package com.gaterouter.common.usage.dynamodb;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Usage table keys. A tenant's records for one UTC day are spread over {@link #SHARDS} partitions
 * chosen by request id, so one busy department can write far more than the 1,000 writes/s a single
 * DynamoDB partition takes, and a day's records are still found by {@code SHARDS} queries.
 *
 * <pre>pk = tenantId#yyyy-MM-dd#shard      sk = yyyy-MM-ddTHH:mm:ss.SSSZ#requestId</pre>
 * Both parts derive only from the record, so a retried write hits the same item (idempotency).
 */
public final class UsageKeys {

    public static final int SHARDS = 16;

    private static final DateTimeFormatter FIXED_WIDTH_INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private UsageKeys() {
    }

    public static String partitionKey(String tenantId, Instant occurredAt, String requestId) {
        return partitionKey(tenantId, LocalDate.ofInstant(occurredAt, ZoneOffset.UTC), shardOf(requestId));
    }

    public static String partitionKey(String tenantId, LocalDate day, int shard) {
        return tenantId + "#" + day + "#" + shard;
    }

    public static String sortKey(Instant occurredAt, String requestId) {
        return FIXED_WIDTH_INSTANT.format(occurredAt) + "#" + requestId;
    }

    /** String.hashCode is specified by the JLS, so shard assignment is stable across JVMs. */
    static int shardOf(String requestId) {
        return Math.floorMod(requestId.hashCode(), SHARDS);
    }
}
