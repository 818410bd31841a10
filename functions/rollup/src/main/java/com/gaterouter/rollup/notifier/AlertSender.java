package com.gaterouter.rollup.notifier;

import com.gaterouter.rollup.alerts.BudgetAlert;

/** Port: delivers an alert message (an SNS topic with e-mail subscriptions in AWS). */
public interface AlertSender {

    /** Sends or throws; a throw makes the notifier's invocation fail so it is retried and, in the end, dead-lettered. */
    void send(BudgetAlert alert, AlertMessage message);
}
