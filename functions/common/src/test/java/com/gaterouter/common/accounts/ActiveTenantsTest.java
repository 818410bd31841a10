package com.gaterouter.common.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActiveTenantsTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static Tenant tenant(String id, EntityStatus status) {
        return new Tenant(id, id, ZoneId.of("UTC"), status, T0, T0, 1);
    }

    /** A store whose tenant list comes in pages of two (every other method is unused here). */
    private static AccountStore twoPerPage(List<Tenant> tenants) {
        return (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(), new Class<?>[] {AccountStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("listTenants")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    PageRequest request = (PageRequest) args[0];
                    int from = request.nextToken().map(Integer::parseInt).orElse(0);
                    int to = Math.min(from + 2, tenants.size());
                    return new Page<>(tenants.subList(from, to), to < tenants.size() ? Optional.of(String.valueOf(to)) : Optional.empty());
                });
    }

    private final List<Tenant> tenants = List.of(tenant("a", EntityStatus.ACTIVE), tenant("b", EntityStatus.ARCHIVED),
            tenant("c", EntityStatus.ACTIVE), tenant("d", EntityStatus.ACTIVE), tenant("e", EntityStatus.ACTIVE));

    @Test
    void everyActiveTenantOnEveryPageIsFoldedIn() {
        ActiveTenants.Folded<List<String>> folded = ActiveTenants.fold(twoPerPage(tenants), new MutableClock(T0), T0.plusSeconds(60),
                new ArrayList<>(), (seen, tenant) -> {
                    seen.add(tenant.tenantId());
                    return seen;
                });
        assertThat(folded.complete()).isTrue();
        assertThat(folded.total()).containsExactly("a", "c", "d", "e");
    }

    @Test
    void theDeadlineStopsThePassBetweenTenants() {
        MutableClock clock = new MutableClock(T0);
        ActiveTenants.Folded<List<String>> folded = ActiveTenants.fold(twoPerPage(tenants), clock, T0.plusSeconds(25),
                new ArrayList<>(), (seen, tenant) -> {
                    seen.add(tenant.tenantId());
                    clock.advance(Duration.ofSeconds(10)); // each tenant takes ten seconds
                    return seen;
                });
        assertThat(folded.complete()).isFalse();
        assertThat(folded.total()).containsExactly("a", "c", "d");
    }
}
