package com.gaterouter.admin.reconciliation;

import java.util.Objects;

/**
 * What reconciliation needs besides the usage records: where reconciliations are kept, the export
 * formats an admin may upload, and the price book. Without one, the routes authorize the caller,
 * then answer 501.
 */
public record ReconciliationBackend(ReconciliationStore store, ExportFormats formats, PriceBook prices) {

    public ReconciliationBackend {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(formats, "formats");
        Objects.requireNonNull(prices, "prices");
    }
}
