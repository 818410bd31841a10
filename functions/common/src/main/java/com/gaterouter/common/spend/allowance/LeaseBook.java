package com.gaterouter.common.spend.allowance;

import com.gaterouter.common.spend.AllowanceLedger;
import com.gaterouter.common.spend.AllowanceLedger.Granted;
import com.gaterouter.common.spend.AllowanceLedger.Lease;
import com.gaterouter.common.spend.AllowanceLedger.Refused;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Window;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One instance's leased allowances: per counter and measure, the live lease and what is left of it.
 *
 * <ul>
 * <li>{@link #admit}: takes a request's worst case from the live lease of every key it names, all or nothing,
 *     in memory (no I/O). A lease is not drawn on within {@code margin} of its expiry, so nothing is admitted
 *     on a lease a sweeper may reclaim.</li>
 * <li>{@link #settle}: gives back worst case − actual to the lease the request drew on and counts the actual
 *     as that lease's consumption.</li>
 * <li>{@link #acquire} (I/O, off the admitted path): leases a new slice ({@link SliceSizer}) for a key whose live
 *     lease cannot cover a request; one caller per key leases at a time, the others find the new lease. The
 *     replaced lease is retired: it admits nothing more and is released once its requests have settled.</li>
 * <li>{@link #flush} (I/O): releases every retired or expired lease with no request in flight, with what it
 *     consumed; {@link #close} retires every lease and flushes.</li>
 * </ul>
 * Thread-safe. Admission and settlement take one book-wide lock for nanoseconds; the ledger is never called
 * under it.
 */
public final class LeaseBook implements AutoCloseable {

    /** What a lease is on: one counter, one measure. */
    public record Key(Counter counter, Measure measure) {
        public Key {
            Objects.requireNonNull(counter, "counter");
            Objects.requireNonNull(measure, "measure");
        }

        public static Key of(CounterLimit limit) {
            return new Key(limit.counter(), limit.measure());
        }
    }

    public sealed interface Admission permits Admitted, Uncovered {
    }

    /** Admitted: settle the ticket exactly once. */
    public record Admitted(Ticket ticket) implements Admission {
    }

    /** No live lease covers these keys (nothing was taken from any lease). */
    public record Uncovered(List<Key> keys) implements Admission {
    }

    public sealed interface Acquired permits Covered, Exhausted {
    }

    /** A live lease now covers the worst case. */
    public record Covered(Key key) implements Acquired {
    }

    /** The limit has no room for the worst case: {@code room} was left in the store. */
    public record Exhausted(Key key, long room) implements Acquired {
    }

    /** A request admitted against leases: what it drew from which lease. */
    public static final class Ticket {
        private final Map<Key, Held> drawn;
        private final Map<Key, Long> worst;
        private boolean settled;

        private Ticket(Map<Key, Held> drawn, Map<Key, Long> worst) {
            this.drawn = drawn;
            this.worst = worst;
        }

        /** The lease ids drawn on, per key: what the request's usage record names for reclaim. */
        public Map<Key, String> leaseIds() {
            Map<Key, String> ids = new LinkedHashMap<>();
            drawn.forEach((key, held) -> ids.put(key, held.lease.id()));
            return ids;
        }
    }

    private static final class Held {
        final Lease lease;
        long remaining;
        long consumed;
        int inFlight;
        boolean retired;
        /** The expiry the store holds (moved on by {@link #extendInFlight}). */
        Instant storedExpiry;

        Held(Lease lease) {
            this.lease = lease;
            this.remaining = lease.amount();
            this.storedExpiry = lease.expiresAt();
        }
    }

    private static final int ACQUIRE_ATTEMPTS = 4;
    /** How long a room seen in the store is trusted to refuse a request without asking the store again. */
    private static final Duration ROOM_MEMORY = Duration.ofSeconds(1);

    private final AllowanceLedger ledger;
    private final Clock clock;
    private final Function<Measure, SliceSizer> sizers;
    /** Guarded by {@code lock}: what each key drew since {@link #measureRates} last ran, and the rates it measured. */
    private final Map<Key, Long> drawnSinceMeasured = new java.util.HashMap<>();
    private final Map<Key, Long> drawRate = new java.util.HashMap<>();
    private Instant measuredAt;
    private final Duration ttl;
    private final Duration margin;
    private final Supplier<String> leaseIds;
    private final Object lock = new Object();
    private final Map<Key, Held> live = new HashMap<>();
    private final List<Held> retired = new ArrayList<>();
    private final Map<Key, Long> roomSeen = new ConcurrentHashMap<>();
    private final Map<Key, Instant> roomSeenAt = new ConcurrentHashMap<>();
    private final Map<Key, ReentrantLock> acquiring = new ConcurrentHashMap<>();
    /** What the keeper needs to renew a key's lease off the request path: its limits and the last worst case seen. */
    private final Map<Key, Demand> demand = new ConcurrentHashMap<>();

    private record Demand(List<CounterLimit> limits, long worstCase) {
    }

    /** A live lease as the keeper sees it. */
    record LiveLease(Key key, Instant expiresAt, long amount, long remaining) {
    }

    private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LEASE_ID_LENGTH = 12;

    /**
     * Lease ids of 12 random base-36 characters (62 bits) from a {@link SecureRandom}: unique across instances
     * without an instance id (SnapStart clones of one snapshot would share an instance id).
     */
    public static Supplier<String> randomLeaseIds() {
        return () -> {
            // a generator per id (leases are seconds apart): none is captured in a SnapStart snapshot and shared by its clones
            SecureRandom random = new SecureRandom();
            char[] id = new char[LEASE_ID_LENGTH];
            for (int i = 0; i < id.length; i++) {
                id[i] = BASE36[random.nextInt(BASE36.length)];
            }
            return new String(id);
        };
    }

    /**
     * @param ttl      how long a lease lives
     * @param margin   how long before its expiry a lease stops admitting (longer than a request takes to settle)
     * @param leaseIds unique lease ids ({@link #randomLeaseIds()} outside tests)
     */
    public LeaseBook(AllowanceLedger ledger, Clock clock, SliceSizer sizer, Duration ttl, Duration margin,
                     Supplier<String> leaseIds) {
        this(ledger, clock, measure -> sizer, ttl, margin, leaseIds);
        Objects.requireNonNull(sizer, "sizer");
    }

    /**
     * @param sizers the slice sizer per measure (slices of USD, tokens and requests have different ceilings)
     */
    public LeaseBook(AllowanceLedger ledger, Clock clock, Function<Measure, SliceSizer> sizers, Duration ttl, Duration margin,
                     Supplier<String> leaseIds) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sizers = Objects.requireNonNull(sizers, "sizers");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.margin = Objects.requireNonNull(margin, "margin");
        this.leaseIds = Objects.requireNonNull(leaseIds, "leaseIds");
        if (ttl.compareTo(margin) <= 0) {
            throw new IllegalArgumentException("a lease lives longer than its margin");
        }
    }

    /** Takes {@code worstCases} (per key, positive) from the live leases, all or nothing, without I/O. */
    public Admission admit(Map<Key, Long> worstCases) {
        Instant now = clock.instant();
        synchronized (lock) {
            List<Key> short_ = new ArrayList<>();
            for (var entry : worstCases.entrySet()) {
                if (entry.getValue() < 1) {
                    throw new IllegalArgumentException("a worst case is positive: " + entry);
                }
                if (!covers(live.get(entry.getKey()), entry.getValue(), now)) {
                    short_.add(entry.getKey());
                }
            }
            if (!short_.isEmpty()) {
                return new Uncovered(List.copyOf(short_));
            }
            Map<Key, Held> drawn = new LinkedHashMap<>();
            for (var entry : worstCases.entrySet()) {
                Held held = live.get(entry.getKey());
                drawnSinceMeasured.merge(entry.getKey(), entry.getValue(), Long::sum);
                held.remaining -= entry.getValue();
                held.inFlight++;
                drawn.put(entry.getKey(), held);
            }
            return new Admitted(new Ticket(drawn, Map.copyOf(worstCases)));
        }
    }

    /** Settles an admitted request at its {@code actual} amounts (per key of its admission, not negative). Once per ticket. */
    public void settle(Ticket ticket, Map<Key, Long> actual) {
        if (!actual.keySet().equals(ticket.worst.keySet())) {
            throw new IllegalArgumentException("settle every key the request was admitted on: " + ticket.worst.keySet());
        }
        actual.values().forEach(a -> {
            if (a < 0) {
                throw new IllegalArgumentException("an actual amount is not negative");
            }
        });
        synchronized (lock) {
            if (ticket.settled) {
                throw new IllegalStateException("ticket already settled");
            }
            ticket.settled = true;
            ticket.drawn.forEach((key, held) -> {
                long used = actual.get(key);
                held.remaining += ticket.worst.get(key) - used;
                held.consumed += used;
                held.inFlight--;
            });
        }
    }

    /**
     * Makes sure a live lease covers {@code worstCase} on the counter of {@code limits} (one counter, one measure),
     * leasing a new slice if needed. Calls the ledger; not for the admitted path.
     */
    public Acquired acquire(List<CounterLimit> limits, long worstCase) {
        Key key = Key.of(limits.getFirst());
        demand.put(key, new Demand(List.copyOf(limits), worstCase));
        return lease(key, limits, worstCase, false);
    }

    /**
     * Leases a successor for the live lease on {@code key} ahead of need (the keeper, off the request path), sized
     * for the last worst case seen there; the current lease is retired. Nothing happens for a key never acquired.
     */
    Acquired renew(Key key) {
        Demand wanted = demand.get(key);
        return wanted == null ? new Covered(key) : lease(key, wanted.limits(), wanted.worstCase(), true);
    }

    /**
     * How long a slice should last at this instance's recent rate: the keeper renews a lease once a quarter of it is
     * left and looks every second, so a slice that lasts this long is renewed off the request's path.
     */
    static final Duration DRAW_HORIZON = Duration.ofSeconds(4);

    /**
     * Measures what each key drew since the last call (the keeper calls it each round), as the rate that sizes the
     * next slices ({@link SliceSizer#size(long, long, long)}).
     */
    public void measureRates() {
        Instant now = clock.instant();
        synchronized (lock) {
            if (measuredAt != null) {
                long elapsed = Math.max(1, Duration.between(measuredAt, now).toMillis());
                drawRate.clear();
                drawnSinceMeasured.forEach((key, drawn) -> drawRate.put(key, drawn * 1000 / elapsed));
            }
            drawnSinceMeasured.clear();
            measuredAt = now;
        }
    }

    /** What {@code key} is expected to draw over {@link #DRAW_HORIZON} at its last measured rate (per second). */
    long expectedDraw(Key key) {
        synchronized (lock) {
            long seconds = DRAW_HORIZON.toSeconds();
            // saturating: a rate that large is capped by the room's share anyway
            return Math.min(drawRate.getOrDefault(key, 0L), Long.MAX_VALUE / seconds) * seconds;
        }
    }

    private Acquired lease(Key key, List<CounterLimit> limits, long worstCase, boolean ahead) {
        long tightest = limits.stream().mapToLong(CounterLimit::limit).min().orElseThrow();
        SliceSizer sizer = sizers.apply(key.measure());
        ReentrantLock keyLock = acquiring.computeIfAbsent(key, k -> new ReentrantLock());
        keyLock.lock();
        try {
            if (!ahead) {
                if (coveredNow(key, worstCase)) {
                    return new Covered(key);
                }
                // the live lease cannot cover this request: retire it, so what it has left goes back to the store
                // (now, if nothing is in flight on it) instead of sitting beside the new slice; the room seen
                // before that is stale, so the store is asked rather than trusted to refuse
                if (retireLive(key)) {
                    roomSeenAt.remove(key);
                }
            }
            flush();
            long room = roomSeen.getOrDefault(key, tightest);
            Instant seenAt = roomSeenAt.get(key);
            // room seen within the last second is trusted to refuse without I/O; older room may have been given back
            boolean fresh = seenAt != null && clock.instant().isBefore(seenAt.plus(ROOM_MEMORY));
            boolean asked = false;
            for (int attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
                long want = sizer.size(room, worstCase, expectedDraw(key));
                if (want == 0) {
                    if (asked || fresh || ahead || worstCase > tightest) {
                        return new Exhausted(key, room);
                    }
                    want = worstCase; // what was seen is old: ask the store for exactly this request
                }
                Instant now = clock.instant();
                Instant expiresAt = expiry(key.counter(), now);
                asked = true;
                switch (ledger.lease(limits, want, expiresAt, leaseIds.get())) {
                    case Granted granted -> {
                        seen(key, Math.max(0, tightest - granted.committedAfter()), now);
                        install(key, new Held(granted.lease()));
                        return new Covered(key);
                    }
                    case Refused refused -> {
                        room = refused.room();
                        seen(key, room, now);
                    }
                }
            }
            return new Exhausted(key, room);
        } finally {
            keyLock.unlock();
        }
    }

    /** Retires the live lease on {@code key}, if any: it admits nothing more and goes back once its requests settle. */
    private boolean retireLive(Key key) {
        synchronized (lock) {
            Held held = live.remove(key);
            if (held == null) {
                return false;
            }
            held.retired = true;
            retired.add(held);
            return true;
        }
    }

    private void seen(Key key, long room, Instant at) {
        roomSeen.put(key, room);
        roomSeenAt.put(key, at);
    }

    /** Releases retired and expired leases that have nothing in flight. Returns how many were released. */
    public int flush() {
        List<Held> due = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (lock) {
            live.values().removeIf(held -> {
                if (!held.lease.expiresAt().minus(margin).isAfter(now)) {
                    held.retired = true;
                    retired.add(held);
                    return true;
                }
                return false;
            });
            retired.removeIf(held -> {
                if (held.inFlight == 0) {
                    due.add(held);
                    return true;
                }
                return false;
            });
        }
        for (Held held : due) {
            // ALREADY_RELEASED means a sweeper reclaimed it after expiry, with consumption from usage records
            ledger.release(held.lease, held.consumed);
        }
        return due.size();
    }

    /**
     * Keeps the leases that expired with requests still running on them (a long stream) from being reclaimed under
     * those requests: a sweeper reclaims a lease {@code grace} after its stored expiry, at the usage records that named
     * it — which a running request has not written yet. Once half the grace has passed, the stored expiry moves to
     * now (one conditional write per such lease and half-grace), so the holder releases it, exactly, when they settle.
     *
     * @return how many leases were extended
     */
    public int extendInFlight(Duration grace) {
        Instant now = clock.instant();
        List<Held> due = new ArrayList<>();
        synchronized (lock) {
            for (Held held : retired) {
                if (held.inFlight > 0 && !held.storedExpiry.plus(grace.dividedBy(2)).isAfter(now)) {
                    due.add(held);
                }
            }
        }
        int extended = 0;
        for (Held held : due) {
            if (ledger.extend(held.lease, now)) {
                synchronized (lock) {
                    held.storedExpiry = now;
                }
                extended++;
            }
        }
        return extended;
    }

    /** Retires every lease and releases those with nothing in flight (the rest go at a later {@link #flush}). */
    @Override
    public void close() {
        synchronized (lock) {
            live.values().forEach(held -> {
                held.retired = true;
                retired.add(held);
            });
            live.clear();
        }
        flush();
    }

    /** What is left of the live lease on {@code key} (0 when there is none). */
    public long remaining(Key key) {
        synchronized (lock) {
            Held held = live.get(key);
            return held == null ? 0 : Math.max(0, held.remaining);
        }
    }

    /**
     * What a response may tell of {@code key}'s room: the room the store had left at this instance's last grant
     * plus what is left of its live lease — approximate within the slices other instances hold. Empty before the
     * first grant.
     */
    public OptionalLong roomView(Key key) {
        Long seen = roomSeen.get(key);
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen + remaining(key));
    }

    /** The live leases, for the keeper. */
    List<LiveLease> live() {
        synchronized (lock) {
            List<LiveLease> leases = new ArrayList<>();
            live.forEach((key, held) -> leases.add(new LiveLease(key, held.lease.expiresAt(), held.lease.amount(),
                    Math.max(0, held.remaining))));
            return leases;
        }
    }

    /** The keys this book has leased on (the keeper reclaims expired leases of their counters). */
    Set<Key> keysSeen() {
        return Set.copyOf(demand.keySet());
    }

    /** The room last seen on {@code key} is out of date (leases were reclaimed): the next acquire asks the store. */
    void roomChanged(Key key) {
        roomSeenAt.remove(key);
    }

    /** Forgets a key no request needs any more (its window is over): no renewal, no reclaim. */
    void forget(Key key) {
        demand.remove(key);
        roomSeen.remove(key);
        roomSeenAt.remove(key);
    }

    AllowanceLedger ledger() {
        return ledger;
    }

    Duration margin() {
        return margin;
    }

    private void install(Key key, Held fresh) {
        synchronized (lock) {
            Held old = live.put(key, fresh);
            if (old != null) {
                old.retired = true;
                retired.add(old);
            }
        }
    }

    private boolean coveredNow(Key key, long worstCase) {
        Instant now = clock.instant();
        synchronized (lock) {
            return covers(live.get(key), worstCase, now);
        }
    }

    private boolean covers(Held held, long worstCase, Instant now) {
        return held != null && held.remaining >= worstCase && held.lease.expiresAt().minus(margin).isAfter(now);
    }

    /**
     * A lease expires after its ttl, and a minute window's at the window's end — unless that is within the margin,
     * where the lease could admit nothing (a lease outliving its minute is harmless: the counter is no longer used).
     */
    private Instant expiry(Counter counter, Instant now) {
        Instant expiresAt = now.plus(ttl);
        if (counter.window() instanceof Window.Minute minute && minute.end().isBefore(expiresAt)
                && minute.end().minus(margin).isAfter(now)) {
            return minute.end();
        }
        return expiresAt;
    }
}
