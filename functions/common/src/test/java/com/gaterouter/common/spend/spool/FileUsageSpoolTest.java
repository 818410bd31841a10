package com.gaterouter.common.spend.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUsageSpoolTest {

    @TempDir
    Path dir;

    @Test
    void drainsWhatWasAppendedInOrderAndEmptiesTheSpool() {
        FileUsageSpool spool = new FileUsageSpool(dir);
        spool.append(SpoolFixtures.settlement("r1", 10));
        spool.append(SpoolFixtures.settlement("r2", 20));

        List<Settlement> seen = new ArrayList<>();
        UsageSpool.DrainResult result = spool.drain(seen::add);

        assertThat(seen).extracting(Settlement::requestId).containsExactly("r1", "r2");
        assertThat(seen.getFirst()).isEqualTo(SpoolFixtures.settlement("r1", 10));
        assertThat(result).isEqualTo(new UsageSpool.DrainResult(2, 0, 0));
        assertThat(spool.pending()).isZero();
        assertThat(spool.drain(s -> true)).isEqualTo(UsageSpool.DrainResult.EMPTY);
    }

    @Test
    void entriesAreOnDiskAsJsonLinesWhenAppendReturns() throws IOException {
        new FileUsageSpool(dir).append(SpoolFixtures.settlement("r1", 10));

        List<String> lines = Files.readAllLines(dir.resolve(FileUsageSpool.SPOOL_FILE));
        assertThat(lines).hasSize(1);
        assertThat(Settlement.fromJson(lines.getFirst()).requestId()).isEqualTo("r1");
    }

    @Test
    void declinedAndFailedEntriesStayForTheNextDrain() {
        FileUsageSpool spool = new FileUsageSpool(dir);
        for (int i = 0; i < 6; i++) {
            spool.append(SpoolFixtures.settlement("r" + i, i));
        }

        UsageSpool.DrainResult first = spool.drain(s -> switch (s.requestId()) {
            case "r1" -> false;
            case "r4" -> throw new IllegalStateException("ledger down");
            default -> true;
        });

        assertThat(first).isEqualTo(new UsageSpool.DrainResult(4, 2, 0));
        assertThat(spool.pending()).isEqualTo(2);
        List<String> second = new ArrayList<>();
        assertThat(spool.drain(s -> second.add(s.requestId()))).isEqualTo(new UsageSpool.DrainResult(2, 0, 0));
        assertThat(second).containsExactly("r1", "r4");
    }

    @Test
    void concurrentAppendsNeverInterleaveOrGoMissing() throws Exception {
        FileUsageSpool spool = new FileUsageSpool(dir);
        int threads = 16;
        int each = 50;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        spool.append(SpoolFixtures.settlement("t" + thread + "-" + i, i));
                    }
                }));
            }
            // a drain racing the appends: whatever it claims is replayed, the rest lands in a fresh file
            Set<String> seen = Collections.synchronizedSet(new HashSet<>());
            List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
            UsageSpool.DrainResult during = spool.drain(s -> seen.add(s.requestId()) || duplicates.add(s.requestId()));
            for (Future<?> future : futures) {
                future.get();
            }
            UsageSpool.DrainResult after = spool.drain(s -> seen.add(s.requestId()) || duplicates.add(s.requestId()));

            assertThat(during.accepted() + after.accepted()).isEqualTo(threads * each);
            assertThat(during.unreadable() + after.unreadable()).isZero();
            assertThat(seen).hasSize(threads * each);
            assertThat(duplicates).isEmpty();
        }
    }

    @Test
    void aCrashMidReplayReplaysTheClaimedFileAgainRatherThanLosingIt() {
        FileUsageSpool spool = new FileUsageSpool(dir);
        for (int i = 0; i < 5; i++) {
            spool.append(SpoolFixtures.settlement("r" + i, i));
        }
        List<String> firstRun = new ArrayList<>();
        assertThatThrownBy(() -> spool.drain(s -> {
            if (s.requestId().equals("r3")) {
                throw new ProcessDied(); // stands for the process dying: nothing after this line runs
            }
            return firstRun.add(s.requestId());
        })).isInstanceOf(ProcessDied.class);
        spool.append(SpoolFixtures.settlement("r5", 5)); // arrives after the claim: a fresh live file

        // a new process on the same directory
        FileUsageSpool restarted = new FileUsageSpool(dir);
        assertThat(restarted.pending()).isEqualTo(6);
        List<String> secondRun = new ArrayList<>();
        UsageSpool.DrainResult result = restarted.drain(s -> secondRun.add(s.requestId()));

        assertThat(firstRun).containsExactly("r0", "r1", "r2");
        assertThat(secondRun).containsExactly("r0", "r1", "r2", "r3", "r4", "r5"); // r0-r2 again: settle is idempotent
        assertThat(result.accepted()).isEqualTo(6);
        assertThat(restarted.pending()).isZero();
        assertThat(claimedFiles()).isEmpty();
    }

    @Test
    void aTornLineIsSetAsideAndTheNextAppendStaysWhole() throws IOException {
        FileUsageSpool spool = new FileUsageSpool(dir);
        spool.append(SpoolFixtures.settlement("r1", 1));
        String half = SpoolFixtures.settlement("r2", 2).toJson().substring(0, 40);
        Files.writeString(dir.resolve(FileUsageSpool.SPOOL_FILE), half, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        spool.append(SpoolFixtures.settlement("r3", 3));

        List<String> seen = new ArrayList<>();
        UsageSpool.DrainResult result = spool.drain(s -> seen.add(s.requestId()));

        assertThat(seen).containsExactly("r1", "r3");
        assertThat(result).isEqualTo(new UsageSpool.DrainResult(2, 0, 1));
        assertThat(Files.readAllLines(dir.resolve(FileUsageSpool.REJECTED_FILE))).containsExactly(half);
        assertThat(spool.pending()).isZero();
    }

    @Test
    void anUnwritableSpoolSaysSo() throws IOException {
        FileUsageSpool spool = new FileUsageSpool(dir);
        Files.createDirectory(dir.resolve(FileUsageSpool.SPOOL_FILE)); // a directory where the file should be

        assertThatThrownBy(() -> spool.append(SpoolFixtures.settlement("r1", 1)))
                .isInstanceOf(UsageSpool.SpoolException.class);
    }

    private List<Path> claimedFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".claimed")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class ProcessDied extends Error {
    }
}
