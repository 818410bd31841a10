package com.gaterouter.rollup.notifier;

import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.rollup.alerts.BudgetAlert;
import com.gaterouter.common.alerts.SpendForecast;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * Writes the finance e-mail for an alert: a subject a person can act on from the inbox, and a
 * plain-text body with the figures, the forecast, where the money went and what to do. Pure; the
 * wording is part of the contract its tests pin down.
 */
final class AlertMessageComposer {

    public static final String SUBJECT_PREFIX = "[GateRouter] ";
    private static final Locale EN = Locale.ENGLISH;

    public AlertMessage compose(BudgetAlert alert, SpendBreakdown breakdown) {
        return new AlertMessage(subject(alert), body(alert, breakdown), alert.recipients());
    }

    /**
     * {@code [GateRouter] Marketing reached 80 % of its November budget},
     * {@code [GateRouter] Marketing exhausted its November budget},
     * {@code [GateRouter] Marketing is on track to exceed its November budget by the 23rd}.
     */
    public String subject(BudgetAlert alert) {
        String who = who(alert);
        String budget = budgetName(alert.period());
        return SUBJECT_PREFIX + switch (alert.trigger()) {
            case AlertTrigger.Threshold t when t.percent() == 100 -> who + " exhausted its " + budget;
            case AlertTrigger.Threshold t -> who + " reached " + t.percent() + " % of its " + budget;
            case AlertTrigger.Forecast f -> who + " is on track to exceed its " + budget
                    + alert.forecast().flatMap(SpendForecast::exceedsOn).filter(d -> alert.period().kind() == AlertPeriod.Kind.MONTHLY)
                            .map(d -> " by the " + ordinal(d.getDayOfMonth())).orElse("");
        };
    }

    public String body(BudgetAlert alert, SpendBreakdown breakdown) {
        StringBuilder b = new StringBuilder();
        AlertPeriod period = alert.period();
        b.append(headline(alert)).append("\n\n");
        line(b, "Spend so far", UsdMicros.toDisplay(alert.spendUsdMicros()) + " (" + alert.percentUsed() + " % of the budget)");
        line(b, "Budget", UsdMicros.toDisplay(alert.budgetUsdMicros()));
        line(b, "Period", period.start() + " to " + period.end() + " (" + period.timeZone().getId() + ")");
        line(b, "Forecast", forecast(alert));
        line(b, "Scope", alert.scope().wireName() + " " + alert.scopeId() + " of tenant " + alert.tenantName()
                + " (" + alert.tenantId() + ")");
        b.append('\n');

        String when = period.kind() == AlertPeriod.Kind.MONTHLY ? "this month" : "this day";
        if (breakdown.unavailable().isPresent()) {
            b.append("Top users, models and keys are not available right now (").append(breakdown.unavailable().get())
                    .append(").\n\n");
        } else {
            list(b, "Top users " + when + (breakdown.usersTenantWide() ? " (whole tenant)" : ""), breakdown.users());
            list(b, "Top models " + when + (breakdown.modelsTenantWide() ? " (whole tenant)" : ""), breakdown.models());
            list(b, "Top keys " + when + (breakdown.keysTenantWide() ? " (whole tenant)" : ""), breakdown.keys());
        }

        b.append("What to do\n");
        if (alert.trigger() instanceof AlertTrigger.Threshold t && t.percent() >= 100) {
            b.append("  - Requests charged to this budget are now refused (HTTP 429, insufficient_quota) until the budget\n")
                    .append("    is raised or the period ends.\n");
        }
        String limitField = period.kind() == AlertPeriod.Kind.MONTHLY ? "monthlyUsd" : "dailyUsd";
        b.append("  - If this spend is expected, raise the budget: PUT /admin/v1/tenants/").append(alert.tenantId())
                .append("/budgets/").append(alert.scope().wireName()).append('/').append(alert.scopeId())
                .append(" with a higher ").append(limitField).append(".\n");
        b.append("  - Review the keys above: revoke or limit any key that should not spend this much\n")
                .append("    (POST /admin/v1/tenants/").append(alert.tenantId()).append("/keys/{keyId}/revoke).\n");
        b.append("  - Send requests with model \"auto\": GateRouter then routes simple requests to cheaper models.\n\n");

        b.append("Spend is settled spend from GateRouter's real-time counters at ").append(alert.occurredAt())
                .append(";\nthe top lists come from the roll-ups (UTC calendar periods, refreshed every 15 minutes).\n");
        b.append("Alert id: ").append(alert.alertId()).append('\n');
        return b.toString();
    }

