package com.gaterouter.common.spend.allowance;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Window;
import com.gaterouter.common.spend.allowance.LeaseBook.Acquired;
import com.gaterouter.common.spend.allowance.LeaseBook.Exhausted;
import com.gaterouter.common.spend.allowance.LeaseBook.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link LeaseBook}'s leases off the request path: every {@code interval} (1 s in production) on one
 * daemon thread, {@link #runOnce}
 * <ol>
 * <li>releases retired and expired leases that have nothing in flight ({@link LeaseBook#flush});</li>
 * <li>renews live leases that requests drew on and that are within 2 × margin of expiry or below a quarter of
 *     their amount, so requests find a successor in place instead of waiting for an acquire (a lease nothing drew on
 *     is left to expire);</li>
 * <li>reclaims expired leases of the day and month counters the book has leased on, at most once per
 *     {@code reclaimEvery} per counter, after {@code grace} past their expiry (a crashed instance's leases: they are
 *     released at what their usage records consumed, as the counter sink tallied it; the grace covers the sink's lag).
 *     Minute counters are not swept: a minute lease would be reclaimed at its full amount, which changes nothing.</li>
 * </ol>
 * {@link #acquire} is how requests acquire: an acquire the store refuses triggers a reclaim of that counter (expired
 * leases of crashed instances may hold the room; at most once a second per counter) and is tried once more. {@link #close} stops the thread and
 * releases every lease ({@link LeaseBook#close}). Failures of the store are logged and tried again next round.
 */
public final class LeaseKeeper implements AutoCloseable {

    /** How long past a lease's expiry its consumption is surely tallied (≥ the counter sink's lag). */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(120);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECLAIM_EVERY = Duration.ofSeconds(60);
    private static final Duration RECLAIM_ON_REFUSAL_EVERY = Duration.ofSeconds(1);
    /** A counter no request named for this long is no longer renewed or swept (its window is likely over). */
    private static final Duration IDLE = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final LeaseBook book;
    private final Clock clock;
    private final Duration grace;
    private final Duration reclaimEvery;
    private final Map<Counter, Instant> lastReclaim = new ConcurrentHashMap<>();
    private final Map<Key, Instant> lastNeeded = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService scheduler;

    public LeaseKeeper(LeaseBook book, Clock clock, Duration grace, Duration reclaimEvery) {
        this.book = Objects.requireNonNull(book, "book");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.reclaimEvery = Objects.requireNonNull(reclaimEvery, "reclaimEvery");
        if (grace.isNegative() || reclaimEvery.isNegative()) {
            throw new IllegalArgumentException("grace and reclaimEvery are not negative");
        }
    }

    public LeaseKeeper(LeaseBook book, Clock clock) {
        this(book, clock, DEFAULT_GRACE, DEFAULT_RECLAIM_EVERY);
    }

    public LeaseBook book() {
        return book;
    }

    /** Runs {@link #runOnce} every {@code interval} on one daemon thread until {@link #close}. Returns this keeper. */
    public synchronized LeaseKeeper start(Duration interval) {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        long millis = Math.max(1, interval.toMillis());
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lease-keeper").factory());
        scheduler.scheduleWithFixedDelay(this::runSafely, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * {@link LeaseBook#acquire}; when the store has no room, reclaims the counter's expired leases (of crashed
     * instances) and tries once more.
     */
    public Acquired acquire(List<CounterLimit> limits, long worstCase) {
        Key key = Key.of(limits.getFirst());
        lastNeeded.put(key, clock.instant());
        Acquired acquired = book.acquire(limits, worstCase);
        long tightest = limits.stream().mapToLong(CounterLimit::limit).min().orElseThrow();
        Instant now = clock.instant();
        Instant last = lastReclaim.get(key.counter());
        // no reclaim can make room for more than the limit, and one per counter a second is enough
        if (acquired instanceof Exhausted && sweepable(key.counter()) && worstCase <= tightest
                && (last == null || !now.isBefore(last.plus(RECLAIM_ON_REFUSAL_EVERY)))
                && !reclaim(key.counter(), now).isEmpty()) {
            book.roomChanged(key);
            return book.acquire(limits, worstCase);
        }
        return acquired;
    }

    /** One round: flush, renew, reclaim (see the class comment). */
    public void runOnce() {
        Instant now = clock.instant();
        book.flush();
        book.measureRates();
        book.extendInFlight(grace);
        Duration renewWithin = book.margin().multipliedBy(2);
        for (LeaseBook.LiveLease lease : book.live()) {
            // a lease nothing drew on is left to expire: an idle key holds no room for long
            boolean needed = lease.remaining() < lease.amount();
            boolean due = !lease.expiresAt().minus(renewWithin).isAfter(now) || lease.remaining() * 4 < lease.amount();
            if (needed && due) {
                book.renew(lease.key());
            }
        }
        Set<Counter> counters = new LinkedHashSet<>();
        for (Key key : book.keysSeen()) {
            if (!lastNeeded.getOrDefault(key, Instant.MIN).isAfter(now.minus(IDLE)) && book.remaining(key) == 0) {
                book.forget(key);
                lastNeeded.remove(key);
            } else if (sweepable(key.counter())) {
                counters.add(key.counter());
            }
        }
        for (Counter counter : counters) {
            Instant last = lastReclaim.get(counter);
            if (last == null || !last.plus(reclaimEvery).isAfter(now)) {
                reclaim(counter, now);
            }
        }
        lastReclaim.keySet().retainAll(counters);
    }

    private List<com.gaterouter.common.spend.AllowanceLedger.Reclaimed> reclaim(Counter counter, Instant now) {
        lastReclaim.put(counter, now);
        var reclaimed = book.ledger().reclaimExpired(counter, now.minus(grace));
        if (!reclaimed.isEmpty()) {
            LOG.info("reclaimed {} expired allowance lease(s) of counter {} {}: {}", reclaimed.size(),
                    counter.scope().wireName(), counter.window().key(), reclaimed);
        }
        return reclaimed;
    }

    private static boolean sweepable(Counter counter) {
        return !(counter.window() instanceof Window.Minute);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("lease keeper round failed (tried again next round): {}", e.toString());
        }
    }

    /** Stops the thread and releases every lease (those with requests in flight as soon as they settle, if a round runs). */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        book.close();
    }
}
