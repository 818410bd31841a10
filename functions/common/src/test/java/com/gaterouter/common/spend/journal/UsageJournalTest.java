package com.gaterouter.common.spend.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageJournalTest {

    private static final UsageJournal.Options DEFAULTS = UsageJournal.Options.defaults();

    @TempDir
    Path dir;

    private static byte[] payload(String requestId) {
        return ("{\"requestId\":\"" + requestId + "\",\"costMicros\":1234}").getBytes(UTF_8);
    }

    @Test
    void roundTripHandsEveryUnappliedRecordBackInOrderAndContinuesTheSequence() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, e -> {
            throw new AssertionError("a fresh journal has nothing to recover: " + e);
        })) {
            assertThat(journal.append("r1", payload("r1"))).isEqualTo(1);
            assertThat(journal.append("r2", payload("r2"))).isEqualTo(2);
            assertThat(journal.append("r3", new byte[0])).isEqualTo(3);
            assertThat(journal.durableUpTo()).isEqualTo(3);
        }

        List<JournalEntry> seen = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, seen::add)) {
            assertThat(seen).containsExactly(
                    new JournalEntry(1, "r1", payload("r1")),
                    new JournalEntry(2, "r2", payload("r2")),
                    new JournalEntry(3, "r3", new byte[0]));
            assertThat(journal.append("r4", payload("r4"))).isEqualTo(4);
        }
        assertThat(JournalFiles.recover(dir, DEFAULTS)).extracting(JournalEntry::requestId)
                .containsExactly("r1", "r2", "r3", "r4");
    }

    @Test
    void inTheBackgroundAnAppendReturnsOnceWrittenAndTheListenerHearsOnlyOfForcedRecordsInOrder() throws Exception {
        UsageJournal.Options background = new UsageJournal.Options(2 * 1024, 1024).retaining(100, Duration.ofHours(1))
                .syncing(UsageJournal.Sync.BACKGROUND);
        List<Long> heard = java.util.Collections.synchronizedList(new ArrayList<>());
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        UsageJournal journal = UsageJournal.openRetained(dir, background, java.time.Clock.systemUTC(), e -> {
        }, batch -> {
            assertThat(journal(batch)).allSatisfy(sequence -> assertThat(sequence).isPositive());
            batch.forEach(e -> heard.add(e.sequence()));
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = "b" + thread + "-" + i;
                        long sequence = journal.append(id, payload(id));
                        // written to the file (the OS holds it): a process that reads the files now finds it
                        assertThat(JournalFiles.complete(dir)).contains(new JournalEntry(sequence, id, payload(id)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            journal.close(); // the syncer forces the rest before it stops
        }
        assertThat(heard).as("every record heard once, in sequence order, once forced")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        assertThat(journal.durableUpTo()).isEqualTo(threads * perThread);
        assertThat(journal.stats().forces()).isPositive().isLessThanOrEqualTo(journal.stats().appends() + JournalFiles.segments(dir).size());
        assertThat(JournalFiles.recover(dir, DEFAULTS)).hasSize(threads * perThread);
        assertThat(JournalFiles.segments(dir)).as("rotation forced and closed earlier segments").hasSizeGreaterThan(1);
    }

    private static List<Long> journal(List<JournalEntry> batch) {
        return batch.stream().map(JournalEntry::sequence).toList();
    }

    @Test
    void concurrentAppendersEachFindTheirOwnRecordOnDiskWhenAppendReturns() throws Exception {
        int threads = 32;
        int perThread = 40;
        Set<Long> sequences = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try (UsageJournal journal = UsageJournal.open(dir, new UsageJournal.Options(8 * 1024, 1024), e -> {})) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        String id = "t" + thread + "-" + i;
                        long sequence = journal.append(id, payload(id));
                        assertThat(sequences.add(sequence)).as("sequence %d given twice", sequence).isTrue();
                        if (i % 10 == 9) {
                            // Read the files as a recovering process would: the record must be there.
                            assertThat(JournalFiles.complete(dir))
                                    .contains(new JournalEntry(sequence, id, payload(id)));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(journal.stats().appends()).isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }

        List<JournalEntry> recovered = JournalFiles.recover(dir, DEFAULTS);
        assertThat(recovered).hasSize(threads * perThread);
        assertThat(recovered).extracting(JournalEntry::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        assertThat(new HashSet<>(recovered.stream().map(JournalEntry::requestId).toList())).hasSize(threads * perThread);
        assertThat(JournalFiles.segments(dir)).hasSizeGreaterThan(1);
    }

    @Test
    void aPartialLastRecordIsCutOffAndItsSequenceReused() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, e -> {})) {
            journal.append("r1", payload("r1"));
            journal.append("r2", payload("r2"));
        }
        Path segment = JournalFiles.segments(dir).getLast();
        long goodSize = Files.size(segment);
        ByteBuffer torn = ByteBuffer.allocate(200);
        RecordCodec.encode(torn, 3, "r3".getBytes(UTF_8), payload("r3"));
        Files.write(segment, java.util.Arrays.copyOf(torn.array(), torn.position() - 5), StandardOpenOption.APPEND);

        List<JournalEntry> seen = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, seen::add)) {
            assertThat(seen).extracting(JournalEntry::requestId).containsExactly("r1", "r2");
            assertThat(Files.size(segment)).isEqualTo(goodSize);
            assertThat(journal.append("r3-again", payload("r3"))).isEqualTo(3);
        }
        assertThat(JournalFiles.recover(dir, DEFAULTS)).extracting(JournalEntry::requestId)
                .containsExactly("r1", "r2", "r3-again");
    }

    @Test
    void aPartialHeaderIsCutOff() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, e -> {})) {
            journal.append("r1", payload("r1"));
        }
        Path segment = JournalFiles.segments(dir).getLast();
        Files.write(segment, new byte[] {0, 0, 1}, StandardOpenOption.APPEND);

        assertThat(JournalFiles.recover(dir, DEFAULTS)).extracting(JournalEntry::requestId).containsExactly("r1");
    }

    @Test
    void aLastRecordWithABadChecksumIsCutOff() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, e -> {})) {
            journal.append("r1", payload("r1"));
            journal.append("r2", payload("r2"));
        }
        Path segment = JournalFiles.segments(dir).getLast();
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x20; // inside r2's payload
        Files.write(segment, bytes);

        List<JournalEntry> seen = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, seen::add)) {
            assertThat(seen).extracting(JournalEntry::requestId).containsExactly("r1");
            assertThat(journal.append("r2", payload("r2"))).isEqualTo(2);
        }
    }

    @Test
    void aBrokenRecordInAClosedSegmentFailsTheOpenInsteadOfDroppingUsage() throws IOException {
        UsageJournal.Options tiny = new UsageJournal.Options(1, 1024); // every batch closes its segment
        try (UsageJournal journal = UsageJournal.open(dir, tiny, e -> {})) {
            for (int i = 1; i <= 3; i++) {
                journal.append("r" + i, payload("r" + i));
            }
        }
        Path first = JournalFiles.segments(dir).getFirst();
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(first, bytes);

        assertThatThrownBy(() -> UsageJournal.open(dir, tiny, e -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt record");
    }

    @Test
    void segmentsRotateAndAreDeletedOnceAppliedAndTheMarkerSurvivesAReopen() throws IOException {
        UsageJournal.Options tiny = new UsageJournal.Options(1, 1024);
        try (UsageJournal journal = UsageJournal.open(dir, tiny, e -> {})) {
            for (int i = 1; i <= 6; i++) {
                journal.append("r" + i, payload("r" + i));
            }
            assertThat(journal.segmentFiles()).hasSize(7); // one per record, plus the empty active one

            journal.markApplied(4);

            assertThat(journal.appliedUpTo()).isEqualTo(4);
            assertThat(journal.segmentFiles()).containsExactly(
                    UsageJournal.segmentFile(dir, 5), UsageJournal.segmentFile(dir, 6), UsageJournal.segmentFile(dir, 7));
            assertThat(JournalFiles.segments(dir)).containsExactlyElementsOf(journal.segmentFiles());
            journal.markApplied(2); // lower than the mark: ignored
            assertThat(journal.appliedUpTo()).isEqualTo(4);
            assertThatThrownBy(() -> journal.markApplied(7)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.readString(dir.resolve(UsageJournal.APPLIED_FILE)).strip()).isEqualTo("4");

        List<JournalEntry> seen = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.open(dir, tiny, seen::add)) {
            assertThat(seen).extracting(JournalEntry::requestId).containsExactly("r5", "r6");
            assertThat(journal.appliedUpTo()).isEqualTo(4);
            assertThat(journal.append("r7", payload("r7"))).isEqualTo(7);
            journal.markApplied(7);
            assertThat(journal.segmentFiles()).containsExactly(UsageJournal.segmentFile(dir, 8));
        }
        assertThat(JournalFiles.recover(dir, tiny)).isEmpty();
        try (UsageJournal journal = UsageJournal.open(dir, tiny, e -> {})) {
            assertThat(journal.append("r8", payload("r8"))).isEqualTo(8);
        }
    }

    @Test
    void openFinishesTheDeletionOfAppliedSegmentsACrashInterrupted() throws IOException {
        UsageJournal.Options tiny = new UsageJournal.Options(1, 1024);
        try (UsageJournal journal = UsageJournal.open(dir, tiny, e -> {})) {
            for (int i = 1; i <= 3; i++) {
                journal.append("r" + i, payload("r" + i));
            }
        }
        // The marker was written but the process died before deleting segments 1 and 2.
        Files.writeString(dir.resolve(UsageJournal.APPLIED_FILE), "2\n");

        List<JournalEntry> seen = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.open(dir, tiny, seen::add)) {
            assertThat(seen).extracting(JournalEntry::requestId).containsExactly("r3");
            assertThat(JournalFiles.segments(dir)).containsExactly(
                    UsageJournal.segmentFile(dir, 3), UsageJournal.segmentFile(dir, 4));
        }
    }

    @Test
    void closeForcesWhatWasQueuedAndRefusesLaterAppends() throws Exception {
        UsageJournal journal = UsageJournal.open(dir, DEFAULTS, e -> {});
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            queued.add(journal.appendAsync("r" + i, payload("r" + i)));
        }
        journal.close();

        for (CompletableFuture<Long> f : queued) {
            assertThat(f).isCompleted();
            assertThat(f.get()).isBetween(1L, 100L);
        }
        assertThatThrownBy(() -> journal.append("late", payload("late"))).isInstanceOf(IllegalStateException.class);
        assertThat(JournalFiles.recover(dir, DEFAULTS)).hasSize(100);
    }

    @Test
    void rejectsRequestIdsThatCannotBeStored() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, e -> {})) {
            assertThatThrownBy(() -> journal.append("", payload("x"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.append("x".repeat(2000), payload("x")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDirectoryHoldsOneOpenJournalAtATime() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, e -> {})) {
            journal.append("r1", payload("r1"));
            assertThatThrownBy(() -> UsageJournal.open(dir, DEFAULTS, e -> {}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
        }
        // Released on close (and, being an OS lock, when a killed process's descriptors close).
        assertThat(JournalFiles.recover(dir, DEFAULTS)).extracting(JournalEntry::requestId).containsExactly("r1");
    }

    @Test
    void aConsumerThatFailsDuringRecoveryLeavesTheJournalClosedAndTheRecordsInPlace() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, DEFAULTS, e -> {})) {
            journal.append("r1", payload("r1"));
        }
        assertThatThrownBy(() -> UsageJournal.open(dir, DEFAULTS, e -> {
            throw new IllegalStateException("usage table unavailable");
        })).hasMessageContaining("usage table unavailable");

        assertThat(JournalFiles.recover(dir, DEFAULTS)).extracting(JournalEntry::requestId).containsExactly("r1");
    }
}
