package com.gaterouter.common.accounts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a budget limits. For {@link #TENANT} the scope id is the tenant id. */
public enum BudgetScope {
    TENANT,
    DEPARTMENT,
    PROJECT,
    USER,
    KEY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BudgetScope> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }

    /** Requests and tokens per minute are limited where traffic comes from: keys, users and projects. */
    public boolean takesRateLimits() {
        return this == KEY || this == USER || this == PROJECT;
    }

    /** Finance recipients are kept where finance works: per tenant and per department. */
    public boolean takesAlertRecipients() {
        return this == TENANT || this == DEPARTMENT;
    }
}
