package com.gaterouter.common.spend.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures appends per second and the p50/p99 wait of an append at 1 and 32 concurrent
 * appenders, and prints them (figures for docs/benchmarks.md; they depend on the disk). The
 * assertions are what group commit promises: at 32 appenders, far fewer forces than appends.
 * Elapsed time is measured with {@link System#nanoTime}, never used for behaviour.
 */
class UsageJournalGroupCommitBenchmarkTest {

    private static final byte[] PAYLOAD = ("{\"requestId\":\"00000000-0000-0000-0000-000000000000\",\"tenant\":\"demo\","
            + "\"costMicros\":123456,\"inputTokens\":1000,\"outputTokens\":500,\"model\":\"gpt-4o-mini\"}")
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    record Figures(int appenders, long appends, long forces, double appendsPerSecond, double p50Micros,
            double p99Micros) {}

    @Test
    void groupCommitSharesForcesBetweenConcurrentAppenders() throws Exception {
        Figures one = run(dir.resolve("c1"), 1, 300);
        Figures many = run(dir.resolve("c32"), 32, 100);
        for (Figures f : List.of(one, many)) {
            System.out.printf("usage journal: c=%d appends=%d forces=%d appends/s=%.0f p50=%.0f us p99=%.0f us%n",
                    f.appenders(), f.appends(), f.forces(), f.appendsPerSecond(), f.p50Micros(), f.p99Micros());
        }
        assertThat(one.forces()).isEqualTo(one.appends()); // alone: one force per append
        assertThat(many.appends()).isEqualTo(3200);
        assertThat(many.forces()).isLessThan(many.appends() / 2);
        assertThat(JournalFiles.recover(dir.resolve("c32"), UsageJournal.Options.defaults())).hasSize(3200);
    }

    private static Figures run(Path dir, int appenders, int perAppender) throws Exception {
        Files.createDirectories(dir);
        long[][] waits = new long[appenders][perAppender];
        ExecutorService pool = Executors.newFixedThreadPool(appenders);
        CountDownLatch start = new CountDownLatch(1);
        try (UsageJournal journal = UsageJournal.open(dir, UsageJournal.Options.defaults(), e -> {})) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < appenders; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perAppender; i++) {
                        long before = System.nanoTime();
                        journal.append("a" + thread + "-" + i, PAYLOAD);
                        waits[thread][i] = System.nanoTime() - before;
                    }
                    return null;
                }));
            }
            long began = System.nanoTime();
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            long elapsed = System.nanoTime() - began;
            long[] all = Arrays.stream(waits).flatMapToLong(Arrays::stream).sorted().toArray();
            UsageJournal.Stats stats = journal.stats();
            return new Figures(appenders, stats.appends(), stats.forces(), stats.appends() * 1e9 / elapsed,
                    all[all.length / 2] / 1e3, all[(int) (all.length * 0.99)] / 1e3);
        } finally {
            pool.shutdownNow();
        }
    }
}
