package com.gaterouter.rollup.alerts;

import com.gaterouter.common.alerts.AlertKey;
import com.gaterouter.common.alerts.AlertTrigger;
import com.gaterouter.common.alerts.AlertPeriod;
import com.gaterouter.common.alerts.SpendForecast;
import com.gaterouter.common.accounts.BudgetScope;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert as published: the detail of a {@code Budget Threshold Crossed}, {@code Budget Exhausted}
 * or {@code Spend Forecast Exceeded} event (docs/events.md). Money in micro-USD.
 *
 * @param percentUsed spend as a percentage of the budget, one decimal, rounded down (so "100.0"
 *                    means the budget is really spent)
 * @param recipients  finance addresses for this scope (its budget's, else its department's, else the tenant's)
 */
public record BudgetAlert(AlertKey key, String tenantName, String scopeName, AlertPeriod period, String percentUsed,
                          long spendUsdMicros, long budgetUsdMicros, Optional<SpendForecast> forecast,
                          List<String> recipients, Instant occurredAt) {

    public BudgetAlert {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tenantName, "tenantName");
        Objects.requireNonNull(scopeName, "scopeName");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(percentUsed, "percentUsed");
        forecast = Objects.requireNonNullElse(forecast, Optional.empty());
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!key.periodId().equals(period.id())) {
            throw new IllegalArgumentException("alert key and period disagree: " + key.periodId() + " vs " + period.id());
        }
    }

    public String alertId() {
        return key.alertId();
    }

    public String detailType() {
        return key.trigger().detailType();
    }

    public String tenantId() {
        return key.tenantId();
    }

    public BudgetScope scope() {
        return key.scope();
    }

    public String scopeId() {
        return key.scopeId();
    }

    public AlertTrigger trigger() {
        return key.trigger();
    }

    /** {@code spend / budget} in percent with one decimal, rounded down; "0.0" for a zero budget. */
    public static String percentUsed(long spendUsdMicros, long budgetUsdMicros) {
        if (budgetUsdMicros <= 0) {
            return "0.0";
        }
        BigInteger tenths = BigInteger.valueOf(spendUsdMicros).multiply(BigInteger.valueOf(1_000))
                .divide(BigInteger.valueOf(budgetUsdMicros));
        return new BigDecimal(tenths).movePointLeft(1).setScale(1, RoundingMode.UNNECESSARY).toPlainString();
    }

    /** Whether {@code spend} is at least {@code percent} % of {@code budget}, exactly. */
    public static boolean reached(long spendUsdMicros, long budgetUsdMicros, int percent) {
        return BigInteger.valueOf(spendUsdMicros).multiply(BigInteger.valueOf(100))
                .compareTo(BigInteger.valueOf(budgetUsdMicros).multiply(BigInteger.valueOf(percent))) >= 0;
    }
}
