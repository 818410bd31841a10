package com.gaterouter.admin.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedReadsTest {

    private final SharedReads<String, Integer> reads = new SharedReads<>();

    @Test
    void questionsAskedWhileTheSameReadRunsShareIt() throws Exception {
        AtomicInteger started = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newCachedThreadPool()) {
            Future<Integer> first = pool.submit(() -> reads.get("demo/2026-12-05", () -> {
                started.incrementAndGet();
                inside.countDown();
                await(release);
                return 42;
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> others = new ArrayList<>();
            List<Thread> joiners = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(pool.submit(() -> {
                    joiners.add(Thread.currentThread());
                    return reads.get("demo/2026-12-05", () -> started.incrementAndGet() * 1000);
                }));
            }
            awaitParked(joiners, 3);
            // another key is never held up by the first
            assertThat(pool.submit(() -> reads.get("acme/2026-12-05", () -> 7)).get(10, TimeUnit.SECONDS)).isEqualTo(7);
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(42);
            for (Future<Integer> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(42);
            }
        }
        assertThat(started).hasValue(1);
    }

    @Test
    void nothingIsKeptOnceAReadEnds() {
        AtomicInteger reads = new AtomicInteger();
        assertThat(this.reads.get("k", reads::incrementAndGet)).isEqualTo(1);
        assertThat(this.reads.get("k", reads::incrementAndGet)).as("a later question reads again: it sees later records").isEqualTo(2);
    }

    @Test
    void aFailedReadFailsItsJoinersAndTheNextQuestionReadsAgain() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newCachedThreadPool()) {
            Future<Integer> first = pool.submit(() -> reads.get("k", () -> {
                inside.countDown();
                await(release);
                throw new IllegalStateException("store down");
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            List<Thread> joiners = new java.util.concurrent.CopyOnWriteArrayList<>();
            Future<Integer> joiner = pool.submit(() -> {
                joiners.add(Thread.currentThread());
                return reads.get("k", () -> 1);
            });
            awaitParked(joiners, 1);
            release.countDown();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> joiner.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessage("store down");
        }
        assertThat(reads.get("k", () -> 5)).isEqualTo(5);
    }

    /** Until {@code count} threads have started and each is parked (waiting on the running read). */
    private static void awaitParked(List<Thread> threads, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.size() < count || !threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
            assertThat(System.nanoTime()).as("threads parked in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
