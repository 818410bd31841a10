package com.gaterouter.common.accounts;

import com.gaterouter.routing.WireNamed;
import java.util.List;
import java.util.Optional;

/**
 * What a budget limits. For {@link #TENANT} the scope id is the tenant id.
 *
 * <p>The one home of what every module knows about a scope: the constants are declared from the
 * widest to the narrowest, which fixes the enforcement and settlement order
 * ({@link #fromCallerOutwards()}); each knows its id in a caller's {@link Principal}, its wire name,
 * and whether it takes rate limits and alert recipients. Adding a scope is one constant here plus
 * the cases the compiler then demands in the exhaustive switches over it.
 */
public enum BudgetScope implements WireNamed {
    TENANT,
    DEPARTMENT,
    PROJECT,
    USER,
    KEY;

    /** Narrowest first: the order limits are checked in (which refusal a caller hears) and counters are listed in. */
    private static final List<BudgetScope> FROM_CALLER_OUTWARDS = List.of(values()).reversed();

    public static Optional<BudgetScope> fromWire(String value) {
        return WireNamed.fromWire(BudgetScope.class, value);
    }

    /** Every scope, from the caller's key outwards to the tenant. */
    public static List<BudgetScope> fromCallerOutwards() {
        return FROM_CALLER_OUTWARDS;
    }

    /** The id of this scope in the caller's owner chain, e.g. the department id for {@link #DEPARTMENT}. */
    public String idOf(Principal principal) {
        return switch (this) {
            case TENANT -> principal.tenantId();
            case DEPARTMENT -> principal.departmentId();
            case PROJECT -> principal.projectId();
            case USER -> principal.userId();
            case KEY -> principal.keyId();
        };
    }

    /** Requests and tokens per minute are limited where traffic comes from: keys, users and projects. */
    public boolean takesRateLimits() {
        return switch (this) {
            case KEY, USER, PROJECT -> true;
            case TENANT, DEPARTMENT -> false;
        };
    }

    /**
     * Finance recipients are kept where finance works: per tenant and per department. Alerts on the
     * other scopes go to their department's recipients, else the tenant's.
     */
    public boolean takesAlertRecipients() {
        return switch (this) {
            case TENANT, DEPARTMENT -> true;
            case PROJECT, USER, KEY -> false;
        };
    }
}
