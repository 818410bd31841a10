package com.gaterouter.rollup.notifier;

import com.gaterouter.rollup.alerts.BudgetAlert;

/** Port: what an alert's scope spent its money on, for the e-mail. */
interface SpendBreakdownSource {

    /** The top {@code limit} users, models and keys of the alert's scope and period. */
    SpendBreakdown breakdown(BudgetAlert alert, int limit);
}
