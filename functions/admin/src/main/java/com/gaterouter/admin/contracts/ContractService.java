package com.gaterouter.admin.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.routing.CatalogPrices;
import com.gaterouter.admin.support.Versioned;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.VendorTerms;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant's contracts with vendors (docs/finops.md): effective-dated terms per vendor, kept in the
 * tenant's price table ({@link TenantPricing}) beside the tenant-wide terms, so the router reads them
 * with the key's scope chain and every change is a new, kept version of the table. Tenant admins and
 * platform admins record terms; finance reads them (department admins and members 403).
 */
public record ContractService(AccountStore accounts, Visibility visibility, Supplier<CatalogPrices> catalog) {

    /** {@code GET …/contracts[?version=N]}: every vendor's terms, as the table is now or was at version N. */
    public ObjectNode list(AdminCall call) {
        String tenantId = readable(call);
        call.allowQuery("version");
        return ContractJson.renderTable(tenantId, PriceTables.at(accounts, tenantId, call.query("version")), today(call));
    }

    /** {@code GET …/contracts/{vendor}}: the vendor's terms, oldest first, and those in force today. */
    public ObjectNode get(AdminCall call) {
        String tenantId = readable(call);
        String vendor = vendor(call);
        TenantPricing table = accounts.findPricing(tenantId).filter(t -> !t.contractsOf(vendor).isEmpty())
                .orElseThrow(() -> AdminException.notFound("vendor", "Tenant '" + tenantId + "' has no contract with " + vendor + "."));
        return ContractJson.renderVendor(table, vendor, today(call));
    }

    /**
     * {@code PUT …/contracts/{vendor}}: records the vendor's terms from {@code effectiveFrom} (replacing
     * terms recorded for the same day); 201 when the tenant had no price table yet. Audited as
     * {@code contract.create} / {@code contract.update}; {@code If-Match} names the table's version.
     */
    public Versioned.Upserted<TenantPricing> put(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        if (!Access.administersTenant(call.caller())) {
            throw AdminException.forbidden("Only tenant admins and platform admins record vendor contracts.");
        }
        String vendor = vendor(call);
        CatalogPrices prices = catalog.get();
        ContractJson.Terms terms = ContractJson.parse(call.body(), vendor,
                model -> prices.resolve(model).flatMap(prices::vendorOf).filter(vendor::equals).isPresent());
        VendorTerms recorded = new VendorTerms(vendor, terms.effectiveFrom(), terms.discountBasisPoints(), terms.modelPrices(),
                terms.creditsMicros(), terms.monthlyCommitMicros(), terms.billingAccount(), call.now(), call.caller().actor().id());
        return Versioned.upsert(accounts, call, Optional.of("contract"), () -> accounts.findPricing(tenantId),
                () -> new TenantPricing(tenantId, 0, Map.of(), List.of(recorded), call.now(), call.now(), 1),
                current -> current.termsOn(vendor, terms.effectiveFrom())
                        .filter(t -> t.effectiveFrom().equals(terms.effectiveFrom()) && t.sameTermsAs(recorded)).isPresent()
                        ? Optional.empty()
                        : Optional.of(new TenantPricing(tenantId, current.discountBasisPoints(), current.overrides(),
                                current.contractsWith(recorded), current.createdAt(), call.now(), current.version() + 1)),
                table -> ContractJson.renderVendor(table, vendor, today(call)));
    }

    /** The answer to a PUT: the vendor's terms. */
    public ObjectNode render(AdminCall call, TenantPricing table) {
        return ContractJson.renderVendor(table, vendor(call), today(call));
    }

    private String readable(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        if (!Access.seesWholeTenant(call.caller())) {
            throw AdminException.forbidden("Only tenant admins, finance and platform admins read vendor contracts.");
        }
        return tenantId;
    }

    private String vendor(AdminCall call) {
        String vendor = call.raw("vendor");
        if (!catalog.get().vendors().contains(vendor)) {
            throw AdminException.notFound("vendor", "No vendor '" + vendor + "' in the model catalog (known: "
                    + String.join(", ", catalog.get().vendors()) + ").");
        }
        return vendor;
    }

    private static LocalDate today(AdminCall call) {
        return LocalDate.ofInstant(call.now(), ZoneOffset.UTC);
    }
}
