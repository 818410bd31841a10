package com.gaterouter.common.spend.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.FutureYear;
import com.gaterouter.common.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention of applied segments for a consumer that re-applies them ({@link UsageJournal#openRetained}):
 * kept until enough newer segments exist or until old enough, whichever comes first; every retained
 * record (applied or not) handed over at open; durable batches handed to the listener in order.
 */
class UsageJournalRetentionTest {

    private static final Instant NOW = FutureYear.instant("YYYY-06-01T12:00:00Z");
    private static final UsageJournal.Options OPTIONS = new UsageJournal.Options(1024, 64).retaining(2, Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);

    private static byte[] payload(int i) {
        return ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Stamps every segment as written at {@code at} (the file system's clock is not the test's). */
    private void stampSegments(Instant at) throws Exception {
        for (Path segment : JournalFiles.segments(dir)) {
            Files.setLastModifiedTime(segment, FileTime.from(at));
        }
    }

    @Test
    void appliedSegmentsStayUntilTwoNewerExistOrTenMinutesPassAndEveryRetainedRecordIsHandedOver() throws Exception {
        List<JournalEntry> durable = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.openRetained(dir, OPTIONS, clock, e -> {
        }, durable::addAll)) {
            for (int i = 0; i < 12; i++) {
                journal.append("req-" + i, payload(i)); // ~250 bytes: a segment closes every 4-5 records
            }
            assertThat(durable).extracting(JournalEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
            int segments = JournalFiles.segments(dir).size();
            assertThat(segments).isGreaterThanOrEqualTo(3);
            stampSegments(NOW);

            journal.markApplied(12);
            // closed and applied, but young: only those with two newer closed segments go
            assertThat(journal.segmentFiles()).hasSize(3); // two closed + the active one

            clock.advance(Duration.ofMinutes(10));
            journal.markApplied(12);
            assertThat(journal.segmentFiles()).hasSize(1); // only the active segment
        }
    }

    @Test
    void openRetainedHandsOverAppliedRecordsStillOnDisk() throws Exception {
        try (UsageJournal journal = UsageJournal.openRetained(dir, OPTIONS, clock, e -> {
        }, batch -> {
        })) {
            for (int i = 0; i < 3; i++) {
                journal.append("req-" + i, payload(i));
            }
            journal.markApplied(3);
        }
        List<JournalEntry> retained = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.openRetained(dir, OPTIONS, clock, retained::add, batch -> {
        })) {
            assertThat(journal.appliedUpTo()).isEqualTo(3);
        }
        assertThat(retained).extracting(JournalEntry::requestId).containsExactly("req-0", "req-1", "req-2");

        List<JournalEntry> unapplied = new ArrayList<>();
        try (UsageJournal ignored = UsageJournal.open(dir, OPTIONS, unapplied::add)) {
            assertThat(unapplied).isEmpty(); // the plain open hands over only what is not applied
        }
    }
}
