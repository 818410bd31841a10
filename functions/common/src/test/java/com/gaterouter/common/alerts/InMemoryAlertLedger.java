package com.gaterouter.common.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A test double of the alert ledger: in memory, with the DynamoDB ledger's semantics (test code only). */
public final class InMemoryAlertLedger implements AlertLedger {

    private final Map<AlertKey, Entry> entries = new LinkedHashMap<>();
    private final Map<AlertKey, String> tokens = new LinkedHashMap<>();

    @Override
    public synchronized List<Entry> entries(String tenantId) {
        List<Entry> list = new ArrayList<>();
        entries.forEach((key, entry) -> {
            if (key.tenantId().equals(tenantId)) {
                list.add(entry);
            }
        });
        return list;
    }

    @Override
    public synchronized Claim claim(AlertKey key, String detailJson, Instant keepUntil, Instant now, Duration lease) {
        Entry current = entries.get(key);
        if (current != null && current.state() == State.PUBLISHED) {
            return new AlreadyPublished();
        }
        if (current != null && !current.abandoned(now)) {
            return new Held(current.leaseUntil());
        }
        String detail = current == null ? detailJson : current.detailJson();
        int attempt = current == null ? 1 : current.attempts() + 1;
        String token = UUID.randomUUID().toString();
        entries.put(key, new Entry(key, State.CLAIMED, now.plus(lease), detail, attempt));
        tokens.put(key, token);
        return new Won(detail, token, attempt);
    }

    @Override
    public synchronized boolean supersede(AlertKey key, String detailJson, Instant keepUntil, Instant now) {
        Entry current = entries.get(key);
        if (current != null && !current.abandoned(now)) {
            return false;
        }
        String detail = current == null ? detailJson : current.detailJson();
        entries.put(key, new Entry(key, State.SUPERSEDED, now, detail, current == null ? 0 : current.attempts()));
        tokens.remove(key);
        return true;
    }

    @Override
    public synchronized void markPublished(AlertKey key, String token, Instant at) {
        Entry current = entries.get(key);
        if (current != null) {
            entries.put(key, new Entry(key, State.PUBLISHED, current.leaseUntil(), current.detailJson(), current.attempts()));
        }
    }

    @Override
    public synchronized void release(AlertKey key, String token, Instant now, String reason) {
        Entry current = entries.get(key);
        if (current != null && current.state() == State.CLAIMED && token.equals(tokens.get(key))) {
            entries.put(key, new Entry(key, State.CLAIMED, now.minusMillis(1), current.detailJson(), current.attempts()));
        }
    }
}
