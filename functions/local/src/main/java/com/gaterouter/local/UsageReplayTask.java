package com.gaterouter.local;

import com.gaterouter.common.spend.spool.UsageReplayer;
import com.gaterouter.common.spend.spool.UsageSpool;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final ScheduledExecutorService scheduler;

    private UsageReplayTask(UsageReplayer replayer, UsageSpool spool) {
        this.replayer = replayer;
        this.spool = spool;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("usage-replay").factory());
    }

    public static UsageReplayTask start(UsageReplayer replayer, UsageSpool spool, Duration every) {
        UsageReplayTask task = new UsageReplayTask(replayer, spool);
        task.scheduler.scheduleWithFixedDelay(task::runQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return task;
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

    private void runQuietly() {
        try {
            runNow();
        } catch (RuntimeException e) {
            // the spool keeps what was not replayed; the next run tries again
            LOG.warn("usage replay failed: {}", e.toString());
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
