package com.gaterouter.router.metering;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The reservation of a request that reserved nothing: no limits, nothing held, and the day and
 * month counters of the caller's five scopes (key, user, project, department, tenant — the same
 * counters and order as {@code BudgetPlanner}) so its spend is still counted when it settles.
 */
final class CountersOnly {

    private CountersOnly() {
    }

    /** @param zone the tenant's time zone: days and months are its calendar periods */
    public static Reservation reservation(String requestId, Principal principal, Instant at, ZoneId zone) {
        return new Reservation(requestId, principal.tenantId(), at, 0, 0, List.of(), counters(principal, at, zone));
    }

    /** Month then day counter of each scope, from the key outwards. */
    public static List<Counter> counters(Principal principal, Instant at, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(at, zone);
        Window.Day dayWindow = new Window.Day(day);
        Window.Month monthWindow = new Window.Month(YearMonth.from(day));
        List<BudgetScope> scopes = BudgetScope.fromCallerOutwards();
        List<Counter> counters = new ArrayList<>(scopes.size() * 2);
        for (BudgetScope scope : scopes) {
            String scopeId = scope.idOf(principal);
            counters.add(new Counter(principal.tenantId(), scope, scopeId, monthWindow));
            counters.add(new Counter(principal.tenantId(), scope, scopeId, dayWindow));
        }
        return counters;
    }
}
