package com.gaterouter.admin.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.alerts.AlertKey;
import com.gaterouter.common.alerts.AlertLedger;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.common.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Fires budget alerts into the harness's alert ledger as the rollup's alert pass does: a claim with
 * the event detail of docs/events.md (written out here by hand, the contract), then, if published,
 * the mark. The figures are fixed: $402 of a $500 budget, no forecast.
 */
public final class AlertFixtures {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private final AdminHarness h;

    public AlertFixtures(AdminHarness harness) {
        this.h = harness;
    }

    /** An alert of {@code periodId} ({@code YYYY-MM} or {@code YYYY-MM-DD}) that occurred at {@code occurredAt}. */
    public AlertKey fire(String tenantId, BudgetScope scope, String scopeId, String scopeName, String periodId, AlertTrigger trigger,
                         Instant occurredAt, boolean published) {
        AlertPeriod period = periodId.length() == 7 ? AlertPeriod.month(YearMonth.parse(periodId), ZONE)
                : AlertPeriod.day(LocalDate.parse(periodId), ZONE);
        AlertKey key = new AlertKey(tenantId, scope, scopeId, period.id(), trigger);
        var claim = h.alerts.claim(key, detail(key, scopeName, period, occurredAt), AlertLedger.retention(period), occurredAt,
                Duration.ofMinutes(5));
        if (!(claim instanceof AlertLedger.Won won)) {
            throw new AssertionError("could not claim " + key.alertId() + ": " + claim);
        }
        if (published) {
            h.alerts.markPublished(key, won.token(), occurredAt.plusSeconds(1));
        }
        return key;
    }

    /** The event detail (docs/events.md, "Detail"), fields in the documented order. */
    public static String detail(AlertKey key, String scopeName, AlertPeriod period, Instant occurredAt) {
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("alertId", key.alertId());
        d.put("tenantId", key.tenantId());
        d.put("tenantName", "Tenant " + key.tenantId());
        d.put("scope", key.scope().wireName());
        d.put("scopeId", key.scopeId());
        d.put("scopeName", scopeName);
        ObjectNode p = d.putObject("period");
        p.put("kind", period.kind().wireName());
        p.put("id", period.id());
        p.put("start", period.start().toString());
        p.put("end", period.end().toString());
        p.put("timeZone", period.timeZone().getId());
        if (key.trigger() instanceof AlertTrigger.Threshold threshold) {
            d.put("thresholdPercent", threshold.percent());
        } else {
            d.putNull("thresholdPercent");
        }
        d.put("percentUsed", "80.4");
        d.put("spendUsdMicros", 402_000_000L);
        d.put("spendUsd", "402.000000");
        d.put("budgetUsdMicros", 500_000_000L);
        d.put("budgetUsd", "500.000000");
        d.putNull("forecast");
        d.putArray("recipients").add("finance@" + key.tenantId() + ".example");
        d.put("occurredAt", occurredAt.toString());
        return d.toString();
    }
}
