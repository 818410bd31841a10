package com.gaterouter.admin.pricing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.TenantPricing;
import java.util.Optional;

/**
 * A tenant's pricing: its discount and per-model price overrides (docs/pricing.md). What a tenant
 * pays is the platform's business: only platform admins change it; the tenant's admins and
 * finance read it (403 for department admins and members); another tenant is 404 as always.
 */
public record PricingService(AccountStore accounts, Visibility visibility) {

    /** The stored pricing, or list prices (no discount, no overrides, {@code version: null}) when none was set. */
    public ObjectNode get(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        if (!Access.seesWholeTenant(call.caller())) {
            throw AdminException.forbidden("Only tenant admins and finance read the tenant's pricing.");
        }
        return accounts.findPricing(tenantId).map(PricingJson::render).orElseGet(() -> PricingJson.renderListPrices(tenantId));
    }

    /** {@code {discountBasisPoints?, models?}}: creates (201) or replaces (200) the whole pricing. */
    public Versioned.Upserted<TenantPricing> put(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        if (!Access.isPlatform(call.caller())) {
            throw AdminException.forbidden("Only platform admins change a tenant's pricing.");
        }
        PricingJson.Terms terms = PricingJson.parse(call.body());
        return Versioned.upsert(accounts, call, () -> accounts.findPricing(tenantId),
                () -> new TenantPricing(tenantId, terms.discountBasisPoints(), terms.overrides(), call.now(), call.now(), 1),
                current -> current.discountBasisPoints() == terms.discountBasisPoints() && current.overrides().equals(terms.overrides())
                        ? Optional.empty()
                        // the tenant-wide terms only: the vendor contracts in the same table stay as they are
                        : Optional.of(new TenantPricing(tenantId, terms.discountBasisPoints(), terms.overrides(),
                                current.contracts(), current.createdAt(), call.now(), current.version() + 1)),
                PricingJson::render);
    }
}
