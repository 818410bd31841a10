package com.gaterouter.common.alerts;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A test double of the digest ledger: in memory, with the DynamoDB ledger's semantics (test code only). */
public final class InMemoryDigestLedger implements DigestLedger {

    private final Set<String> claimed = new LinkedHashSet<>();

    @Override
    public synchronized boolean claim(String tenantId, String departmentId, String weekId, Instant keepUntil, Instant now) {
        return claimed.add(tenantId + "/" + departmentId + "/" + weekId);
    }

    @Override
    public synchronized void release(String tenantId, String departmentId, String weekId) {
        claimed.remove(tenantId + "/" + departmentId + "/" + weekId);
    }

    /** {@code tenant/department/week} of every claim held, in claim order. */
    public synchronized List<String> claims() {
        return List.copyOf(claimed);
    }
}
