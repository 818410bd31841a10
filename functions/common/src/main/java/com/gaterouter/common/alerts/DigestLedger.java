package com.gaterouter.common.alerts;

import java.time.Instant;

/**
 * Port: which weekly digests went out. One entry per tenant, department and ISO week, written with a
 * conditional put <em>before</em> the digest is published, so of any number of runs, concurrent or
 * repeated, one sends it. A publish known to have failed gives the entry back ({@link #release}) so
 * the next run sends it; a run that dies between its claim and its publish loses that week's
 * digest (at most once: a digest is a summary, the alerts are the guarantee).
 */
public interface DigestLedger {

    /**
     * Claims the digest of {@code departmentId} for {@code weekId} ({@code 2026-W48}).
     *
     * @return true when this run must send it; false when it was claimed before
     */
    boolean claim(String tenantId, String departmentId, String weekId, Instant keepUntil, Instant now);

    /** Forgets a claim whose publish failed, so the next run sends the digest. */
    void release(String tenantId, String departmentId, String weekId);
}
