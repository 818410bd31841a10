package com.gaterouter.admin.reconciliation;

import com.gaterouter.common.accounts.AuditEntry;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import java.util.Optional;

/** Port: a tenant's reconciliations. */
public interface ReconciliationStore {

    /**
     * Stores {@code reconciliation} and its audit entry, all or nothing.
     *
     * @param summaryJson the report's summary, which the list shows without reading the report
     */
    void create(Reconciliation reconciliation, String summaryJson, AuditEntry audit);

    Optional<Reconciliation> find(String tenantId, String reconciliationId);

    /** The tenant's reconciliations, newest first. */
    Page<Listed> list(String tenantId, PageRequest page);

    /** A list's entry: the head and the summary's JSON. */
    record Listed(Reconciliation.Head head, String summaryJson) {
    }
}
