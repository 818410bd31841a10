package com.gaterouter.router.metering;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import com.gaterouter.common.usage.UsageStore;
import com.gaterouter.router.catalog.ModelSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prices a finished request and writes its usage record (once, idempotent on the request id). */
public final class UsageMeter {

    private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

    /** Everything known about a finished request except its cost. */
    public record Measured(String requestId, Principal principal, String requestedModel, ModelSpec served,
                           int attempts, TokenUsage tokens, long latencyMillis, long ttftMillis,
                           UsageStatus status, int httpStatus, boolean stream, Instant occurredAt) {
    }

    private final UsageStore store;

    public UsageMeter(UsageStore store) {
        this.store = store;
    }

    /** The request's cost in micro-USD at the price in force on the request's (UTC) day. */
    public long costOf(ModelSpec model, TokenUsage tokens, Instant at) {
        return model.priceOn(LocalDate.ofInstant(at, ZoneOffset.UTC)).costOf(tokens);
    }

    public UsageRecord record(Measured m) {
        UsageRecord record = new UsageRecord(m.requestId(), m.principal(), m.requestedModel(), m.served().id(),
                m.served().vendor(), m.attempts(), m.tokens(), costOf(m.served(), m.tokens(), m.occurredAt()),
                m.latencyMillis(), m.ttftMillis(), m.status(), m.httpStatus(), m.stream(), m.occurredAt());
        try {
            store.record(record);
        } catch (RuntimeException e) {
            // the record (no prompt, no key) goes to the log so it can be replayed by hand
            LOG.error("usage write failed for request {}: {} record={}", m.requestId(), e.toString(), record);
        }
        return record;
    }
}
