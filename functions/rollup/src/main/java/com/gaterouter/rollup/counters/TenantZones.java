package com.gaterouter.rollup.counters;

import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A tenant's time zone (whose calendar days and months its counters count), read from the accounts store
 * and kept for {@link #TTL}: one {@code GetItem} per tenant per function instance per 10 minutes, not per
 * record. A tenant the store does not know counts in UTC (as the router does for a tenant without a zone).
 */
final class TenantZones implements Function<String, ZoneId> {

    static final Duration TTL = Duration.ofMinutes(10);

    private record Cached(ZoneId zone, Instant until) {
    }

    private final AccountStore accounts;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    TenantZones(AccountStore accounts, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ZoneId apply(String tenantId) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenantId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.zone();
        }
        ZoneId zone = accounts.findTenant(tenantId).map(Tenant::timeZone).orElse(ZoneOffset.UTC);
        cache.put(tenantId, new Cached(zone, now.plus(TTL)));
        return zone;
    }
}
