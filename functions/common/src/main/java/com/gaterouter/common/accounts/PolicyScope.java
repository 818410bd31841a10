package com.gaterouter.common.accounts;

import com.gaterouter.routing.WireNamed;
import java.util.Optional;

/**
 * Where a model policy sits above the key (a key's own list lives on the key). {@link #USER} binds a
 * person: it applies to every key the user holds, whoever created it. Routing policies exist for
 * the tenant, departments and projects only ({@link #takesRoutingPolicies()}).
 */
public enum PolicyScope implements WireNamed {
    TENANT,
    DEPARTMENT,
    PROJECT,
    USER;

    /** Routing for {@code model: "auto"} is decided per tenant, department and project, not per person. */
    public boolean takesRoutingPolicies() {
        return this != USER;
    }

    public static Optional<PolicyScope> fromWire(String value) {
        return WireNamed.fromWire(PolicyScope.class, value);
    }
}
