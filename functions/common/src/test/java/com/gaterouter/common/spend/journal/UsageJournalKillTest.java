package com.gaterouter.common.spend.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that appends to the journal with SIGKILL
 * ({@link ProcessHandle#destroyForcibly}) while it appends from 8 threads, twice on the same
 * directory, and checks that every append a child acknowledged is in the reopened journal exactly
 * once, with gapless sequences across the torn tails.
 */
class UsageJournalKillTest {

    private static final long SEGMENT_BYTES = 16 * 1024; // several rotations per run

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAcknowledgedAppendSurvivesKillMinus9ExactlyOnce() throws Exception {
        Set<String> acknowledged = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            acknowledged.addAll(runAndKill("run" + round, 500 * (round + 1)));
            // Reopen in between, as a restarted gateway would, cutting whatever tail the kill tore.
            JournalFiles.recover(dir, new UsageJournal.Options(SEGMENT_BYTES, 1024));
        }

        List<JournalEntry> recovered = JournalFiles.recover(dir, new UsageJournal.Options(SEGMENT_BYTES, 1024));
        Map<String, Integer> copies = new HashMap<>();
        for (JournalEntry e : recovered) {
            copies.merge(e.requestId(), 1, Integer::sum);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1500);
        for (String id : acknowledged) {
            assertThat(copies.get(id)).as("copies of acknowledged %s", id).isEqualTo(1);
        }
        assertThat(copies.values()).allMatch(n -> n == 1);
        assertThat(recovered).extracting(JournalEntry::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, recovered.size()).boxed().toList());
        assertThat(JournalFiles.segments(dir)).hasSizeGreaterThan(2);
    }

    /** Starts the child, waits for {@code atLeast} acknowledgements, kills it, returns every one it printed. */
    private Set<String> runAndKill(String run, int atLeast) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                JournalAppenderChild.class.getName(), dir.toString(), "8", Long.toString(SEGMENT_BYTES), run)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Set<String> acknowledged = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean killed = false;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ACK ") && line.endsWith(" .")) {
                    acknowledged.add(line.substring(4, line.length() - 2));
                }
                if (!killed && acknowledged.size() >= atLeast) {
                    // SIGKILL: no shutdown hooks, no close(). Through the handle, which (unlike
                    // Process.destroyForcibly) leaves the pipe open so the lines in flight are read.
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
            }
            assertThat(killed).as("child exited before %d acknowledgements", atLeast).isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(child.exitValue()).isEqualTo(137);
        return acknowledged;
    }
}
