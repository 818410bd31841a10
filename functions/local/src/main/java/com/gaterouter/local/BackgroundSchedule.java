package com.gaterouter.local;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job the local gateway repeats in the background on one daemon thread, never overlapping itself
 * (fixed delay). A failed round is logged and the next one runs: every job here is idempotent and
 * keeps what it has not done for later.
 */
final class BackgroundSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSchedule.class);

    private final ScheduledExecutorService scheduler;

    private BackgroundSchedule(String name) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
    }

    static BackgroundSchedule start(String name, Duration firstAfter, Duration every, Supplier<?> job) {
        BackgroundSchedule schedule = new BackgroundSchedule(name);
        schedule.scheduler.scheduleWithFixedDelay(() -> {
            try {
                job.get();
            } catch (RuntimeException e) {
                LOG.warn("{} failed (the next round retries): {}", name, e.toString());
            }
        }, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return schedule;
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
