package com.gaterouter.admin.reconciliation;

import com.gaterouter.common.accounts.Actor;
import com.gaterouter.common.billing.InvoiceLine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored reconciliation: who reconciled which vendor export for which period, the export's lines
 * as normalized, and the report as the API showed it when it was made (JSON text, so a later GET
 * answers the same figures even after the price book or the usage changed).
 */
public record Reconciliation(Head head, List<InvoiceLine> lines, String reportJson) {

    public Reconciliation {
        Objects.requireNonNull(head, "head");
        lines = List.copyOf(lines);
        Objects.requireNonNull(reportJson, "reportJson");
    }

    /** What a list shows of a reconciliation, besides its summary. */
    public record Head(String tenantId, String id, String vendor, String format, LocalDate from, LocalDate to,
                       Optional<String> account, Instant createdAt, Actor createdBy) {
        public Head {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            account = Objects.requireNonNullElse(account, Optional.empty());
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(createdBy, "createdBy");
        }
    }
}
