package com.gaterouter.common.accounts;

import java.util.Locale;

/** The kinds of things in a tenant's account, as audit entries and errors name them. */
public enum EntityKind {
    TENANT,
    DEPARTMENT,
    PROJECT,
    USER,
    KEY,
    BUDGET,
    POLICY,
    PRICING,
    ROUTING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
