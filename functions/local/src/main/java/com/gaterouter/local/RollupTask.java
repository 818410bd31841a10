package com.gaterouter.local;

import com.gaterouter.rollup.ScheduledPass;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway's schedule: the same pass as the scheduled Lambda in AWS (roll-up, then budget
 * alerts), every minute instead of every 15, so a demo shows analytics and alerts quickly. Passes
 * never overlap (fixed delay); a pass is idempotent, so the admin API's "run now" may overlap one.
 */
public final class RollupTask implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RollupTask.class);
    /** A pass's time budget: far more than a local tenant needs, and less than the interval. */
    private static final Duration PASS_BUDGET = Duration.ofSeconds(50);

    private final ScheduledPass pass;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    private RollupTask(ScheduledPass pass, Clock clock) {
        this.pass = pass;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("rollup").factory());
    }

    public static RollupTask start(ScheduledPass pass, Clock clock, Duration every) {
        RollupTask task = new RollupTask(pass, clock);
        task.scheduler.scheduleWithFixedDelay(task::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return task;
    }

    /** One pass now (tests call it rather than wait for the schedule). */
    public ScheduledPass.Outcome runNow() {
        ScheduledPass.Outcome outcome = pass.run(clock.instant().plus(PASS_BUDGET));
        if (outcome.alerts().published() + outcome.alerts().republished() > 0) {
            LOG.info("roll-up pass: {} alert(s) published; see the outbox", outcome.alerts().published() + outcome.alerts().republished());
        }
        return outcome;
    }

    private void runQuietly() {
        try {
            runNow();
        } catch (RuntimeException e) {
            // nothing is lost: the next pass recomputes from raw usage and the alert ledger retries
            LOG.warn("roll-up pass failed: {}", e.toString());
        }
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
