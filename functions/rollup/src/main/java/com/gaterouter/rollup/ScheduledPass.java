package com.gaterouter.rollup;

import com.gaterouter.common.rollup.RollupRun;
import com.gaterouter.rollup.alerts.AlertRun;
import com.gaterouter.rollup.alerts.AlertService;
import com.gaterouter.rollup.alerts.WeeklyDigestService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a schedule tick does: the roll-up, then the alert pass, both within one deadline.
 *
 * <p>The roll-up goes first so that the finance e-mails an alert triggers find fresh top lists. It
 * does not get the whole time: alerts read the spend counters, not the roll-ups, and must not
 * starve behind a long roll-up catch-up, so the roll-up stops {@link #alertReserve} before the
 * deadline (or halfway, whichever leaves the alerts more). A failing roll-up is logged and the
 * alerts run anyway.
 */
public final class ScheduledPass {

    /** What one tick did. */
    public record Outcome(Optional<RollupRun> rollup, Optional<String> rollupError, AlertRun alerts,
                          Optional<WeeklyDigestService.DigestRun> digests) {

        public Outcome(Optional<RollupRun> rollup, Optional<String> rollupError, AlertRun alerts) {
            this(rollup, rollupError, alerts, Optional.empty());
        }

        /** One line for the tick's answer and log: the roll-up's run (or its failure), the alert run and any digests. */
        public String summary() {
            return "rollup " + rollup.map(Object::toString).orElse("failed: " + rollupError.orElse("?")) + "; alerts " + alerts
                    + digests.map(d -> "; digests " + d).orElse("");
        }
    }

    /** The schedule input of the weekly tick (template.yaml {@code WeeklyDigest}): the pass, then the digests. */
    public static final String WEEKLY_DIGEST_RUN = "weekly-digest";

    static final Duration DEFAULT_ALERT_RESERVE = Duration.ofMinutes(2);
    /** Time a scheduled tick leaves for logging, metrics and its answer after the passes stop. */
    public static final Duration TICK_MARGIN = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPass.class);

    private final Function<Instant, RollupRun> rollup;
    private final AlertService alerts;
    private final Clock clock;
    private final Duration alertReserve;
    private final Optional<WeeklyDigestService> digests;

    /** @param rollup the roll-up over every tenant until a deadline: {@code RollupService::runAll} */
    public ScheduledPass(Function<Instant, RollupRun> rollup, AlertService alerts, Clock clock) {
        this(rollup, alerts, clock, DEFAULT_ALERT_RESERVE);
    }

    public ScheduledPass(Function<Instant, RollupRun> rollup, AlertService alerts, Clock clock, Duration alertReserve) {
        this(rollup, alerts, clock, alertReserve, Optional.empty());
    }

    private ScheduledPass(Function<Instant, RollupRun> rollup, AlertService alerts, Clock clock, Duration alertReserve,
                          Optional<WeeklyDigestService> digests) {
        this.rollup = Objects.requireNonNull(rollup, "rollup");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.alertReserve = Objects.requireNonNull(alertReserve, "alertReserve");
        this.digests = Objects.requireNonNull(digests, "digests");
    }

    /** This pass, whose weekly tick also sends the departments' weekly digests. */
    public ScheduledPass withDigests(WeeklyDigestService digests) {
        return new ScheduledPass(rollup, alerts, clock, alertReserve, Optional.of(digests));
    }

    /** The weekly digests alone, until {@code deadline} (the local gateway's own schedule); empty without a digest service. */
    public Optional<WeeklyDigestService.DigestRun> digests(Instant deadline) {
        Optional<WeeklyDigestService.DigestRun> run = digests.map(d -> d.runAll(deadline));
        run.ifPresent(r -> LOG.info("digests: {}", r));
        return run;
    }

    /**
     * One scheduled tick (template.yaml: every 15 minutes, and the daily close) with {@code remaining}
     * time: a pass until then less {@link #TICK_MARGIN}. A tick cut short by its deadline loses
     * nothing: the roll-up resumes from its watermark and alerts not yet evaluated fire on the next
     * tick. {@code payload} is the schedule's {@code Input}: {@code {"run":"weekly-digest"}} (the
     * weekly tick) runs the pass and then the weekly digests, so Sunday's spend is rolled up first;
     * any other input is only logged.
     */
    public Outcome tick(Object payload, Duration remaining) {
        Instant deadline = clock.instant().plus(remaining).minus(TICK_MARGIN);
        LOG.info("tick {}; passes run until {}", payload, deadline);
        boolean weekly = payload instanceof java.util.Map<?, ?> input && WEEKLY_DIGEST_RUN.equals(input.get("run"));
        if (!weekly) {
            return run(deadline);
        }
        // the digests get a third of the time: they are a few reads and one event per department
        Instant passDeadline = deadline.minus(Duration.between(clock.instant(), deadline).dividedBy(3));
        Outcome pass = run(passDeadline);
        return new Outcome(pass.rollup(), pass.rollupError(), pass.alerts(), digests(deadline));
    }

    public Outcome run(Instant deadline) {
        Instant now = clock.instant();
        Duration remaining = Duration.between(now, deadline);
        Duration reserve = remaining.dividedBy(2).compareTo(alertReserve) < 0 ? remaining.dividedBy(2) : alertReserve;
        Instant rollupDeadline = deadline.minus(reserve);

        Optional<RollupRun> rolled = Optional.empty();
        Optional<String> rollupError = Optional.empty();
        try {
            RollupRun run = rollup.apply(rollupDeadline);
            rolled = Optional.of(run);
            LOG.info("roll-up: {}", run);
        } catch (RuntimeException e) {
            rollupError = Optional.of(e.toString());
            LOG.error("roll-up failed; running the alerts anyway (they read the spend counters)", e);
        }
        AlertRun alertRun = alerts.runAll(deadline);
        LOG.info("alerts: {}", alertRun);
        return new Outcome(rolled, rollupError, alertRun);
    }
}
