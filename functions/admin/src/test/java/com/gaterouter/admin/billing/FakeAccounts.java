package com.gaterouter.admin.billing;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.PageRequest;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.VendorTerms;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The account store the service reads: tenants a page of two at a time, and their pricing. */
final class FakeAccounts {
    final List<Tenant> tenants = new ArrayList<>();
    final Map<String, TenantPricing> pricing = new HashMap<>();
    final Set<String> unreadable = new HashSet<>();
    Runnable onFindPricing = () -> { };

    FakeAccounts tenant(String id, EntityStatus status, VendorTerms... terms) {
        tenants.add(new Tenant(id, id, ZoneId.of("UTC"), status, Instant.EPOCH, Instant.EPOCH, 1));
        if (terms.length > 0) {
            pricing.put(id, new TenantPricing(id, 0, Map.of(), List.of(terms), Instant.EPOCH, Instant.EPOCH, 1));
        }
        return this;
    }

    AccountStore store() {
        return (AccountStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AccountStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "listTenants" -> {
                        PageRequest request = (PageRequest) args[0];
                        int start = request.nextToken().map(Integer::parseInt).orElse(0);
                        int end = Math.min(start + 2, tenants.size());
                        yield new Page<>(List.copyOf(tenants.subList(start, end)),
                                end < tenants.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
                    }
                    case "findPricing" -> {
                        onFindPricing.run();
                        if (unreadable.contains((String) args[0])) {
                            throw new IllegalStateException("throttled");
                        }
                        yield Optional.ofNullable(pricing.get((String) args[0]));
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static VendorTerms terms(String vendor, LocalDate from, String account) {
        return new VendorTerms(vendor, from, 0, Map.of(), 0, 0, Optional.ofNullable(account), Instant.EPOCH, "admin");
    }
}
