package com.gaterouter.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the local gateway's start-up time goes: each step's start and end (milliseconds since
 * {@link LocalGateway#start} began) and its thread, logged at DEBUG once the gateway is up
 * ({@code GATEROUTER_LOG_LEVEL=DEBUG} shows it). Steps run on several threads at once.
 */
final class StartupTimeline {

    private static final Logger LOG = LoggerFactory.getLogger(StartupTimeline.class);

    record Step(String name, String thread, long startMillis, long endMillis) {
    }

    private final long origin = System.nanoTime();
    private final List<Step> steps = new ArrayList<>();

    /** Runs {@code work} as the named step and records how long it took (also when it fails). */
    <T> T step(String name, Callable<T> work) throws Exception {
        long start = System.nanoTime();
        try {
            return work.call();
        } finally {
            record(name, start, System.nanoTime());
        }
    }

    /** As {@link #step(String, Callable)} for work that throws no checked exception. */
    <T> T run(String name, java.util.function.Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            record(name, start, System.nanoTime());
        }
    }

    /** Records a moment (a step of no length). */
    void mark(String name) {
        long now = System.nanoTime();
        record(name, now, now);
    }

    synchronized List<Step> steps() {
        return steps.stream().sorted(Comparator.comparingLong(Step::startMillis)).toList();
    }

    void log() {
        if (LOG.isDebugEnabled()) {
            StringBuilder text = new StringBuilder("start-up steps (ms since start; in parallel where the threads differ):");
            for (Step step : steps()) {
                text.append(String.format("%n  %5d-%5d %-28s %s", step.startMillis(), step.endMillis(), step.name(), step.thread()));
            }
            LOG.debug("{}", text);
        }
    }

    private synchronized void record(String name, long startNanos, long endNanos) {
        steps.add(new Step(name, Thread.currentThread().getName(), Duration.ofNanos(startNanos - origin).toMillis(),
                Duration.ofNanos(endNanos - origin).toMillis()));
    }
}
