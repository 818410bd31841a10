package com.gaterouter.admin.analytics;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;

/** Where closed months are kept (docs/finops.md, month close): one close per tenant and month, written once. */
public interface MonthCloses {

    /**
     * A closed month.
     *
     * @param body   the close as the API answers it (JSON)
     * @param digest what the close says, hashed without who closed it and when: a re-run that computes the same digest changed nothing
     */
    record Stored(String tenantId, YearMonth month, String body, String digest, Instant closedAt, String closedBy) {
        public Stored {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(month, "month");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(closedAt, "closedAt");
            Objects.requireNonNull(closedBy, "closedBy");
        }
    }

    Optional<Stored> find(String tenantId, YearMonth month);

    /** Keeps {@code close} unless the month is closed already: then false, and nothing is written. */
    boolean create(Stored close);
}
