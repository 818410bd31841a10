package com.gaterouter.common.accounts;

import com.gaterouter.routing.WireNamed;

/** The kinds of things in a tenant's account, as audit entries and errors name them. */
public enum EntityKind implements WireNamed {
    TENANT,
    DEPARTMENT,
    PROJECT,
    USER,
    KEY,
    BUDGET,
    POLICY,
    PRICING,
    ROUTING,
    /** A reconciliation of a vendor's export against the gateway's usage (admin API, {@code …/reconciliations}). */
    RECONCILIATION;
}
