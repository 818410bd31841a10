package com.gaterouter.rollup.notifier;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.rollup.alerts.BudgetAlert;

/** Port: delivers a finance message (an SNS topic with e-mail subscriptions in AWS). */
public interface AlertSender {

    /**
     * Sends or throws; a throw makes the notifier's invocation fail so it is retried and, in the end,
     * dead-lettered.
     *
     * @param id         the stable id of what the message is about (an alert id, a digest id)
     * @param detailType the event's detail-type
     */
    void send(String id, String tenantId, BudgetScope scope, String detailType, AlertMessage message);

    default void send(BudgetAlert alert, AlertMessage message) {
        send(alert.alertId(), alert.tenantId(), alert.scope(), alert.detailType(), message);
    }
}
