package com.gaterouter.common.accounts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a model policy sits above the key (a key's own list lives on the key). {@link #USER} binds a
 * person: it applies to every key the user holds, whoever created it. Routing policies exist for
 * the tenant, departments and projects only ({@link #takesRoutingPolicies()}).
 */
public enum PolicyScope {
    TENANT,
    DEPARTMENT,
    PROJECT,
    USER;

    /** Routing for {@code model: "auto"} is decided per tenant, department and project, not per person. */
    public boolean takesRoutingPolicies() {
        return this != USER;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PolicyScope> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }
}
