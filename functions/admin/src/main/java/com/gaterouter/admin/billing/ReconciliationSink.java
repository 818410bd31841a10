package com.gaterouter.admin.billing;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Where a fetched export goes: a reconciliation of one tenant's records against it, as if an admin
 * had uploaded it (the reconciliation service, wired at the edge).
 */
@FunctionalInterface
public interface ReconciliationSink {

    /**
     * @param format  the export's format: the vendor ({@code openai}, {@code anthropic})
     * @param from    the period's first UTC day
     * @param to      the period's last UTC day (inclusive)
     * @param account the vendor-side account whose lines are the tenant's (the terms' {@code billingAccount})
     * @param export  the export body, in the upload format of {@code format}
     */
    void reconcile(String tenantId, String format, LocalDate from, LocalDate to, Optional<String> account, byte[] export);
}
