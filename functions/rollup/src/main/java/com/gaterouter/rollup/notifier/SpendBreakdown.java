package com.gaterouter.rollup.notifier;

import java.util.List;
import java.util.Optional;

/**
 * Where an alerted scope's money went in the alert's period, from the roll-ups: the top users,
 * models and keys by cost. Roll-ups are per dimension (not per dimension × scope), so a list that
 * cannot be narrowed to the scope is the tenant's and says so ({@code ...TenantWide}).
 *
 * @param unavailable why there are no lists (the roll-ups could not be read), if so
 */
record SpendBreakdown(List<TopSpender> users, boolean usersTenantWide, List<TopSpender> models,
                             boolean modelsTenantWide, List<TopSpender> keys, boolean keysTenantWide,
                             Optional<String> unavailable) {

    public SpendBreakdown {
        users = List.copyOf(users);
        models = List.copyOf(models);
        keys = List.copyOf(keys);
        unavailable = unavailable == null ? Optional.empty() : unavailable;
    }

    public static SpendBreakdown unavailable(String reason) {
        return new SpendBreakdown(List.of(), false, List.of(), false, List.of(), false, Optional.of(reason));
    }
}
