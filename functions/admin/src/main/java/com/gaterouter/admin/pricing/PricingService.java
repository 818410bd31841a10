package com.gaterouter.admin.pricing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.support.Audit;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.WriteRejectedException;
import java.util.Optional;

/**
 * A tenant's pricing: its discount and per-model price overrides (docs/pricing.md). What a tenant
 * pays is the platform's business: only platform admins change it; the tenant's admins and
 * finance read it (403 for department admins and members); another tenant is 404 as always.
 */
public final class PricingService {

    private final AccountStore accounts;
    private final Visibility visibility;

    public PricingService(AccountStore accounts, Visibility visibility) {
        this.accounts = accounts;
        this.visibility = visibility;
    }

    public record Put(TenantPricing pricing, boolean created) {
    }

    /** The stored pricing, or list prices (no discount, no overrides, {@code version: null}) when none was set. */
    public ObjectNode get(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        if (!Access.seesWholeTenant(call.caller())) {
            throw AdminException.forbidden("Only tenant admins and finance read the tenant's pricing.");
        }
        return accounts.findPricing(tenantId).map(PricingJson::render).orElseGet(() -> PricingJson.renderListPrices(tenantId));
    }

    /** {@code {discountBasisPoints?, models?}}: creates (201) or replaces (200) the whole pricing. */
    public Put put(AdminCall call) {
        String tenantId = visibility.tenant(call.caller(), call.tenantId()).tenantId();
        if (!Access.isPlatform(call.caller())) {
            throw AdminException.forbidden("Only platform admins change a tenant's pricing.");
        }
        PricingJson.Terms terms = PricingJson.parse(call.body());
        Optional<Long> ifMatch = call.ifMatch();
        int attempts = 0;
        while (true) {
            Optional<TenantPricing> existing = accounts.findPricing(tenantId);
            if (ifMatch.isPresent() && existing.isEmpty()) {
                throw AdminException.versionMismatch("If-Match names version " + ifMatch.get() + " but the tenant has no pricing yet.");
            }
            existing.ifPresent(p -> Versioned.checkIfMatch(p, ifMatch));
            try {
                if (existing.isEmpty()) {
                    TenantPricing created = new TenantPricing(tenantId, terms.discountBasisPoints(), terms.overrides(),
                            call.now(), call.now(), 1);
                    accounts.insert(created, Audit.entry(call, tenantId, "pricing.create", created.ref(), null,
                            PricingJson.render(created)));
                    return new Put(created, true);
                }
                TenantPricing current = existing.get();
                if (current.discountBasisPoints() == terms.discountBasisPoints() && current.overrides().equals(terms.overrides())) {
                    return new Put(current, false);
                }
                TenantPricing updated = new TenantPricing(tenantId, terms.discountBasisPoints(), terms.overrides(),
                        current.createdAt(), call.now(), current.version() + 1);
                accounts.replace(updated, Audit.entry(call, tenantId, "pricing.update", current.ref(),
                        PricingJson.render(current), PricingJson.render(updated)));
                return new Put(updated, false);
            } catch (WriteRejectedException e) {
                if (e.reason() == WriteRejectedException.Reason.PARENT_INACTIVE) {
                    throw e;
                }
                attempts++;
                if (attempts > Versioned.RETRIES + (ifMatch.isPresent() ? 2 : 0)) {
                    throw AdminException.versionMismatch("The pricing changed concurrently; read it again and retry.");
                }
                Versioned.backOff(attempts);
            }
        }
    }
}
