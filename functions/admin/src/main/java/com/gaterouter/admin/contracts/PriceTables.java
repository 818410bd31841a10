package com.gaterouter.admin.contracts;

import com.gaterouter.admin.http.AdminException;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.TenantPricing;
import java.util.Optional;

/** The tenant's price table now, or as it was at a version ({@code ?version=N}): every version is kept. */
public final class PriceTables {

    private PriceTables() {
    }

    /**
     * The table at {@code version} if given (404 naming {@code version} when the tenant never had it),
     * else as it is now; empty: the tenant has no table (list prices).
     */
    public static Optional<TenantPricing> at(AccountStore accounts, String tenantId, Optional<String> version) {
        Optional<TenantPricing> current = accounts.findPricing(tenantId);
        if (version.isEmpty()) {
            return current;
        }
        long wanted = parse(version.get());
        // a table last written before versions were kept has no copy of its current version: the item is it
        Optional<TenantPricing> table = current.filter(t -> t.version() == wanted).or(() -> accounts.findPricingVersion(tenantId, wanted));
        if (table.isEmpty()) {
            throw AdminException.notFound("version", "The price table of tenant '" + tenantId + "' has no version " + wanted + ".");
        }
        return table;
    }

    private static long parse(String value) {
        try {
            long version = Long.parseLong(value);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AdminException.invalid("version", "'version' must be a version number of the price table (1 or more).");
    }
}
