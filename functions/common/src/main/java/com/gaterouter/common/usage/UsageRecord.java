package com.gaterouter.common.usage;

import com.gaterouter.common.accounts.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as metered: written once, idempotent on {@code requestId}.
 *
 * @param requestedModel the model the client named (may be an alias or "auto")
 * @param servedModel    the catalog id that answered, e.g. {@code openai/gpt-4o-mini}
 * @param costMicros     the request's cost in micro-USD (docs/pricing.md)
 * @param attempts       vendor calls made, retries and fallbacks included (0 when none could be made)
 * @param ttftMillis     time to first token for streams, total latency otherwise
 * @param route          what the auto-router decided ({@code auto} requests, and every request in shadow mode); empty otherwise
 * @param failedAttempts the vendor calls that failed, in order: on a served request, those a retry or a
 *                       fallback replaced; on a failed one, the attempts that failed it. At most {@code attempts}.
 * @param leases         the ids of the allowance leases the request was admitted on (none when no budget or rate
 *                       limit applied): what lets a crashed instance's leases be reclaimed at what they consumed
 * @param api            the API the request came in by, as the router's route label: {@code chat.completions},
 *                       {@code embeddings}, {@code messages} (Anthropic Messages), {@code responses} (OpenAI Responses);
 *                       "" on records written before the gateway recorded it
 * @param listCostMicros the same tokens at the catalog's list prices, micro-USD: {@code costMicros} is what the
 *                       tenant's terms (its contract with the vendor, else its pricing) make of them (docs/finops.md);
 *                       records written before the gateway kept both read it as {@code costMicros}
 * @param pricingVersion the version of the tenant's price table that priced the record (0: list prices, no table)
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
        Instant occurredAt,
        Optional<RouteDecision> route,
        List<FailedAttempt> failedAttempts,
        List<String> leases,
        String api,
        long listCostMicros,
        long pricingVersion) {

    /** A record priced at list prices (its cost is its list cost). */
    public UsageRecord(String requestId, Principal principal, String requestedModel, String servedModel, String vendor,
                       int attempts, TokenUsage tokens, long costMicros, long latencyMillis, long ttftMillis,
                       UsageStatus status, int httpStatus, boolean stream, Instant occurredAt,
                       Optional<RouteDecision> route, List<FailedAttempt> failedAttempts, List<String> leases, String api) {
        this(requestId, principal, requestedModel, servedModel, vendor, attempts, tokens, costMicros, latencyMillis,
                ttftMillis, status, httpStatus, stream, occurredAt, route, failedAttempts, leases, api, costMicros, 0);
    }

    /** A record of an unrecorded API (written before the gateway recorded it). */
    public UsageRecord(String requestId, Principal principal, String requestedModel, String servedModel, String vendor,
                       int attempts, TokenUsage tokens, long costMicros, long latencyMillis, long ttftMillis,
                       UsageStatus status, int httpStatus, boolean stream, Instant occurredAt,
                       Optional<RouteDecision> route, List<FailedAttempt> failedAttempts, List<String> leases) {
        this(requestId, principal, requestedModel, servedModel, vendor, attempts, tokens, costMicros, latencyMillis,
                ttftMillis, status, httpStatus, stream, occurredAt, route, failedAttempts, leases, "");
    }

    /** A record without a routing decision and without failed attempts. */
    public UsageRecord(String requestId, Principal principal, String requestedModel, String servedModel, String vendor,
                       int attempts, TokenUsage tokens, long costMicros, long latencyMillis, long ttftMillis,
                       UsageStatus status, int httpStatus, boolean stream, Instant occurredAt) {
        this(requestId, principal, requestedModel, servedModel, vendor, attempts, tokens, costMicros, latencyMillis,
                ttftMillis, status, httpStatus, stream, occurredAt, Optional.empty(), List.of(), List.of());
    }

    /** A record drawn on no allowance lease. */
    public UsageRecord(String requestId, Principal principal, String requestedModel, String servedModel, String vendor,
                       int attempts, TokenUsage tokens, long costMicros, long latencyMillis, long ttftMillis,
                       UsageStatus status, int httpStatus, boolean stream, Instant occurredAt,
                       Optional<RouteDecision> route, List<FailedAttempt> failedAttempts) {
        this(requestId, principal, requestedModel, servedModel, vendor, attempts, tokens, costMicros, latencyMillis,
                ttftMillis, status, httpStatus, stream, occurredAt, route, failedAttempts, List.of());
    }

    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(servedModel, "servedModel");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
        route = route == null ? Optional.empty() : route;
        failedAttempts = failedAttempts == null ? List.of() : List.copyOf(failedAttempts);
        leases = leases == null ? List.of() : List.copyOf(leases);
        api = api == null ? "" : api;
        if (costMicros < 0 || listCostMicros < 0) {
            throw new IllegalArgumentException("cost must not be negative");
        }
        if (pricingVersion < 0) {
            throw new IllegalArgumentException("pricingVersion must not be negative");
        }
    }

    /** The same record, naming the allowance leases it was admitted on. */
    public UsageRecord withLeases(List<String> leaseIds) {
        return new UsageRecord(requestId, principal, requestedModel, servedModel, vendor, attempts, tokens, costMicros,
                latencyMillis, ttftMillis, status, httpStatus, stream, occurredAt, route, failedAttempts, leaseIds, api,
                listCostMicros, pricingVersion);
    }

    /** The complexity tier the auto-router assigned, if it classified this request. */
    public Optional<String> tier() {
        return route.map(RouteDecision::tier);
    }
}
