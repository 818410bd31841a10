package com.gaterouter.common.spend.spool;

import com.gaterouter.common.spend.SpendLedger;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles spooled settlements through the spend ledger. Idempotent: the ledger settles a request id
 * once, so an entry replayed twice (a crash mid-drain, an SQS redelivery, a settle whose answer was
 * lost before it was spooled) answers {@link SpendLedger.Outcome#ALREADY_SETTLED}, which counts as done.
 */
public final class UsageReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(UsageReplayer.class);

    private final SpendLedger ledger;

    public UsageReplayer(SpendLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * @param settled        settled by this replay
     * @param alreadySettled settled before (a duplicate or an earlier write whose answer was lost)
     * @param failed         the ledger failed; still spooled for the next replay
     * @param unreadable     spool entries that were not a settlement (set aside by the spool)
     */
    public record Counts(int settled, int alreadySettled, int failed, int unreadable) {
        public int done() {
            return settled + alreadySettled;
        }
    }

    /**
     * Settles one entry.
     *
     * @throws RuntimeException what the ledger threw: the entry is not settled
     */
    public SpendLedger.Outcome replay(Settlement settlement) {
        SpendLedger.Outcome outcome = ledger.settle(settlement.reservation(), settlement.usage());
        LOG.debug("replayed usage of request {}: {}", settlement.requestId(), outcome);
        return outcome;
    }

    /** Drains {@code spool} once, settling every entry it holds. */
    public Counts replayAll(UsageSpool spool) {
        int[] settled = new int[2];
        int[] failed = new int[1];
        UsageSpool.DrainResult drained = spool.drain(settlement -> {
            try {
                settled[replay(settlement) == SpendLedger.Outcome.SETTLED ? 0 : 1]++;
                return true;
            } catch (RuntimeException e) {
                failed[0]++;
                LOG.warn("replaying the usage of request {} failed; it stays spooled: {}", settlement.requestId(),
                        e.toString());
                return false;
            }
        });
        Counts counts = new Counts(settled[0], settled[1], failed[0], drained.unreadable());
        if (counts.done() + counts.failed() + counts.unreadable() > 0) {
            LOG.info("usage replay: {}", counts);
        }
        return counts;
    }
}
