package com.gaterouter.common.usage;

import com.gaterouter.common.accounts.Principal;
import java.time.Instant;
import java.util.Objects;

/**
 * One request as metered: written once, idempotent on {@code requestId}.
 *
 * @param requestedModel the model the client named (may be an alias or "auto")
 * @param servedModel    the catalog id that answered, e.g. {@code openai/gpt-4o-mini}
 * @param costMicros     the request's cost in micro-USD (docs/pricing.md)
 * @param ttftMillis     time to first token for streams, total latency otherwise
 */
public record UsageRecord(
        String requestId,
        Principal principal,
        String requestedModel,
        String servedModel,
        String vendor,
        int attempts,
        TokenUsage tokens,
        long costMicros,
        long latencyMillis,
        long ttftMillis,
        UsageStatus status,
        int httpStatus,
        boolean stream,
        Instant occurredAt) {

    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(servedModel, "servedModel");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (costMicros < 0) {
            throw new IllegalArgumentException("cost must not be negative");
        }
    }
}
