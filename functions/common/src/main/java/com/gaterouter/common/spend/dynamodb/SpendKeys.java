package com.gaterouter.common.spend.dynamodb;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Window;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Spend table layout: one item per counter.
 *
 * <pre>pk = tenantId#scope#scopeId      sk = D#2026-11-24 | M#2026-11 | m#2026-11-24T09:05:00Z</pre>
 * Numbers: {@value #COMMITTED_USD} (settled + reserved micro-USD), {@value #SETTLED_USD}, {@value #COMMITTED_TOKENS},
 * {@value #SETTLED_TOKENS}, {@value #REQUESTS}, and {@value #EXPIRES_AT} (TTL, epoch seconds: a minute window's start
 * + 2 h, a day's + 400 d, a month's + 800 d).
 */
public final class SpendKeys {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String COMMITTED_USD = "cUsd";
    public static final String SETTLED_USD = "sUsd";
    public static final String COMMITTED_TOKENS = "cTok";
    public static final String SETTLED_TOKENS = "sTok";
    public static final String REQUESTS = "req";
    public static final String EXPIRES_AT = "expiresAt";
    /** Requests committed by allowance leases (RPM): apart from {@value #REQUESTS}, which counts settled requests. */
    public static final String COMMITTED_REQUESTS = "cReq";
    /** Partition-key prefix of a lease's consumption tally ({@link #leaseTallyKey}). */
    public static final String LEASE_TALLY_PREFIX = "lease#";
    /** Sort key of a lease's consumption tally. */
    public static final String LEASE_TALLY_SORT_KEY = "used";

    static final Duration MINUTE_RETENTION = Duration.ofHours(2);
    static final Duration DAY_RETENTION = Duration.ofDays(400);
    static final Duration MONTH_RETENTION = Duration.ofDays(800);

    private SpendKeys() {
    }

    public static String partitionKey(Counter counter) {
        return counter.tenantId() + "#" + counter.scope().wireName() + "#" + counter.scopeId();
    }

    public static String sortKey(Counter counter) {
        return counter.window().key();
    }

    public static Map<String, AttributeValue> key(Counter counter) {
        return Map.of(PK, AttributeValue.fromS(partitionKey(counter)), SK, AttributeValue.fromS(sortKey(counter)));
    }

    /**
     * The item where the counter sink tallies what the usage records naming lease {@code leaseId} consumed
     * ({@value #SETTLED_USD}, {@value #SETTLED_TOKENS}, {@value #REQUESTS}): what an expired lease of a crashed
     * instance is reclaimed at.
     */
    public static Map<String, AttributeValue> leaseTallyKey(String leaseId) {
        return Map.of(PK, AttributeValue.fromS(LEASE_TALLY_PREFIX + leaseId), SK, AttributeValue.fromS(LEASE_TALLY_SORT_KEY));
    }

    /** The attribute a limit on {@code measure} is checked against: the committed amount (or requests). */
    public static String committedAttribute(Measure measure) {
        return switch (measure) {
            case USD_MICROS -> COMMITTED_USD;
            case TOKENS -> COMMITTED_TOKENS;
            case REQUESTS -> REQUESTS;
        };
    }

    /**
     * The attribute holding the settled part of what {@link #committedAttribute} counts. Requests are
     * counted when they settle on day and month counters; minute windows keep no settled amounts.
     */
    public static String settledAttribute(Measure measure) {
        return switch (measure) {
            case USD_MICROS -> SETTLED_USD;
            case TOKENS -> SETTLED_TOKENS;
            case REQUESTS -> REQUESTS;
        };
    }

    /** When the counter's item may go (TTL): long after its window closed. */
    public static long expiresAt(Window window) {
        return switch (window) {
            case Window.Minute m -> m.start().plus(MINUTE_RETENTION).getEpochSecond();
            case Window.Day d -> d.date().atStartOfDay(ZoneOffset.UTC).toInstant().plus(DAY_RETENTION).getEpochSecond();
            case Window.Month m -> m.month().atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(MONTH_RETENTION)
                    .getEpochSecond();
        };
    }
}
