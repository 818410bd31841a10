package com.gaterouter.common.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The active tenants, a page at a time, for the scheduled passes (alerts, weekly digests): each is
 * folded into a running total until every tenant is done or the clock reaches the deadline, checked
 * before each tenant, so a pass stops between tenants and the next run takes up the rest.
 */
public final class ActiveTenants {

    /** The total over the tenants visited, and whether that was all of them. */
    public record Folded<T>(T total, boolean complete) {
    }

    private ActiveTenants() {
    }

    public static <T> Folded<T> fold(AccountStore accounts, Clock clock, Instant deadline, T zero, BiFunction<T, Tenant, T> step) {
        T total = zero;
        Optional<String> token = Optional.empty();
        do {
            Page<Tenant> page = accounts.listTenants(new PageRequest(PageRequest.MAX_LIMIT, token));
            for (Tenant tenant : page.items()) {
                if (tenant.status() != EntityStatus.ACTIVE) {
                    continue;
                }
                if (!clock.instant().isBefore(deadline)) {
                    return new Folded<>(total, false);
                }
                total = step.apply(total, tenant);
            }
            token = page.nextToken();
        } while (token.isPresent());
        return new Folded<>(total, true);
    }
}
