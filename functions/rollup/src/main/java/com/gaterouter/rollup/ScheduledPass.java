package com.gaterouter.rollup;

import com.gaterouter.common.rollup.RollupRun;
import com.gaterouter.rollup.alerts.AlertRun;
import com.gaterouter.rollup.alerts.AlertService;
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
    public record Outcome(Optional<RollupRun> rollup, Optional<String> rollupError, AlertRun alerts) {

        /** One line for the tick's answer and log: the roll-up's run (or its failure) and the alert run. */
        public String summary() {
            return "rollup " + rollup.map(Object::toString).orElse("failed: " + rollupError.orElse("?")) + "; alerts " + alerts;
        }
    }

    static final Duration DEFAULT_ALERT_RESERVE = Duration.ofMinutes(2);
    /** Time a scheduled tick leaves for logging, metrics and its answer after the passes stop. */
    public static final Duration TICK_MARGIN = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPass.class);

    private final Function<Instant, RollupRun> rollup;
    private final AlertService alerts;
    private final Clock clock;
    private final Duration alertReserve;

    /** @param rollup the roll-up over every tenant until a deadline: {@code RollupService::runAll} */
    public ScheduledPass(Function<Instant, RollupRun> rollup, AlertService alerts, Clock clock) {
        this(rollup, alerts, clock, DEFAULT_ALERT_RESERVE);
    }

    public ScheduledPass(Function<Instant, RollupRun> rollup, AlertService alerts, Clock clock, Duration alertReserve) {
        this.rollup = Objects.requireNonNull(rollup, "rollup");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.alertReserve = Objects.requireNonNull(alertReserve, "alertReserve");
    }

    /**
     * One scheduled tick (template.yaml: every 15 minutes, and the daily close) with {@code remaining}
     * time: a pass until then less {@link #TICK_MARGIN}. A tick cut short by its deadline loses
     * nothing: the roll-up resumes from its watermark and alerts not yet evaluated fire on the next
     * tick. {@code payload} (the schedule's {@code Input}) is only logged.
     */
    public Outcome tick(Object payload, Duration remaining) {
        Instant deadline = clock.instant().plus(remaining).minus(TICK_MARGIN);
        LOG.info("tick {}; passes run until {}", payload, deadline);
        return run(deadline);
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
