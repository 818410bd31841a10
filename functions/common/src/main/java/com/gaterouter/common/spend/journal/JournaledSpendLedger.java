package com.gaterouter.common.spend.journal;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.usage.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The local gateway's {@link SpendLedger}: settling a request is ONE append to the {@link UsageJournal}
 * (group commit: it returns once the record's batch is forced to disk) and nothing else; the
 * {@link JournalApplier} writes the usage record and moves the counters afterwards, off the request's
 * path. Reads are the counters' (DynamoDB Local), through {@code counters}.
 *
 * <p>Settling the same request twice (a retry after a failed append that reached the disk anyway, a
 * spool replay) appends it twice. The applier absorbs the copy: the usage item is the same item
 * (same keys, same attributes), and the applier counts a request id once among the records it has
 * seen — every retained record at start and every record since (see {@link JournalApplier}).
 *
 * <p>Payload: the {@link Settlement} JSON (UTF-8), the same form the spool keeps. It carries no prompt
 * and no secret.
 */
public final class JournaledSpendLedger implements SpendLedger {

    private final UsageJournal journal;
    private final SpendCounters counters;

    public JournaledSpendLedger(UsageJournal journal, SpendCounters counters) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** Appends the settlement to the journal and waits for its fsync; always {@link Outcome#SETTLED}. */
    @Override
    public Outcome settle(Reservation reservation, UsageRecord usage) {
        Settlement settlement = new Settlement(reservation, usage);
        journal.append(settlement.requestId(), encode(settlement));
        return Outcome.SETTLED;
    }

    @Override
    public Map<Counter, CounterValues> read(List<Counter> counterList) {
        return counters.read(counterList);
    }

    static byte[] encode(Settlement settlement) {
        return settlement.toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException if the payload is not a settlement */
    static Settlement decode(byte[] payload) {
        return Settlement.fromJson(new String(payload, StandardCharsets.UTF_8));
    }
}
