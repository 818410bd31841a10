package com.gaterouter.common.spend.journal;

import com.gaterouter.common.spend.CounterAggregator;
import com.gaterouter.common.spend.CounterSink;
import com.gaterouter.common.spend.SourcePosition;
import com.gaterouter.common.usage.UsageRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link UsageJournal}'s records to the stores, off the request's path, in batches: the usage
 * records ({@link UsageRecordWriter}, idempotent puts) and then the spend counters ({@link CounterAggregator}
 * → {@link CounterSink}, source {@value #SOURCE}, position = the record's journal sequence, exactly once by the
 * counters' high-water marks); only then is the batch marked applied in the journal.
 *
 * <p><b>Feeding.</b> The journal hands over every retained record at open ({@link #retained}, applied or not:
 * DynamoDB Local may have lost what it acknowledged before a kill -9) and then every batch it makes durable
 * ({@link #durable}, in sequence order). {@link #start} applies the retained records before it returns — the
 * gateway serves only after that — then a background thread takes what is queued: up to
 * {@link Settings#maxBatchRecords} at once, waiting at most {@link Settings#linger} for more once it has one.
 *
 * <p><b>Failures.</b> A batch that a store refuses is retried, whole, with exponential backoff up to
 * {@link Settings#maxBackoff}; nothing is marked applied until it went through, and everything it
 * wrote before failing is written again harmlessly. A record whose payload is not a settlement is reported
 * to {@code undecodable} and logged (sequence and request id, never the payload), then passed over.
 *
 * <p><b>Duplicates.</b> A request id appended twice (a settle retried after an append that reached the disk
 * anyway, a spool replay) is counted once: the applier remembers the sequence at which it saw each of the
 * last {@value #REMEMBERED_IDS} request ids, and skips a record whose id it saw at another sequence.
 */
public final class JournalApplier implements AutoCloseable {

    public static final String SOURCE = "journal";
    static final int REMEMBERED_IDS = 200_000;
    private static final Logger LOG = LoggerFactory.getLogger(JournalApplier.class);
    private static final int LAG_SAMPLES = 1 << 16;

    /**
     * @param maxBatchRecords most records applied together
     * @param linger          how long a batch waits for more records once it has one, at most (0: take what is queued)
     * @param quiet           a batch is applied as soon as no record came for this long (at most {@code linger}): under a
     *                        steady stream of records batches grow to {@code linger}, and each batch's writes — one per
     *                        distinct counter — are spread over more records; a lone request is applied {@code quiet} after it
     * @param firstBackoff    the pause after a failed batch, doubled per failure up to {@code maxBackoff}
     * @param closeDeadline   how long {@link #close} keeps trying to apply what is left (the rest stays in the journal)
     */
    public record Settings(int maxBatchRecords, Duration linger, Duration quiet, Duration firstBackoff, Duration maxBackoff,
                           Duration closeDeadline) {
        public Settings {
            if (maxBatchRecords < 1) {
                throw new IllegalArgumentException("maxBatchRecords must be positive");
            }
            Objects.requireNonNull(linger, "linger");
            Objects.requireNonNull(quiet, "quiet");
            Objects.requireNonNull(firstBackoff, "firstBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(closeDeadline, "closeDeadline");
        }

        /** Lingering {@code linger} for more records, however they come. */
        public Settings(int maxBatchRecords, Duration linger, Duration firstBackoff, Duration maxBackoff, Duration closeDeadline) {
            this(maxBatchRecords, linger, linger, firstBackoff, maxBackoff, closeDeadline);
        }

        public static Settings defaults() {
            return new Settings(1000, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(30));
        }

        /** The same, lingering {@code time} for more records once a batch has one. */
        public Settings lingering(Duration time) {
            return new Settings(maxBatchRecords, time, time, firstBackoff, maxBackoff, closeDeadline);
        }

        /** The same, lingering while records keep coming less than {@code quiet} apart, {@code atMost} in all, up to {@code records}. */
        public Settings lingering(Duration quiet, Duration atMost, int records) {
            return new Settings(records, atMost, quiet, firstBackoff, maxBackoff, closeDeadline);
        }
    }

    /** What the applier did: records and batches applied, failed attempts, undecodable records, counter lag. */
    public record Stats(long applied, long batches, long failures, long undecodable, long lagSamples,
                        Duration lagP50, Duration lagP99, Duration writingUsage, Duration writingCounters) {
    }

    /** Pauses between attempts (tests pass one that does not wait). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    private record Queued(JournalEntry entry, long durableAtNanos) {
    }

    private static final Queued STOP = new Queued(null, 0);

    private final UsageRecordWriter usage;
    private final CounterSink counters;
    private final CounterAggregator aggregator;
    private final Settings settings;
    private final Sleeper sleeper;
    private final Consumer<JournalEntry> undecodable;
    private final List<JournalEntry> backlog = new ArrayList<>();
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final Map<String, Long> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong undecodableCount = new AtomicLong();
    private final AtomicLong usageNanos = new AtomicLong();
    private final AtomicLong counterNanos = new AtomicLong();
    private final long[] lags = new long[LAG_SAMPLES];
    private long lagCount;
    private final Object progress = new Object();
    private volatile long appliedUpTo;
    private volatile boolean closing;
    private UsageJournal journal;
    private Thread thread;

    public JournalApplier(UsageRecordWriter usage, CounterSink counters, CounterAggregator aggregator, Settings settings,
                          Sleeper sleeper, Consumer<JournalEntry> undecodable) {
        this.usage = Objects.requireNonNull(usage, "usage");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.undecodable = Objects.requireNonNull(undecodable, "undecodable");
    }

    /** For {@link UsageJournal#openRetained}: a record still on disk at open. */
    public void retained(JournalEntry entry) {
        synchronized (backlog) {
            if (thread != null) {
                throw new IllegalStateException("retained records come before start");
            }
            backlog.add(entry);
        }
    }

    /** For {@link UsageJournal#openRetained}: a batch made durable (called on the journal's writer thread). */
    public void durable(List<JournalEntry> batch) {
        long now = System.nanoTime();
        for (JournalEntry entry : batch) {
            queue.add(new Queued(entry, now));
        }
    }

    /**
     * Applies every retained record (retrying until it went through), marks them applied, then applies the
     * journal's new records in the background.
     */
    public void start(UsageJournal journal) {
        List<JournalEntry> recovered;
        synchronized (backlog) {
            if (thread != null) {
                throw new IllegalStateException("started already");
            }
            this.journal = Objects.requireNonNull(journal, "journal");
            recovered = List.copyOf(backlog);
            backlog.clear();
            thread = Thread.ofPlatform().name("usage-journal-applier").daemon(true).unstarted(this::run);
        }
        for (int from = 0; from < recovered.size(); from += settings.maxBatchRecords()) {
            List<Queued> batch = new ArrayList<>();
            recovered.subList(from, Math.min(recovered.size(), from + settings.maxBatchRecords()))
                    .forEach(e -> batch.add(new Queued(e, -1)));
            if (!applyRetrying(batch, Long.MAX_VALUE)) {
                throw new IllegalStateException("interrupted re-applying the usage journal");
            }
        }
        if (!recovered.isEmpty()) {
            LOG.info("usage journal: re-applied {} retained records (sequences {}..{})", recovered.size(),
                    recovered.getFirst().sequence(), recovered.getLast().sequence());
        }
        thread.start();
    }

    /** Waits until every record up to {@code sequence} is applied. */
    public void awaitApplied(long sequence, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (appliedUpTo < sequence) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("usage journal applied up to " + appliedUpTo + ", waiting for " + sequence);
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
    }

    /** Waits until everything appended to the journal so far (every answered request) is forced and applied. */
    public void flush(Duration timeout) throws TimeoutException, InterruptedException {
        awaitApplied(journal.writtenUpTo(), timeout);
    }

    public long appliedUpTo() {
        return appliedUpTo;
    }

    public Stats stats() {
        long[] samples;
        synchronized (lags) {
            samples = Arrays.copyOf(lags, (int) Math.min(lagCount, LAG_SAMPLES));
        }
        Arrays.sort(samples);
        return new Stats(applied.get(), batches.get(), failures.get(), undecodableCount.get(), samples.length,
                percentile(samples, 0.50), percentile(samples, 0.99), Duration.ofNanos(usageNanos.get()),
                Duration.ofNanos(counterNanos.get()));
    }

    private static Duration percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length - 1, index))]);
    }

    /**
     * Applies everything queued (close the journal first, so nothing more comes), trying until
     * {@link Settings#closeDeadline}; what is still unapplied then stays in the journal for the next start.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (backlog) {
            running = thread;
        }
        if (running == null) {
            return;
        }
        closing = true;
        queue.add(STOP);
        try {
            running.join(settings.closeDeadline().plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            running.interrupt();
        }
        LOG.debug("usage journal applier stopped: {}", summary());
    }

    /** One line for the console: records, batches, failures and the counter lag (empty when nothing was applied). */
    public java.util.Optional<String> summary() {
        Stats stats = stats();
        if (stats.applied() + stats.failures() + stats.undecodable() == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format("usage journal applier: %d records in %d batches, %d failed attempts, "
                        + "%d undecodable; counter lag p50 %d ms, p99 %d ms (writing usage %d ms, counters %d ms)", stats.applied(),
                stats.batches(), stats.failures(), stats.undecodable(), stats.lagP50().toMillis(), stats.lagP99().toMillis(),
                stats.writingUsage().toMillis(), stats.writingCounters().toMillis()));
    }

    private void run() {
        long closeBy = Long.MAX_VALUE;
        List<Queued> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            Queued first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return; // only close() interrupts, past its deadline
            }
            boolean stop = first == STOP;
            if (!stop) {
                batch.add(first);
                stop = fill(batch);
            }
            if (stop) {
                closeBy = System.nanoTime() + settings.closeDeadline().toNanos();
                List<Queued> rest = new ArrayList<>(batch);
                queue.drainTo(rest);
                rest.removeIf(q -> q == STOP);
                for (int from = 0; from < rest.size(); from += settings.maxBatchRecords()) {
                    if (!applyRetrying(rest.subList(from, Math.min(rest.size(), from + settings.maxBatchRecords())), closeBy)) {
                        LOG.warn("usage journal: {} records left unapplied at close; the next start applies them",
                                rest.size() - from);
                        return;
                    }
                }
                return;
            }
            if (!applyRetrying(batch, closeBy)) {
                return;
            }
        }
    }

    /** Adds queued records up to the batch size, lingering for more while they keep coming; true if STOP came. */
    private boolean fill(List<Queued> batch) {
        List<Queued> more = new ArrayList<>();
        queue.drainTo(more, settings.maxBatchRecords() - batch.size());
        long until = System.nanoTime() + settings.linger().toNanos();
        while (true) {
            for (Queued q : more) {
                if (q == STOP) {
                    queue.add(STOP); // seen again by the caller's drain
                    return true;
                }
                batch.add(q);
            }
            more.clear();
            long left = until - System.nanoTime();
            if (batch.size() >= settings.maxBatchRecords() || left <= 0 || closing) {
                return false;
            }
            try {
                Queued next = queue.poll(Math.min(left, settings.quiet().toNanos()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    return false; // quiet for a while, or the linger is over: apply what came
                }
                more.add(next);
                queue.drainTo(more, settings.maxBatchRecords() - batch.size() - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** @return false if it gave up: interrupted, or past {@code deadlineNanos} */
    private boolean applyRetrying(List<Queued> batch, long deadlineNanos) {
        Duration pause = settings.firstBackoff();
        while (true) {
            try {
                apply(batch);
                return true;
            } catch (RuntimeException | IOException e) {
                failures.incrementAndGet();
                LOG.warn("usage journal: applying sequences {}..{} failed (retrying in {} ms): {}",
                        batch.getFirst().entry().sequence(), batch.getLast().entry().sequence(), pause.toMillis(), e.toString());
            }
            if (System.nanoTime() + pause.toNanos() > deadlineNanos) {
                return false;
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = pause.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : pause.multipliedBy(2);
        }
    }

    private void apply(List<Queued> batch) throws IOException {
        List<UsageRecord> records = new ArrayList<>(batch.size());
        List<String> json = new ArrayList<>(batch.size());
        List<CounterAggregator.Positioned> positioned = new ArrayList<>(batch.size());
        for (Queued queued : batch) {
            JournalEntry entry = queued.entry();
            if (entry.sequence() <= appliedUpTo) {
                continue; // handed over twice (retained and queued): applied already
            }
            JournaledSpendLedger.Decoded decoded;
            try {
                decoded = JournaledSpendLedger.decode(entry.payload());
            } catch (IllegalArgumentException e) {
                if (rememberUndecodable(entry)) {
                    LOG.error("usage journal: record {} (request {}) is not a usage record, set aside: {}",
                            entry.sequence(), entry.requestId(), e.getMessage());
                    undecodable.accept(entry);
                }
                continue;
            }
            UsageRecord record = decoded.usage();
            Long first;
            synchronized (seen) {
                first = seen.putIfAbsent(record.requestId(), entry.sequence());
            }
            if (first != null && first != entry.sequence()) {
                LOG.warn("usage journal: request {} appended again at {} (first at {}); counted once",
                        record.requestId(), entry.sequence(), first);
                continue;
            }
            records.add(record);
            json.add(decoded.json());
            positioned.add(new CounterAggregator.Positioned(position(entry.sequence()), record));
        }
        if (!records.isEmpty()) {
            long started = System.nanoTime();
            usage.writeAll(records, json);
            long written = System.nanoTime();
            usageNanos.addAndGet(written - started);
            counters.apply(aggregator.aggregate(positioned));
            counterNanos.addAndGet(System.nanoTime() - written);
        }
        long last = batch.getLast().entry().sequence();
        if (last > appliedUpTo) {
            journal.markApplied(last);
        }
        long now = System.nanoTime();
        synchronized (lags) {
            for (Queued queued : batch) {
                if (queued.durableAtNanos() >= 0) {
                    lags[(int) (lagCount++ % LAG_SAMPLES)] = now - queued.durableAtNanos();
                }
            }
        }
        applied.addAndGet(records.size());
        batches.incrementAndGet();
        synchronized (progress) {
            appliedUpTo = Math.max(appliedUpTo, last);
            progress.notifyAll();
        }
    }

    private final java.util.Set<Long> reportedUndecodable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private boolean rememberUndecodable(JournalEntry entry) {
        if (reportedUndecodable.add(entry.sequence())) {
            undecodableCount.incrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * The counters' position of a journal record: its sequence, which the journal keeps gapless and
     * increasing across segments and restarts, so it orders records on its own (segment field 0).
     */
    public static SourcePosition position(long sequence) {
        return SourcePosition.journal(0, sequence);
    }
}
