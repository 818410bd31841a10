package com.gaterouter.common.spend.journal;

import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.SpendCounters;
import com.gaterouter.common.spend.SpendLedger;
import com.gaterouter.common.spend.spool.Settlement;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageRecordJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import java.io.IOException;
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
 * <p>Payload: the usage record's JSON ({@link UsageRecordJson}, UTF-8) — what the applier needs, and no more: the
 * reservation is spent by then (the allowance leases hold what was admitted), so the request's path serialises one
 * record, not the reservation's limits and counters. Journals written before this (the {@link Settlement} JSON, as the
 * spool keeps it) are read too. It carries no prompt and no secret.
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
        if (!reservation.requestId().equals(usage.requestId())) {
            throw new IllegalArgumentException("the reservation and the usage record are of different requests: "
                    + reservation.requestId() + " and " + usage.requestId());
        }
        journal.append(usage.requestId(), encode(usage));
        return Outcome.SETTLED;
    }

    @Override
    public Map<Counter, CounterValues> read(List<Counter> counterList) {
        return counters.read(counterList);
    }

    static byte[] encode(UsageRecord usage) {
        return UsageRecordJson.toJsonBytes(usage);
    }

    /** A payload read back: the usage record and its JSON ({@link UsageRecordJson}, as a usage store keeps it). */
    record Decoded(UsageRecord usage, String json) {
    }

    /**
     * The usage record of a payload: a usage record's JSON (kept as it is), or a {@link Settlement}'s (journals of
     * earlier versions; its record's JSON is written anew).
     *
     * @throws IllegalArgumentException if the payload is neither
     */
    static Decoded decode(byte[] payload) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + (e instanceof JsonProcessingException json ? json.getOriginalMessage()
                    : e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (root.has("reservation")) {
            UsageRecord usage = Settlement.fromJson(new String(payload, StandardCharsets.UTF_8)).usage();
            return new Decoded(usage, UsageRecordJson.toJson(usage));
        }
        try {
            return new Decoded(UsageRecordJson.fromNode(root), new String(payload, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a usage record: " + e, e);
        }
    }
}
