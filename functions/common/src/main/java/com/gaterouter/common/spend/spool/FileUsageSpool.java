package com.gaterouter.common.spend.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway's spool: a directory holding an append-only JSON-lines file
 * ({@value #SPOOL_FILE}), one {@link Settlement} per line, forced to disk ({@code fsync}) before
 * {@link #append} returns.
 *
 * <p>Appends from many threads are serialised by a lock and each line is written by one
 * {@code write} to a file opened for appending, so lines never interleave. {@link #drain} first
 * claims the file by renaming it atomically ({@code usage-spool.<id>.claimed}); new appends start a
 * fresh file meanwhile. It replays the claimed file, appends what the handler declined back to the
 * live spool, and only then deletes the claimed file. A crash at any point leaves either the live
 * file or the claimed one in place, and the next drain replays every claimed file it finds: entries
 * can be handed over twice (the ledger settles each request once), never lost. Lines that are not a
 * settlement (a torn last line after a power cut) are moved to {@value #REJECTED_FILE}.
 */
public final class FileUsageSpool implements UsageSpool {

    public static final String SPOOL_FILE = "usage-spool.jsonl";
    public static final String REJECTED_FILE = "usage-spool.rejected.jsonl";
    private static final String CLAIMED_PREFIX = "usage-spool.";
    private static final String CLAIMED_SUFFIX = ".claimed";
    private static final Logger LOG = LoggerFactory.getLogger(FileUsageSpool.class);

    private final Path directory;
    private final Path live;
    private final Path rejected;
    /** Guards the live file: appends, and the rename that claims it. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** One drain at a time in this process. */
    private final ReentrantLock drainLock = new ReentrantLock();

    public FileUsageSpool(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.live = directory.resolve(SPOOL_FILE);
        this.rejected = directory.resolve(REJECTED_FILE);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the usage spool directory " + directory, e);
        }
    }

    /**
     * A spool in a fresh temporary directory that is removed, with what it still holds, when the
     * JVM exits: for tests and tools, whose data dies with them anyway. The local gateway keeps its
     * spool in its own run directory; Lambda spools to SQS.
     */
    public static FileUsageSpool inTemporaryDirectory() {
        Path directory;
        try {
            directory = Files.createTempDirectory("gaterouter-usage-spool");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary usage spool directory", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(directory), "usage-spool-cleanup"));
        return new FileUsageSpool(directory);
    }

    private static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove the temporary usage spool " + directory + ": " + e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void append(Settlement settlement) {
        appendLines(live, List.of(settlement.toJson()));
    }

    /** Settlements waiting in the live file and in claimed files a drain has not finished. */
    public int pending() {
        drainLock.lock();
        try {
            int count = 0;
            for (Path file : spoolFiles()) {
                count += (int) readLines(file).stream().filter(line -> !line.isBlank()).count();
            }
            return count;
        } finally {
            drainLock.unlock();
        }
    }

    @Override
    public DrainResult drain(Predicate<Settlement> handler) {
        drainLock.lock();
        try {
            claimLiveFile();
            DrainResult result = DrainResult.EMPTY;
            for (Path claimed : claimedFiles()) {
                result = result.plus(replay(claimed, handler));
            }
            return result;
        } finally {
            drainLock.unlock();
        }
    }

    private DrainResult replay(Path claimed, Predicate<Settlement> handler) {
        List<String> keep = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int accepted = 0;
        for (String line : readLines(claimed)) {
            if (line.isBlank()) {
                continue;
            }
            Settlement settlement;
            try {
                settlement = Settlement.fromJson(line);
            } catch (IllegalArgumentException e) {
                LOG.error("usage spool {}: set aside a line that is not a settlement ({})", claimed.getFileName(),
                        e.getMessage());
                unreadable.add(line);
                continue;
            }
            boolean done;
            try {
                done = handler.test(settlement);
            } catch (RuntimeException e) {
                LOG.warn("usage spool: replaying request {} failed, kept for the next drain: {}",
                        settlement.requestId(), e.toString());
                done = false;
            }
            if (done) {
                accepted++;
            } else {
                keep.add(line);
            }
        }
        // what was not taken goes back before the claimed file goes away: a crash in between duplicates, never loses
        if (!unreadable.isEmpty()) {
            appendLines(rejected, unreadable);
        }
        if (!keep.isEmpty()) {
            appendLines(live, keep);
        }
        try {
            Files.deleteIfExists(claimed);
            force(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the replayed spool file " + claimed, e);
        }
        return new DrainResult(accepted, keep.size(), unreadable.size());
    }

    private void claimLiveFile() {
        appendLock.lock();
        try {
            if (!Files.exists(live)) {
                return;
            }
            Path claimed = directory.resolve(CLAIMED_PREFIX + System.currentTimeMillis() + "-"
                    + UUID.randomUUID().toString().substring(0, 8) + CLAIMED_SUFFIX);
            try {
                Files.move(live, claimed, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("the usage spool needs a file system with atomic renames: " + directory, e);
            }
            force(directory);
        } catch (NoSuchFileException gone) {
            // another process claimed it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim the usage spool file " + live, e);
        } finally {
            appendLock.unlock();
        }
    }

    /** Claimed files, oldest claim first. */
    private List<Path> claimedFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, CLAIMED_PREFIX + "*" + CLAIMED_SUFFIX)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the usage spool directory " + directory, e);
        }
        files.sort(null);
        return files;
    }

    private List<Path> spoolFiles() {
        List<Path> files = new ArrayList<>(claimedFiles());
        if (Files.exists(live)) {
            files.add(live);
        }
        return files;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the usage spool file " + file, e);
        }
    }

    /**
     * Appends whole lines with one write and forces them to disk. A file whose last line was torn
     * (no newline: a crash mid-write) gets a newline first, so the torn line stays alone and is set
     * aside at replay instead of corrupting the new one.
     */
    private void appendLines(Path file, List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        appendLock.lock();
        try {
            boolean created = !Files.exists(file);
            if (!created && !endsWithNewline(file)) {
                text.insert(0, '\n');
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (created) {
                force(directory); // the new file's directory entry must survive a crash too
            }
        } catch (IOException e) {
            throw new SpoolException("cannot append to the usage spool " + file, e);
        } finally {
            appendLock.unlock();
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    /** fsync of a directory (where the platform allows it: not on Windows). */
    private static void force(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: some platforms cannot open a directory
        }
    }
}
