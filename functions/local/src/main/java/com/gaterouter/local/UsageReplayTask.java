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
final class UsageReplayTask {

    private static final Logger LOG = LoggerFactory.getLogger(UsageReplayTask.class);

    private UsageReplayTask() {
    }

    /** Replays at once, then every {@code every}; each pass replays everything spooled and returns the counts. */
    static PeriodicTask<UsageReplayer.Counts> start(UsageReplayer replayer, UsageSpool spool, Duration every) {
        return PeriodicTask.start("usage-replay", Duration.ZERO, every, () -> replayAll(replayer, spool));
    }

    private static UsageReplayer.Counts replayAll(UsageReplayer replayer, UsageSpool spool) {
        UsageReplayer.Counts counts = replayer.replayAll(spool);
        if (counts.done() + counts.failed() + counts.unreadable() > 0) {
            LOG.info("usage replay: {} settled, {} already settled, {} failed (kept for the next run), {} unreadable (set aside)",
                    counts.settled(), counts.alreadySettled(), counts.failed(), counts.unreadable());
        }
        return counts;
    }
}
