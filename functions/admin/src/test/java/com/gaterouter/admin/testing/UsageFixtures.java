package com.gaterouter.admin.testing;

import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.rollup.Rollups;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.common.usage.UsageStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Usage records for analytics tests: written raw (today's path) or rolled up into roll-up rows (final days). */
public final class UsageFixtures {

    private final AdminHarness h;

    public UsageFixtures(AdminHarness harness) {
        this.h = harness;
    }

    /** One request of {@code principal}'s key. */
    public static UsageRecord request(Principal principal, String model, Instant at, long promptTokens, long completionTokens,
                                      long costMicros, boolean failed, Optional<RouteDecision> route) {
        String vendor = model.substring(0, model.indexOf('/'));
        return new UsageRecord("req-" + UUID.randomUUID(), principal, route.isPresent() ? "auto" : model, model, vendor, 1,
                new TokenUsage(promptTokens, 0, 0, completionTokens, 0), costMicros, 120, 80,
                failed ? UsageStatus.VENDOR_FAILED : UsageStatus.SUCCEEDED, failed ? 502 : 200, false, at, route, List.of());
    }

    /** A request the gateway refused before any vendor call (429 budget or rate limit, 403 model not allowed): no tokens, no cost. */
    public static UsageRecord refused(Principal principal, String model, Instant at, int httpStatus, Optional<RouteDecision> route) {
        String vendor = model.substring(0, model.indexOf('/'));
        return new UsageRecord("req-" + UUID.randomUUID(), principal, route.isPresent() ? "auto" : model, model, vendor, 0,
                TokenUsage.NONE, 0, 0, 0, UsageStatus.REFUSED, httpStatus, false, at, route, List.of());
    }

    /** A routed (or, with {@code shadow}, shadow-classified) decision. */
    public static Optional<RouteDecision> routed(String tier, boolean shadow, long routedCostMicros, long referenceCostMicros) {
        return Optional.of(new RouteDecision(tier, 0.5, List.of("length"), shadow, "openai/gpt-4o-mini", "openai/gpt-4o",
                routedCostMicros, referenceCostMicros));
    }

    /** Writes the records as raw usage (days after the watermark are read from here). */
    public void raw(UsageRecord... records) {
        for (UsageRecord record : records) {
            h.usage.record(record);
        }
    }

    /**
     * Writes the day rows and the month row the given records (one tenant, one month, any days)
     * make — as the roll-up engine would — without writing the records themselves, so a test can
     * tell which source an answer came from. One call per month: it replaces the month's rows.
     */
    public void rolledUp(String tenantId, UsageRecord... records) {
        java.util.Map<LocalDate, List<UsageRecord>> byDay = new java.util.TreeMap<>();
        for (UsageRecord record : records) {
            byDay.computeIfAbsent(LocalDate.ofInstant(record.occurredAt(), ZoneOffset.UTC), d -> new java.util.ArrayList<>()).add(record);
        }
        List<com.gaterouter.common.rollup.RollupRow> dayRows = new java.util.ArrayList<>();
        byDay.forEach((day, recs) -> dayRows.addAll(Rollups.ofDay(tenantId, day, recs)));
        h.rollups.put(dayRows);
        String month = byDay.keySet().iterator().next().toString().substring(0, 7);
        h.rollups.put(Rollups.ofMonth(tenantId, month, dayRows));
    }
}
