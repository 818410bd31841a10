package com.gaterouter.common.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The limits of one scope (tenant, department, project, user or key) with its alert thresholds
 * (percent of the USD budgets, ascending) and, for tenants and departments, finance recipients:
 * {@code alertRecipients} for every alert, {@code escalationRecipients} in addition once the budget
 * is exhausted (a threshold of 100 % or more). Enforced by the router; administered here.
 */
public record Budget(String tenantId, BudgetScope scope, String scopeId, Limits limits,
                     List<Integer> thresholdsPercent, List<String> alertRecipients, List<String> escalationRecipients,
                     Instant createdAt, Instant updatedAt, long version) implements AccountEntity {

    public static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 80, 100);

    public Budget {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(scopeId, "scopeId");
        Objects.requireNonNull(limits, "limits");
        thresholdsPercent = List.copyOf(thresholdsPercent);
        alertRecipients = List.copyOf(alertRecipients);
        escalationRecipients = List.copyOf(escalationRecipients);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        for (int i = 0; i < thresholdsPercent.size(); i++) {
            int t = thresholdsPercent.get(i);
            if (t < 1 || t > 1000 || (i > 0 && t <= thresholdsPercent.get(i - 1))) {
                throw new IllegalArgumentException("thresholds must be ascending percentages between 1 and 1000");
            }
        }
        if ((!alertRecipients.isEmpty() || !escalationRecipients.isEmpty()) && !scope.takesAlertRecipients()) {
            throw new IllegalArgumentException("alert recipients are set on tenant and department budgets only");
        }
    }

    /** A budget without escalation recipients. */
    public Budget(String tenantId, BudgetScope scope, String scopeId, Limits limits, List<Integer> thresholdsPercent,
                  List<String> alertRecipients, Instant createdAt, Instant updatedAt, long version) {
        this(tenantId, scope, scopeId, limits, thresholdsPercent, alertRecipients, List.of(), createdAt, updatedAt, version);
    }
}
