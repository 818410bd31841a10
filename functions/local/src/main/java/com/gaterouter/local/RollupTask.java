package com.gaterouter.local;

import com.gaterouter.rollup.ScheduledPass;
import java.time.Clock;
import java.time.Duration;
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
    private final BackgroundSchedule schedule;

    private RollupTask(ScheduledPass pass, Clock clock, Duration every) {
        this.pass = pass;
        this.clock = clock;
        // last: the schedule's thread may call runNow as soon as it starts
        this.schedule = BackgroundSchedule.start("rollup", every, every, this::runNow);
    }

    public static RollupTask start(ScheduledPass pass, Clock clock, Duration every) {
        return new RollupTask(pass, clock, every);
    }

    /** One pass now (tests call it rather than wait for the schedule). */
    public ScheduledPass.Outcome runNow() {
        ScheduledPass.Outcome outcome = pass.run(clock.instant().plus(PASS_BUDGET));
        if (outcome.alerts().published() + outcome.alerts().republished() > 0) {
            LOG.info("roll-up pass: {} alert(s) published; see the outbox", outcome.alerts().published() + outcome.alerts().republished());
        }
        return outcome;
    }

    @Override
    public void close() {
        schedule.close();
    }
}
