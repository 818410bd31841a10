package com.gaterouter.router.metering;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts refused requests in analytics: each refusal — a 429 from a budget, token quota or rate
 * limit, a 403 for a model the key may not use — becomes one usage record with status
 * {@link UsageStatus#REFUSED}, no tokens, no cost, moving no spend counter, so roll-ups and raw-usage
 * reports show it as a refusal next to the requests (never as one).
 *
 * <p><b>Off the request path.</b> The record is written on a virtual thread after the refusal is
 * decided; the client's 429 or 403 never waits for it, and a failed write is logged and dropped
 * (no retry, no spool: a refusal is a count, not money). In Lambda a write still in flight when the
 * environment freezes completes, or fails, when it thaws; one lost with an instance is a refusal
 * not counted.
 *
 * <p><b>Bounded.</b> A refused request costs the caller nothing, so a client stuck in a retry loop
 * on a 429 — or anyone holding a key — could otherwise turn every refusal into a write. Each
 * instance writes at most {@code perKeyPerMinute} refusal records per key per UTC minute and has at
 * most {@code maxInFlight} writes pending; refusals beyond either bound are not recorded (one
 * warning per key and minute says how the count stops being exact). A budget or rate refusal
 * already costs one conditional write to the spend table, so within the bound the record at most
 * doubles what a refusal costs.
 */
public final class RefusalRecorder {

    /** One a second, on average, per key and instance: far above what a well-behaved client is refused. */
    public static final int DEFAULT_PER_KEY_PER_MINUTE = 60;
    /** Pending writes per instance; a refusal storm beyond this is not recorded rather than queued without bound. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;

    private static final Logger LOG = LoggerFactory.getLogger(RefusalRecorder.class);
    /** Bounds memory on an instance that sees very many keys; clearing only restarts some keys' counts. */
    private static final int MAX_KEYS = 50_000;

    /** What happened to one refusal. */
    public enum Fate {
        /** Handed to a writer (which may still fail, and then logs it). */
        RECORDING,
        /** Over the per-key bound of this minute: counted nowhere. */
        OVER_KEY_LIMIT,
        /** Too many writes pending on this instance: counted nowhere. */
        OVER_IN_FLIGHT_LIMIT,
        /** The record could not be made or its write not scheduled (logged): counted nowhere. */
        FAILED
    }

    /** What the recorder needs of a ledger: settling a record that moves no counter. */
    @FunctionalInterface
    public interface Writer {
        SpendLedger.Outcome write(Reservation nothing, UsageRecord refused);
    }

    private record KeyMinute(long minute, int count) {
    }

    private final Writer writer;
    private final Executor executor;
    private final int perKeyPerMinute;
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final AtomicLong droppedInFlight = new AtomicLong();
    private final ConcurrentHashMap<String, KeyMinute> perKey = new ConcurrentHashMap<>();
    private final AtomicLong unrecorded = new AtomicLong();

    public RefusalRecorder(Writer writer, Executor executor, int perKeyPerMinute, int maxInFlight) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.executor = Objects.requireNonNull(executor, "executor");
        if (perKeyPerMinute < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("the bounds are at least 1");
        }
        this.perKeyPerMinute = perKeyPerMinute;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** On virtual threads, with the default bounds. */
    public static RefusalRecorder onVirtualThreads(Writer writer) {
        return new RefusalRecorder(writer, task -> Thread.ofVirtual().name("refusal-record").start(task),
                DEFAULT_PER_KEY_PER_MINUTE, DEFAULT_MAX_IN_FLIGHT);
    }

    /**
     * Whether {@code error} is a refusal analytics counts: 429 {@code insufficient_quota} or
     * {@code rate_limit_exceeded} (the gateway's own limits, not a vendor's), 403 {@code model_not_allowed}.
     */
    public static boolean counts(ApiError error) {
        return (error.status() == 429 && ("insufficient_quota".equals(error.code()) || "rate_limit_exceeded".equals(error.code())))
                || (error.status() == 403 && "model_not_allowed".equals(error.code()));
    }

    /** Records {@code refused} (status {@link UsageStatus#REFUSED}) off the calling thread, within the bounds; never throws. */
    public Fate record(UsageRecord refused) {
        if (refused.status() != UsageStatus.REFUSED || refused.costMicros() != 0 || refused.tokens().totalTokens() != 0) {
            throw new IllegalArgumentException("a refusal record has status REFUSED, no tokens and no cost");
        }
        if (!withinKeyLimit(refused)) {
            unrecorded.incrementAndGet();
            return Fate.OVER_KEY_LIMIT;
        }
        if (!inFlight.tryAcquire()) {
            unrecorded.incrementAndGet();
            long dropped = droppedInFlight.incrementAndGet();
            if (dropped == 1 || dropped % 1_000 == 0) {
                LOG.warn("{} refusal records pending on this instance: refusals beyond that are not counted in analytics "
                        + "({} so far)", maxInFlight, dropped);
            }
            return Fate.OVER_IN_FLIGHT_LIMIT;
        }
        try {
            executor.execute(() -> {
                try {
                    write(refused);
                } finally {
                    inFlight.release();
                }
            });
            return Fate.RECORDING;
        } catch (RuntimeException rejected) {
            inFlight.release();
            unrecorded.incrementAndGet();
            LOG.warn("could not schedule the refusal record of request {}: {}", refused.requestId(), rejected.toString());
            return Fate.FAILED;
        }
    }

    /** Refusals this instance did not record (over a bound, or not schedulable); failed writes are logged, not counted here. */
    public long unrecorded() {
        return unrecorded.get();
    }

    /** Counts a refusal whose record could not even be made (the caller logged why). */
    void failed() {
        unrecorded.incrementAndGet();
    }

    private boolean withinKeyLimit(UsageRecord refused) {
        String key = refused.principal().tenantId() + '/' + refused.principal().keyId();
        long minute = refused.occurredAt().truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60;
        if (perKey.size() >= MAX_KEYS) {
            perKey.clear();
        }
        KeyMinute now = perKey.compute(key, (k, last) -> last == null || last.minute() != minute
                ? new KeyMinute(minute, 1) : new KeyMinute(minute, last.count() + 1));
        if (now.count() == perKeyPerMinute + 1) {
            LOG.warn("key {} of tenant {} was refused more than {} times in the minute from {} on this instance; "
                            + "its further refusals in that minute are not counted in analytics",
                    refused.principal().keyId(), refused.principal().tenantId(), perKeyPerMinute,
                    Instant.ofEpochSecond(minute * 60));
        }
        return now.count() <= perKeyPerMinute;
    }

    private void write(UsageRecord refused) {
        try {
            writer.write(new Reservation(refused.requestId(), refused.principal().tenantId(), refused.occurredAt(), 0, 0,
                    List.of(), List.of()), refused);
        } catch (RuntimeException e) {
            LOG.warn("the refusal record of request {} was not written: {}", refused.requestId(), e.toString());
        }
    }
}
