package com.gaterouter.rollup.notifier;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.rollup.Granularity;
import com.gaterouter.rollup.alerts.BudgetAlert;

/** Port: what a scope spent its money on, for the e-mails. */
interface SpendBreakdownSource {

    /** The top {@code limit} users, models and keys of a scope over the roll-up periods {@code from} to {@code to}. */
    SpendBreakdown breakdown(String tenantId, BudgetScope scope, String scopeId, Granularity granularity, String from, String to,
                             int limit);

    /** The top {@code limit} users, models and keys of the alert's scope and period. */
    default SpendBreakdown breakdown(BudgetAlert alert, int limit) {
        AlertPeriod period = alert.period();
        Granularity granularity = period.kind() == AlertPeriod.Kind.MONTHLY ? Granularity.MONTH : Granularity.DAY;
        return breakdown(alert.tenantId(), alert.scope(), alert.scopeId(), granularity, period.id(), period.id(), limit);
    }
}
