package com.gaterouter.admin.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.alerts.AlertLedger;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One budget alert that fired, as the alert ledger holds it: the entry (key and state) and the
 * event detail stored with its first claim.
 *
 * @param occurredAt the detail's {@code occurredAt} (the ledger's order: newest first)
 */
public record FiredAlert(AlertLedger.Entry entry, ObjectNode detail, Instant occurredAt) {

    /** Newest first; alerts of the same instant by id, so the order (and so a page's position) is total. */
    public static final Comparator<FiredAlert> NEWEST_FIRST = Comparator.comparing(FiredAlert::occurredAt).reversed()
            .thenComparing(FiredAlert::alertId);

    public FiredAlert {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public String alertId() {
        return entry.key().alertId();
    }

    /** The event's detail-type, as the alert pass publishes it ({@code Budget Threshold Crossed}, …). */
    public String type() {
        return entry.key().trigger().detailType();
    }

    /**
     * {@code published} once the bus accepted the event; {@code pending} while claimed and not yet
     * published; {@code superseded} when the pass that found it sent a higher alert of the same scope
     * and period instead (never published).
     */
    public String state() {
        return switch (entry.state()) {
            case PUBLISHED -> "published";
            case CLAIMED -> "pending";
            case SUPERSEDED -> "superseded";
        };
    }
}
