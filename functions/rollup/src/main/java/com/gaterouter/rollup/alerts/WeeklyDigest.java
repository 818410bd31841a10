package com.gaterouter.rollup.alerts;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.alerts.SpendForecast;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One department's weekly spend digest, as published: the detail of a {@code Weekly Spend Digest}
 * event (docs/events.md), which the notifier e-mails to the department's alert recipients. Money in
 * micro-USD.
 *
 * @param weekSpendUsdMicros the department's spend in the ISO week (from the roll-ups: UTC days)
 * @param month              the tenant's month in progress, which month-to-date and the budget are of
 * @param monthToDateUsdMicros settled spend of {@code month} so far (the spend counters, as alerts)
 * @param percentUsed        month to date as a percentage of the budget, as {@link BudgetAlert#percentUsed}
 */
public record WeeklyDigest(String tenantId, String tenantName, String departmentId, String departmentName, Week week,
                           long weekSpendUsdMicros, AlertPeriod month, long monthToDateUsdMicros, long budgetUsdMicros,
                           String percentUsed, Optional<SpendForecast> forecast, List<String> recipients, Instant occurredAt) {

    public static final String DETAIL_TYPE = "Weekly Spend Digest";

    public WeeklyDigest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(tenantName, "tenantName");
        Objects.requireNonNull(departmentId, "departmentId");
        Objects.requireNonNull(departmentName, "departmentName");
        Objects.requireNonNull(week, "week");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(percentUsed, "percentUsed");
        forecast = Objects.requireNonNullElse(forecast, Optional.empty());
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** {@code acme:department:dept_1:2026-W48:digest}: stable, what consumers deduplicate on. */
    public String digestId() {
        return String.join(":", tenantId, BudgetScope.DEPARTMENT.wireName(), departmentId, week.id(), "digest");
    }

    /** An ISO week, Monday to Sunday: {@code 2026-W48} is 23 to 29 November 2026. */
    public record Week(String id, LocalDate start, LocalDate end) {

        public Week {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        public static Week containing(LocalDate day) {
            LocalDate monday = day.with(DayOfWeek.MONDAY);
            String id = String.format("%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            return new Week(id, monday, monday.plusDays(6));
        }

        /** The last whole week before {@code day}'s. */
        public static Week before(LocalDate day) {
            return containing(day.with(DayOfWeek.MONDAY).minusDays(1));
        }
    }
}
