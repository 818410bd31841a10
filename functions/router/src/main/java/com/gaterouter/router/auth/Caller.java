package com.gaterouter.router.auth;

import com.gaterouter.common.accounts.ApiKeyRecord;
import com.gaterouter.common.accounts.ExtraParameters;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.ModelAccess;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.router.budget.CallerBudgets;
import com.gaterouter.router.catalog.CallerPricing;
import com.gaterouter.routing.policy.RoutingRules;
import java.util.List;
import java.util.Objects;

/**
 * An authenticated app-API caller: its app key and the models it may use, the intersection of
 * its tenant's, department's, project's and its own model policies as of the key's last cache
 * refresh, its budgets (the limits of its five scopes, its tenant's time zone), and the routing
 * policies of its tenant, department and project. Services take this, never a raw key, so none
 * can forget the scopes above the key.
 *
 * @param routing         the routing policies above the key, outermost (tenant) first; levels without one are absent
 * @param extraParameters its tenant's policy for request fields the gateway does not know or the
 *                        serving vendor cannot honour, as of the key's last cache refresh
 */
public record Caller(ApiKeyRecord key, ModelAccess access, CallerBudgets budgets, List<RoutingRules> routing,
                     ExtraParameters extraParameters) {

    public Caller {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(budgets, "budgets");
        routing = List.copyOf(routing);
        extraParameters = Objects.requireNonNullElse(extraParameters, ExtraParameters.REJECT);
        if (key.type() != KeyType.APP) {
            throw new IllegalArgumentException("only app keys call the app API");
        }
    }

    /** A caller whose tenant rejects unknown and unsupported request fields (the default). */
    public Caller(ApiKeyRecord key, ModelAccess access, CallerBudgets budgets, List<RoutingRules> routing) {
        this(key, access, budgets, routing, ExtraParameters.REJECT);
    }

    /** A caller without routing policies: {@code auto} follows the catalog's defaults. */
    public Caller(ApiKeyRecord key, ModelAccess access, CallerBudgets budgets) {
        this(key, access, budgets, List.of());
    }

    /** A caller with no budgets (UTC days and months): its spend is counted, nothing is enforced. */
    public Caller(ApiKeyRecord key, ModelAccess access) {
        this(key, access, CallerBudgets.NONE);
    }

    /** Tenant, department, project, user and key: who is billed and metered. */
    public Principal principal() {
        return key.owner();
    }

    /** The prices this caller pays: its tenant's discount and overrides over the catalog. */
    public CallerPricing pricing() {
        return budgets.pricing();
    }

    public String tenantId() {
        return key.tenantId();
    }

    /** Whether this caller may use the catalog model {@code modelId} (always a resolved id, never an alias). */
    public boolean mayUse(String modelId) {
        return access.permits(modelId);
    }
}