    private String headline(BudgetAlert alert) {
        String who = who(alert);
        String budget = budgetName(alert.period()) + " of " + UsdMicros.toDisplay(alert.budgetUsdMicros());
        return switch (alert.trigger()) {
            case AlertTrigger.Threshold t when t.percent() >= 100 -> who + " has spent " + UsdMicros.toDisplay(alert.spendUsdMicros())
                    + ": its " + budget + " is used up.";
            case AlertTrigger.Threshold t -> who + " has spent " + UsdMicros.toDisplay(alert.spendUsdMicros()) + ", "
                    + alert.percentUsed() + " % of its " + budget + " (alert threshold " + t.percent() + " %).";
            case AlertTrigger.Forecast f -> who + " has spent " + UsdMicros.toDisplay(alert.spendUsdMicros())
                    + " of its " + budget + " and at this pace will exceed it"
                    + alert.forecast().flatMap(SpendForecast::exceedsOn).map(d -> " on " + dayMonth(d)).orElse("") + ".";
        };
    }

    private static String forecast(BudgetAlert alert) {
        return forecast(alert.forecast(), alert.period(), alert.occurredAt());
    }

    /** The forecast line: the projection at {@code at}, or why there is none. */
    static String forecast(java.util.Optional<SpendForecast> forecast, AlertPeriod period, java.time.Instant at) {
        if (forecast.isEmpty()) {
            return period.endsAt().isAfter(at)
                    ? "none yet (too early in the period for a reliable projection)"
                    : "none (the period is over)";
        }
        SpendForecast f = forecast.get();
        // a projection: its micro-dollars mean nothing, so it is shown to the cent
        String projected = UsdMicros.toDisplay(UsdMicros.roundedToCents(f.spendUsdMicros())) + " by the end of the period at the current pace";
        return f.exceedsOn().map(d -> projected + "; the budget runs out around " + dayMonth(d))
                .orElse(projected + ", within the budget");
    }

    static void list(StringBuilder b, String title, List<TopSpender> spenders) {
        b.append(title).append('\n');
        if (spenders.isEmpty()) {
            b.append("  (no spend recorded in the roll-ups yet)\n");
        }
        for (int i = 0; i < spenders.size(); i++) {
            TopSpender s = spenders.get(i);
            b.append("  ").append(i + 1).append(". ").append(s.label()).append(" - ")
                    .append(UsdMicros.toDisplay(s.costUsdMicros())).append(", ").append(s.requests())
                    .append(s.requests() == 1 ? " request" : " requests").append('\n');
        }
        b.append('\n');
    }

    static void line(StringBuilder b, String label, String value) {
        b.append("  ").append(label).append(": ").append(value).append('\n');
    }

    /** How a scope is named in a sentence: departments and tenants by name, others with their kind. */
    static String who(BudgetAlert alert) {
        return switch (alert.scope()) {
            case TENANT, DEPARTMENT -> alert.scopeName();
            case PROJECT -> "Project " + alert.scopeName();
            case USER -> "User " + alert.scopeName();
            case KEY -> "Key " + alert.scopeName();
        };
    }

    /** {@code November budget}, {@code daily budget for 24 November}. */
    static String budgetName(AlertPeriod period) {
        return period.kind() == AlertPeriod.Kind.MONTHLY
                ? period.start().getMonth().getDisplayName(TextStyle.FULL, EN) + " budget"
                : "daily budget for " + dayMonth(period.start());
    }

    static String dayMonth(LocalDate day) {
        return day.getDayOfMonth() + " " + day.getMonth().getDisplayName(TextStyle.FULL, EN);
    }

    /** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd, 23rd … 31st. */
    static String ordinal(int day) {
        if (day % 100 >= 11 && day % 100 <= 13) {
            return day + "th";
        }
        return day + switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }
}
