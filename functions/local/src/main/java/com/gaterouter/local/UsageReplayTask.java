package com.gaterouter.local;

import com.gaterouter.common.spend.spool.UsageReplayer;
import com.gaterouter.common.spend.spool.UsageSpool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway's replay of spooled usage: at start (what an earlier run left behind) and then
 * every so often. Replaying is idempotent, so running it while the router spools more is safe.
 */
public final class UsageReplayTask implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageReplayTask.class);

    private final UsageReplayer replayer;
    private final UsageSpool spool;
    private final BackgroundSchedule schedule;

    private UsageReplayTask(UsageReplayer replayer, UsageSpool spool, Duration every) {
        this.replayer = replayer;
        this.spool = spool;
        // last: the schedule's thread calls runNow at once
        this.schedule = BackgroundSchedule.start("usage-replay", Duration.ZERO, every, this::runNow);
    }

    public static UsageReplayTask start(UsageReplayer replayer, UsageSpool spool, Duration every) {
        return new UsageReplayTask(replayer, spool, every);
    }

    /** Replays everything spooled now; returns the counts (tests call it to avoid waiting). */
    public UsageReplayer.Counts runNow() {
        UsageReplayer.Counts counts = replayer.replayAll(spool);
        if (counts.done() + counts.failed() + counts.unreadable() > 0) {
            LOG.info("usage replay: {} settled, {} already settled, {} failed (kept for the next run), {} unreadable (set aside)",
                    counts.settled(), counts.alreadySettled(), counts.failed(), counts.unreadable());
        }
        return counts;
    }

    @Override
    public void close() {
        schedule.close();
    }
}
