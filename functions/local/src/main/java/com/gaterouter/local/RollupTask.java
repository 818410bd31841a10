package com.gaterouter.local;

import com.gaterouter.rollup.ScheduledPass;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import com.gaterouter.rollup.alerts.WeeklyDigestService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway's schedule: the same pass as the scheduled Lambda in AWS (roll-up, then budget
 * alerts), every minute instead of every 15, so a demo shows analytics and alerts quickly. Passes
 * never overlap (fixed delay); a pass is idempotent, so the admin API's "run now" may overlap one.
 */
final class RollupTask {

    private static final Logger LOG = LoggerFactory.getLogger(RollupTask.class);
    /** A pass's time budget: far more than a local tenant needs, and less than the interval. */
    private static final Duration PASS_BUDGET = Duration.ofSeconds(50);

    private RollupTask() {
    }

    static PeriodicTask<ScheduledPass.Outcome> start(ScheduledPass pass, Clock clock, Duration every) {
        return PeriodicTask.start("rollup", every, every, () -> runPass(pass, clock));
    }

    /** The weekly digests on their own schedule, first {@code every} after the start, as the Monday tick in AWS. */
    static PeriodicTask<Optional<WeeklyDigestService.DigestRun>> startDigests(ScheduledPass pass, Clock clock, Duration every) {
        return PeriodicTask.start("weekly-digest", every, every, () -> {
            Optional<WeeklyDigestService.DigestRun> run = pass.digests(clock.instant().plus(PASS_BUDGET));
            run.filter(r -> r.sent() > 0).ifPresent(r -> LOG.info("weekly digests: {} sent; see the outbox's mail/ folder", r.sent()));
            return run;
        });
    }

    private static ScheduledPass.Outcome runPass(ScheduledPass pass, Clock clock) {
        ScheduledPass.Outcome outcome = pass.run(clock.instant().plus(PASS_BUDGET));
        if (outcome.alerts().published() + outcome.alerts().republished() > 0) {
            LOG.info("roll-up pass: {} alert(s) published; see the outbox and its mail/ folder",
                    outcome.alerts().published() + outcome.alerts().republished());
        }
        return outcome;
    }
}
