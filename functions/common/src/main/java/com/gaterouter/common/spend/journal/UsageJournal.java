package com.gaterouter.common.spend.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway's durable usage journal: an append-only, segmented file of usage records with
 * group commit.
 *
 * <p><b>Appending.</b> {@link #append} hands the record to a single writer thread and waits until
 * the record is on disk. The writer takes everything queued at that moment (up to
 * {@link Options#maxBatchRecords}), writes it with one {@code write}, forces it with one
 * {@link FileChannel#force}, and only then completes every caller of the batch: under load many
 * appends share one force; alone, an append costs one write and one force. Each record carries a
 * CRC-32C and a sequence number (see {@link RecordCodec}).
 *
 * <p><b>Segments.</b> Records go to {@code journal-<first sequence>.log}; once a segment reaches
 * {@link Options#segmentBytes} the next batch starts a new one. The consumer that applies records
 * to the usage table calls {@link #markApplied} with the highest sequence it has applied (a
 * contiguous prefix); that writes the {@value #APPLIED_FILE} marker atomically (temporary file,
 * force, atomic rename) and deletes every closed segment whose records are all applied and that is
 * past its retention ({@link Options}: none by default).
 *
 * <p><b>Recovery.</b> {@link #open} reads every segment, cuts a torn tail off the last one (a
 * partial record or a bad checksum: the process died between write and force, so nobody was told
 * the record was durable), and hands every record after the marker to the given consumer, in
 * sequence order, before any new append. A broken record anywhere else is corruption and fails
 * the open rather than dropping usage silently. The journal never deduplicates: the consumer must
 * be idempotent on the request id (conditional puts), because a record applied just before a
 * crash and not yet marked is handed over again.
 *
 * <p>One journal per directory: {@link #open} takes an exclusive lock on {@value #LOCK_FILE} (held
 * until {@link #close}, released by the OS if the process dies) and fails if another process or
 * another open journal in this one holds it.
 */
public final class UsageJournal implements AutoCloseable {

    public static final String APPLIED_FILE = "applied";
    public static final String LOCK_FILE = "journal.lock";
    private static final String APPLIED_TEMP = "applied.tmp";
    private static final String SEGMENT_PREFIX = "journal-";
    private static final String SEGMENT_SUFFIX = ".log";
    private static final Logger LOG = LoggerFactory.getLogger(UsageJournal.class);

    /**
     * Tuning: the size at which a segment is closed, the most records forced together, and how long
     * closed segments whose records are all applied are kept: until {@code retainSegments} newer
     * closed segments exist, or until the segment was last written more than {@code retainFor} ago,
     * whichever comes first ({@code 0} and {@link Duration#ZERO}: deleted as soon as applied). A
     * consumer whose store may lose writes it acknowledged (DynamoDB Local on kill -9) re-applies the
     * retained records on every open ({@link #openRetained}).
     */
    public record Options(long segmentBytes, int maxBatchRecords, int retainSegments, Duration retainFor, Sync sync) {

        /** Forced before the append returns (the default), or behind it. */
        public Options(long segmentBytes, int maxBatchRecords, int retainSegments, Duration retainFor) {
            this(segmentBytes, maxBatchRecords, retainSegments, retainFor, Sync.BEFORE_ANSWER);
        }

        public Options {
            Objects.requireNonNull(sync, "sync");
            if (segmentBytes < 1) {
                throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
            }
            if (maxBatchRecords < 1) {
                throw new IllegalArgumentException("maxBatchRecords must be positive: " + maxBatchRecords);
            }
            if (retainSegments < 0) {
                throw new IllegalArgumentException("retainSegments must not be negative: " + retainSegments);
            }
            Objects.requireNonNull(retainFor, "retainFor");
            if (retainFor.isNegative()) {
                throw new IllegalArgumentException("retainFor must not be negative: " + retainFor);
            }
        }

        /** Applied segments deleted at once. */
        public Options(long segmentBytes, int maxBatchRecords) {
            this(segmentBytes, maxBatchRecords, 0, Duration.ZERO);
        }

        public static Options defaults() {
            return new Options(16L << 20, 1024);
        }

        public Options retaining(int segments, Duration time) {
            return new Options(segmentBytes, maxBatchRecords, segments, time, sync);
        }

        public Options syncing(Sync how) {
            return new Options(segmentBytes, maxBatchRecords, retainSegments, retainFor, how);
        }
    }

    /**
     * When an append returns. {@link #BEFORE_ANSWER}: once its batch is forced to the disk (survives a power loss;
     * costs the caller one {@code fsync}, shared by the batch). {@link #BACKGROUND}: once its batch is written to the
     * file — in the operating system's cache, so it survives the process being killed ({@code kill -9}) but not the
     * machine losing power before the next force — and a syncer thread forces what was written right behind it, at
     * most one force at a time. Either way the {@link DurableListener} hears of a record only once it is forced, so
     * nothing downstream (an applier's marks) ever runs ahead of what is on the disk.
     */
    public enum Sync {
        BEFORE_ANSWER,
        BACKGROUND
    }

    /** Receives every batch the writer made durable, in sequence order, before its appends return. */
    @FunctionalInterface
    public interface DurableListener {
        void durable(List<JournalEntry> batch);
    }

    private static final DurableListener NO_LISTENER = batch -> {
    };

    /** Counters for benchmarks and health: records made durable, and forces it took. */
    public record Stats(long appends, long forces) {}

    private record Pending(byte[] requestId, byte[] payload, CompletableFuture<Long> done) {}

    private static final Pending STOP = new Pending(new byte[0], new byte[0], null);

    private final Path directory;
    private final Options options;
    private final Clock clock;
    private final DurableListener listener;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Thread syncer;
    /** Guards the active channel between the writer (which swaps it at rotation) and the syncer (which forces it). */
    private final java.util.concurrent.locks.ReentrantLock channelLock = new java.util.concurrent.locks.ReentrantLock();
    /** Written but not yet forced (BACKGROUND): guarded by itself. */
    private final List<JournalEntry> unsynced = new ArrayList<>();
    private volatile long writtenUpTo;
    private boolean syncStop;
    private final FileChannel lockChannel;
    /** First sequence of each segment → its file; guarded by itself. The last one is active. */
    private final TreeMap<Long, Path> segments;
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    /** Highest sequence known to be on disk. */
    private volatile long durableUpTo;
    private volatile long appliedUpTo;
    private volatile boolean closed;
    /** Set once a write or force failed: the file's state is unknown, so the journal stops. */
    private volatile Throwable failure;

    // Owned by the writer thread after open.
    private volatile FileChannel active;
    private long nextSequence;

    private UsageJournal(Path directory, Options options, Clock clock, DurableListener listener, FileChannel lockChannel,
            TreeMap<Long, Path> segments, FileChannel active, long nextSequence, long appliedUpTo) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.options = options;
        this.clock = clock;
        this.listener = listener;
        this.segments = segments;
        this.active = active;
        this.nextSequence = nextSequence;
        this.durableUpTo = nextSequence - 1;
        this.writtenUpTo = nextSequence - 1;
        this.appliedUpTo = appliedUpTo;
        this.writer = Thread.ofPlatform().name("usage-journal-writer").daemon(true).unstarted(this::writeLoop);
        this.syncer = Thread.ofPlatform().name("usage-journal-syncer").daemon(true).unstarted(this::syncLoop);
    }

    /**
     * Opens (creating if needed) the journal in {@code directory}, recovers it, and hands every
     * record not yet marked applied to {@code unapplied}, in sequence order, before returning.
     */
    public static UsageJournal open(Path directory, Options options, Consumer<JournalEntry> unapplied)
            throws IOException {
        return open(directory, options, Clock.systemUTC(), unapplied, false, NO_LISTENER);
    }

    /**
     * Opens (creating if needed) the journal in {@code directory}, recovers it, and hands EVERY
     * record still on disk — applied or not — to {@code retained}, in sequence order, before
     * returning; from then on hands each batch it makes durable to {@code listener} (on the writer
     * thread, before the batch's appends return). For a consumer that does not trust its store to
     * keep what it acknowledged: it re-applies the retained records idempotently.
     *
     * @param clock decides when retained segments are old enough to delete
     */
    public static UsageJournal openRetained(Path directory, Options options, Clock clock,
            Consumer<JournalEntry> retained, DurableListener listener) throws IOException {
        return open(directory, options, clock, retained, true, listener);
    }

    private static UsageJournal open(Path directory, Options options, Clock clock, Consumer<JournalEntry> handover,
            boolean everyRetained, DurableListener listener) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(handover, "handover");
        Objects.requireNonNull(listener, "listener");
        Files.createDirectories(directory);
        FileChannel lock = lock(directory);
        try {
            return recover(directory, options, clock, lock, handover, everyRetained, listener);
        } catch (IOException | RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    private static UsageJournal recover(Path directory, Options options, Clock clock, FileChannel lock,
            Consumer<JournalEntry> unapplied, boolean everyRetained, DurableListener listener) throws IOException {
        Files.deleteIfExists(directory.resolve(APPLIED_TEMP));
        long applied = readApplied(directory);
        TreeMap<Long, Path> segments = listSegments(directory);

        long last = applied;
        boolean sawRecord = false;
        List<Map.Entry<Long, Path>> ordered = new ArrayList<>(segments.entrySet());
        List<JournalEntry> pending = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            long first = ordered.get(i).getKey();
            Path file = ordered.get(i).getValue();
            boolean isLast = i == ordered.size() - 1;
            if (sawRecord && first != last + 1) {
                throw new IOException("usage journal " + directory + ": segment " + file.getFileName()
                        + " does not follow sequence " + last);
            }
            long expected = first;
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
            while (true) {
                RecordCodec.Read read = RecordCodec.decode(in);
                if (read instanceof RecordCodec.Read.End) {
                    break;
                }
                if (read instanceof RecordCodec.Read.Broken broken) {
                    if (!isLast) {
                        throw new IOException("usage journal " + directory + ": corrupt record in "
                                + file.getFileName() + " at byte " + in.position() + ": " + broken.reason());
                    }
                    LOG.warn("usage journal {}: cutting a torn tail off {} at byte {} ({} bytes, {})", directory,
                            file.getFileName(), in.position(), in.remaining(), broken.reason());
                    truncate(file, in.position());
                    break;
                }
                JournalEntry entry = ((RecordCodec.Read.Complete) read).entry();
                if (entry.sequence() != expected) {
                    throw new IOException("usage journal " + directory + ": " + file.getFileName() + " holds sequence "
                            + entry.sequence() + " where " + expected + " was expected");
                }
                expected++;
                last = entry.sequence();
                sawRecord = true;
                if (everyRetained || entry.sequence() > applied) {
                    pending.add(entry);
                }
            }
            if (!sawRecord) {
                last = Math.max(last, first - 1);
            }
        }
        if (last < applied) {
            throw new IOException("usage journal " + directory + ": marked applied up to " + applied
                    + " but the journal ends at " + last);
        }
        // Finish a cleanup a crash interrupted: closed segments whose records are all applied (and
        // are past their retention).
        Long activeFirst = segments.isEmpty() ? null : segments.lastKey();
        deleteApplied(segments, applied, options, clock);

        long nextSequence = last + 1;
        FileChannel channel;
        if (activeFirst == null) {
            Path file = segmentFile(directory, nextSequence);
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            forceDirectory(directory);
            segments.put(nextSequence, file);
        } else {
            channel = FileChannel.open(segments.get(activeFirst), StandardOpenOption.WRITE);
            channel.position(channel.size());
        }
        try {
            for (JournalEntry entry : pending) {
                unapplied.accept(entry);
            }
        } catch (RuntimeException | Error e) {
            channel.close();
            throw e;
        }
        UsageJournal journal = new UsageJournal(directory, options, clock, listener, lock, segments, channel, nextSequence,
                applied);
        journal.writer.start();
        if (options.sync() == Sync.BACKGROUND) {
            journal.syncer.start();
        }
        return journal;
    }

    /**
     * Appends one record and waits until it is forced to disk ({@link Sync#BEFORE_ANSWER}) or written to the
     * journal file ({@link Sync#BACKGROUND}).
     *
     * @return the record's sequence
     * @throws UncheckedIOException if the journal could not write or force it (then nothing later
     *     is accepted either)
     * @throws IllegalStateException if the journal is closed
     */
    public long append(String requestId, byte[] payload) {
        CompletableFuture<Long> done = appendAsync(requestId, payload);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    // The record may already be on its way to disk: keep waiting for the verdict.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Appends one record; the future completes with its sequence once it is on disk (as {@link Options#sync} says). */
    public CompletableFuture<Long> appendAsync(String requestId, byte[] payload) {
        byte[] id = RecordCodec.requestIdBytes(Objects.requireNonNull(requestId, "requestId"));
        byte[] body = Objects.requireNonNull(payload, "payload").clone();
        if (RecordCodec.bodySize(id, body) > RecordCodec.MAX_BODY_BYTES) {
            throw new IllegalArgumentException("record of " + body.length + " bytes is too large");
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        Throwable failed = failure;
        if (failed != null) {
            done.completeExceptionally(new UncheckedIOException("usage journal failed earlier",
                    failed instanceof IOException io ? io : new IOException(failed)));
            return done;
        }
        if (closed) {
            done.completeExceptionally(new IllegalStateException("usage journal is closed"));
            return done;
        }
        queue.add(new Pending(id, body, done));
        return done;
    }

    /**
     * Records that every entry up to {@code sequence} (inclusive) has been applied, durably, and
     * deletes the closed segments that holds only applied entries. Lower values than the current
     * mark are ignored.
     */
    public void markApplied(long sequence) throws IOException {
        synchronized (segments) {
            if (sequence > durableUpTo) {
                throw new IllegalArgumentException("cannot mark " + sequence + " applied: durable only up to "
                        + durableUpTo);
            }
            if (sequence <= appliedUpTo) {
                deleteApplied(segments, appliedUpTo, options, clock); // retention may have run out since
                return;
            }
            Path temp = directory.resolve(APPLIED_TEMP);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer text = ByteBuffer.wrap((sequence + "\n").getBytes(StandardCharsets.US_ASCII));
                while (text.hasRemaining()) {
                    out.write(text);
                }
                out.force(true);
            }
            Files.move(temp, directory.resolve(APPLIED_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(directory);
            appliedUpTo = sequence;
            deleteApplied(segments, sequence, options, clock);
        }
    }

    /**
     * Deletes, oldest first, the closed segments whose records are all at or below {@code applied}
     * and that are past their retention; stops at the first one that is not.
     */
    private static void deleteApplied(TreeMap<Long, Path> segments, long applied, Options options, Clock clock) {
        long closed = segments.size() - 1L; // the last segment is the active one, never deleted
        var it = segments.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Long next = segments.higherKey(e.getKey());
            if (next == null || next - 1 > applied) {
                return;
            }
            long newerClosed = closed - 1;
            if (newerClosed < options.retainSegments() && !olderThan(e.getValue(), options.retainFor(), clock)) {
                return;
            }
            deleteQuietly(e.getValue());
            it.remove();
            closed--;
        }
    }

    private static boolean olderThan(Path segment, Duration age, Clock clock) {
        if (age.isZero()) {
            return true;
        }
        try {
            Instant written = Files.getLastModifiedTime(segment).toInstant();
            return !written.plus(age).isAfter(clock.instant());
        } catch (IOException e) {
            return false; // gone or unreadable: the next pass looks again
        }
    }

    public long appliedUpTo() {
        return appliedUpTo;
    }

    /** The highest sequence written — every append that returned is at or below it (0 if the journal never held a record). */
    public long writtenUpTo() {
        return writtenUpTo;
    }

    /** The highest sequence forced to disk (0 if the journal never held a record). */
    public long durableUpTo() {
        return durableUpTo;
    }

    public Stats stats() {
        return new Stats(appends.get(), forces.get());
    }

    /** The segment files currently kept, oldest first (for tests and health). */
    public List<Path> segmentFiles() {
        synchronized (segments) {
            return List.copyOf(segments.values());
        }
    }

    /** Writes and forces everything appended before the call, then stops the writer. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        queue.add(STOP);
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (unsynced) {
            syncStop = true;
            unsynced.notifyAll();
        }
        while (syncer.isAlive()) {
            try {
                syncer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // Appends that raced with close and landed behind STOP.
        List<Pending> late = new ArrayList<>();
        queue.drainTo(late);
        for (Pending p : late) {
            if (p.done() != null) {
                p.done().completeExceptionally(new IllegalStateException("usage journal is closed"));
            }
        }
        try (FileChannel ignored = lockChannel) {
            active.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, through STOP
            }
            queue.drainTo(batch, options.maxBatchRecords() - 1);
            boolean stop = batch.removeIf(p -> p == STOP);
            if (!batch.isEmpty()) {
                writeBatch(batch);
            }
            if (stop) {
                List<Pending> rest = new ArrayList<>();
                queue.drainTo(rest);
                rest.removeIf(p -> p == STOP);
                if (!rest.isEmpty()) {
                    writeBatch(rest); // appended before close() flagged the journal closed
                }
                return;
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        Throwable failed = failure;
        if (failed != null) {
            fail(batch, failed);
            return;
        }
        int size = 0;
        for (Pending p : batch) {
            size += RecordCodec.encodedSize(p.requestId(), p.payload());
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        long first = nextSequence;
        long sequence = first;
        for (Pending p : batch) {
            RecordCodec.encode(out, sequence++, p.requestId(), p.payload());
        }
        out.flip();
        try {
            while (out.hasRemaining()) {
                active.write(out);
            }
            if (options.sync() == Sync.BEFORE_ANSWER) {
                active.force(false);
                forces.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("usage journal {}: write failed; the journal stops accepting records", directory, e);
            failure = e;
            fail(batch, e);
            return;
        }
        nextSequence = sequence;
        appends.addAndGet(batch.size());
        if (options.sync() == Sync.BACKGROUND) {
            synchronized (unsynced) {
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    unsynced.add(new JournalEntry(first + i, new String(p.requestId(), StandardCharsets.UTF_8), p.payload()));
                }
                writtenUpTo = sequence - 1;
                unsynced.notifyAll();
            }
        } else {
            durableUpTo = sequence - 1;
            writtenUpTo = sequence - 1;
        }
        if (listener != NO_LISTENER && options.sync() == Sync.BEFORE_ANSWER) {
            List<JournalEntry> entries = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                entries.add(new JournalEntry(first + i, new String(p.requestId(), StandardCharsets.UTF_8), p.payload()));
            }
            try {
                listener.durable(entries);
            } catch (RuntimeException e) {
                // the records are durable: a consumer that missed them finds them on the next open
                LOG.error("usage journal {}: the listener failed on sequences {}..{}", directory, first, sequence - 1, e);
            }
        }
        // Rotate before answering, so a caller that saw its append return sees the segment it closed.
        // The batch is durable either way: a failed rotation stops later appends, not this batch.
        try {
            if (active.position() >= options.segmentBytes()) {
                rotate();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("usage journal {}: rotation failed; the journal stops accepting records", directory, e);
            failure = e;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(first + i);
        }
    }

    /**
     * BACKGROUND: the syncer forces at most once every this long. A force costs about the same CPU whatever it covers
     * (0.1–0.2 ms here), so under a steady stream of single appends one force per append would cost more than the
     * appends; a record is on the disk at most this much later, and the listener hears of it as much later.
     */
    static final long MIN_FORCE_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10);

    /** BACKGROUND: forces what the writer wrote, one force at a time (at most every {@link #MIN_FORCE_INTERVAL_NANOS}), then tells the listener. */
    private void syncLoop() {
        long lastForce = System.nanoTime() - MIN_FORCE_INTERVAL_NANOS;
        while (true) {
            List<JournalEntry> entries;
            long upTo;
            long wait = lastForce + MIN_FORCE_INTERVAL_NANOS - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            synchronized (unsynced) {
                while (unsynced.isEmpty() && !syncStop) {
                    try {
                        unsynced.wait();
                    } catch (InterruptedException e) {
                        // only close() stops the syncer
                    }
                }
                if (unsynced.isEmpty()) {
                    return;
                }
                entries = new ArrayList<>(unsynced);
                unsynced.clear();
                upTo = writtenUpTo;
            }
            channelLock.lock();
            try {
                active.force(false);
                forces.incrementAndGet();
                lastForce = System.nanoTime();
            } catch (IOException | RuntimeException e) {
                LOG.error("usage journal {}: force failed; the journal stops accepting records", directory, e);
                failure = e;
                return;
            } finally {
                channelLock.unlock();
            }
            durableUpTo = upTo;
            if (listener != NO_LISTENER) {
                try {
                    listener.durable(entries);
                } catch (RuntimeException e) {
                    LOG.error("usage journal {}: the listener failed on sequences {}..{}", directory,
                            entries.getFirst().sequence(), upTo, e);
                }
            }
        }
    }

    private void rotate() throws IOException {
        Path file = segmentFile(directory, nextSequence);
        FileChannel next = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        forceDirectory(directory);
        synchronized (segments) {
            segments.put(nextSequence, file);
        }
        channelLock.lock();
        try {
            FileChannel previous = active;
            if (options.sync() == Sync.BACKGROUND) {
                previous.force(false); // what the syncer has not forced yet of it; it forces the new one from now on
                forces.incrementAndGet();
            }
            active = next;
            previous.close();
        } finally {
            channelLock.unlock();
        }
    }

    private static void fail(List<Pending> batch, Throwable cause) {
        UncheckedIOException error = new UncheckedIOException("usage journal could not write the record",
                cause instanceof IOException io ? io : new IOException(cause));
        for (Pending p : batch) {
            p.done().completeExceptionally(error);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof CompletionException ce && ce.getCause() != null) {
            cause = ce.getCause();
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new UncheckedIOException(cause instanceof IOException io ? io : new IOException(cause));
    }

    static Path segmentFile(Path directory, long firstSequence) {
        return directory.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, firstSequence, SEGMENT_SUFFIX));
    }

    private static TreeMap<Long, Path> listSegments(Path directory) throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, SEGMENT_PREFIX + "*" + SEGMENT_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length());
                long first;
                try {
                    first = Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw new IOException("usage journal " + directory + ": unexpected file " + name, e);
                }
                if (first < 1) {
                    throw new IOException("usage journal " + directory + ": unexpected file " + name);
                }
                segments.put(first, file);
            }
        }
        return segments;
    }

    private static long readApplied(Path directory) throws IOException {
        String text;
        try {
            text = Files.readString(directory.resolve(APPLIED_FILE), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return 0;
        }
        try {
            long applied = Long.parseLong(text);
            if (applied < 0) {
                throw new NumberFormatException("negative");
            }
            return applied;
        } catch (NumberFormatException e) {
            throw new IOException("usage journal " + directory + ": unreadable " + APPLIED_FILE + " marker: " + text, e);
        }
    }

    private static FileChannel lock(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) {
                return channel;
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // held by another journal open in this JVM
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        throw new IOException("usage journal " + directory + " is in use by another journal or process");
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("usage journal: cannot delete applied segment {} (it is deleted on the next open)", file, e);
        }
    }

    /** Makes a file's creation, rename or removal durable; a no-op where directories cannot be forced. */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("usage journal: cannot force directory {}", directory, e);
        }
    }
}
