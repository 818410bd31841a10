package com.gaterouter.common.spend.journal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One durable record of the {@link UsageJournal}: the sequence the journal gave it (strictly
 * increasing, without gaps, across segments and restarts), the request it belongs to, and an
 * opaque payload (the serialised usage record; the journal never interprets it).
 */
public record JournalEntry(long sequence, String requestId, byte[] payload) {

    public JournalEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1: " + sequence);
        }
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(payload, "payload");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalEntry e
                && e.sequence == sequence
                && e.requestId.equals(requestId)
                && Arrays.equals(e.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, requestId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "JournalEntry[sequence=" + sequence + ", requestId=" + requestId + ", payload=" + payload.length + " bytes]";
    }
}
