package com.gaterouter.rollup.notifier;

import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.rollup.alerts.WeeklyDigest;

/**
 * Writes the weekly digest e-mail of a department, in the alerts' words and layout
 * ({@link AlertMessageComposer}): the week's spend, the month to date against the budget, the
 * forecast, the week's top users and models. Pure.
 */
final class WeeklyDigestComposer {

    /** {@code [GateRouter] Marketing: weekly spend 23 November to 29 November}. */
    String subject(WeeklyDigest digest) {
        return AlertMessageComposer.SUBJECT_PREFIX + digest.departmentName() + ": weekly spend "
                + AlertMessageComposer.dayMonth(digest.week().start()) + " to " + AlertMessageComposer.dayMonth(digest.week().end());
    }

    AlertMessage compose(WeeklyDigest digest, SpendBreakdown breakdown) {
        StringBuilder b = new StringBuilder();
        b.append(digest.departmentName()).append(" spent ").append(UsdMicros.toDisplay(digest.weekSpendUsdMicros()))
                .append(" in the week ").append(digest.week().id()).append(" (")
                .append(AlertMessageComposer.dayMonth(digest.week().start())).append(" to ")
                .append(AlertMessageComposer.dayMonth(digest.week().end())).append(").\n\n");
        AlertMessageComposer.line(b, "This week", UsdMicros.toDisplay(digest.weekSpendUsdMicros()));
        AlertMessageComposer.line(b, "Month to date", UsdMicros.toDisplay(digest.monthToDateUsdMicros()) + " of "
                + AlertMessageComposer.budgetName(digest.month()) + " " + UsdMicros.toDisplay(digest.budgetUsdMicros())
                + " (" + digest.percentUsed() + " %)");
        AlertMessageComposer.line(b, "Forecast", AlertMessageComposer.forecast(digest.forecast(), digest.month(), digest.occurredAt()));
        AlertMessageComposer.line(b, "Scope", "department " + digest.departmentId() + " of tenant " + digest.tenantName()
                + " (" + digest.tenantId() + ")");
        b.append('\n');
        if (breakdown.unavailable().isPresent()) {
            b.append("Top users and models are not available right now (").append(breakdown.unavailable().get()).append(").\n\n");
        } else {
            AlertMessageComposer.list(b, "Top users this week", breakdown.users());
            AlertMessageComposer.list(b, "Top models this week" + (breakdown.modelsTenantWide() ? " (whole tenant)" : ""),
                    breakdown.models());
        }
        b.append("The week is UTC days from the roll-ups; month to date is settled spend from GateRouter's real-time\n")
                .append("counters at ").append(digest.occurredAt()).append(", in the tenant's month.\n");
        b.append("Digest id: ").append(digest.digestId()).append('\n');
        return new AlertMessage(subject(digest), b.toString(), digest.recipients());
    }
}
