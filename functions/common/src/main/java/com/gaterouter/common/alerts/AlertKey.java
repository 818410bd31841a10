package com.gaterouter.common.alerts;

import com.gaterouter.common.accounts.BudgetScope;
import java.time.YearMonth;
import java.util.Objects;

/**
 * What an alert is about, and so what it may fire for only once: a scope of a tenant, a period
 * and a trigger. {@link #alertId()} is the stable id consumers deduplicate on; {@link #ledgerSortKey()}
 * is its row in the alert ledger.
 */
public record AlertKey(String tenantId, BudgetScope scope, String scopeId, String periodId, AlertTrigger trigger) {

    public static final String LEDGER_PREFIX = "ALERT#";

    public AlertKey {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(scopeId, "scopeId");
        Objects.requireNonNull(periodId, "periodId");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** {@code acme:department:dept_1:2026-11:80}, {@code acme:key:key_9:2026-11-24:forecast}. */
    public String alertId() {
        return String.join(":", tenantId, scope.wireName(), scopeId, periodId, trigger.key());
    }

    /**
     * The calendar month the alert's period is in: {@code 2026-12} for the month 2026-12 and for the
     * day 2026-12-04 (period ids are {@code YYYY-MM} or {@code YYYY-MM-DD}, see {@link AlertPeriod}).
     */
    public YearMonth month() {
        return YearMonth.parse(periodId.substring(0, 7));
    }

    /** {@code ALERT#department#dept_1#2026-11#80} (the partition is {@code TENANT#acme}). */
    public String ledgerSortKey() {
        return LEDGER_PREFIX + String.join("#", scope.wireName(), scopeId, periodId, trigger.key());
    }

    /** The inverse of {@link #ledgerSortKey()}. Ids never contain {@code #} (they are generated). */
    public static AlertKey fromLedgerSortKey(String tenantId, String sortKey) {
        if (!sortKey.startsWith(LEDGER_PREFIX)) {
            throw new IllegalArgumentException("not an alert ledger key: " + sortKey);
        }
        String[] parts = sortKey.substring(LEDGER_PREFIX.length()).split("#", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an alert ledger key: " + sortKey);
        }
        BudgetScope scope = BudgetScope.fromWire(parts[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown scope in " + sortKey));
        return new AlertKey(tenantId, scope, parts[1], parts[2], AlertTrigger.fromKey(parts[3]));
    }
}
