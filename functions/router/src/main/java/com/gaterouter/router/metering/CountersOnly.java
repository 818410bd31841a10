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
public final class CountersOnly {

    private static final List<BudgetScope> SCOPES = List.of(
            BudgetScope.KEY, BudgetScope.USER, BudgetScope.PROJECT, BudgetScope.DEPARTMENT, BudgetScope.TENANT);

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
        List<Counter> counters = new ArrayList<>(SCOPES.size() * 2);
        for (BudgetScope scope : SCOPES) {
            String scopeId = switch (scope) {
                case TENANT -> principal.tenantId();
                case DEPARTMENT -> principal.departmentId();
                case PROJECT -> principal.projectId();
                case USER -> principal.userId();
                case KEY -> principal.keyId();
            };
            counters.add(new Counter(principal.tenantId(), scope, scopeId, monthWindow));
            counters.add(new Counter(principal.tenantId(), scope, scopeId, dayWindow));
        }
        return counters;
    }
}
