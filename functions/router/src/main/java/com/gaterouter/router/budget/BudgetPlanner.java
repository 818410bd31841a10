package com.gaterouter.router.budget;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.Principal;
import com.gaterouter.common.spend.Counter;
import com.gaterouter.common.spend.CounterLimit;
import com.gaterouter.common.spend.Measure;
import com.gaterouter.common.spend.Reservation;
import com.gaterouter.common.spend.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turns a caller and a request's worst case into a {@link Reservation}: every limit of every one
 * of the caller's five scopes that has a budget, and the day and month counters of all five scopes
 * (limited or not: spend is tracked everywhere).
 *
 * <p>Limits per scope: monthly and daily USD, monthly and daily tokens (calendar month and day in
 * the tenant's time zone), and — for key, user and project only — requests and tokens per minute.
 * Order, which decides which refusal a caller hears when several limits are full: quotas before
 * rates (a spent budget is the lasting news), and within each, key → user → project → department
 * → tenant, month before day.
 */
public final class BudgetPlanner {

    private final boolean enforce;

    /** @param enforce whether limits are reserved against; without, reservations only name the counters to count into */
    public BudgetPlanner(boolean enforce) {
        this.enforce = enforce;
    }

    public Reservation plan(String requestId, Principal principal, CallerBudgets budgets, Instant at, WorstCase worst) {
        LocalDate day = LocalDate.ofInstant(at, budgets.zone());
        Window.Day dayWindow = new Window.Day(day);
        Window.Month monthWindow = new Window.Month(YearMonth.from(day));
        Window.Minute minute = Window.Minute.containing(at);
        String tenantId = principal.tenantId();

        List<Counter> counters = new ArrayList<>();
        List<CounterLimit> quotas = new ArrayList<>();
        List<CounterLimit> rates = new ArrayList<>();
        for (BudgetScope scope : BudgetScope.fromCallerOutwards()) {
            String scopeId = scope.idOf(principal);
            Counter month = new Counter(tenantId, scope, scopeId, monthWindow);
            Counter dayCounter = new Counter(tenantId, scope, scopeId, dayWindow);
            counters.add(month);
            counters.add(dayCounter);
            Limits limits = budgets.limitsOf(scope);
            if (!enforce || limits.isEmpty()) {
                continue;
            }
            String label = label(scope, scopeId, budgets);
            add(quotas, month, Measure.USD_MICROS, limits.monthlyUsdMicros(), label);
            add(quotas, dayCounter, Measure.USD_MICROS, limits.dailyUsdMicros(), label);
            add(quotas, month, Measure.TOKENS, limits.monthlyTokens(), label);
            add(quotas, dayCounter, Measure.TOKENS, limits.dailyTokens(), label);
            if (scope.takesRateLimits()) {
                Counter perMinute = new Counter(tenantId, scope, scopeId, minute);
                add(rates, perMinute, Measure.REQUESTS, limits.requestsPerMinute(), label);
                add(rates, perMinute, Measure.TOKENS, limits.tokensPerMinute(), label);
            }
        }
        List<CounterLimit> all = new ArrayList<>(quotas);
        all.addAll(rates);
        return new Reservation(requestId, tenantId, at, worst.usdMicros(), worst.tokens(), all, counters);
    }

    private static void add(List<CounterLimit> into, Counter counter, Measure measure, OptionalLong limit, String label) {
        if (limit.isPresent()) {
            into.add(new CounterLimit(counter, measure, limit.getAsLong(), label));
        }
    }

    /** How the caller knows the scope: {@code department Marketing}, {@code project Chatbot}, {@code user u1}, {@code key k1}, {@code tenant}. */
    static String label(BudgetScope scope, String scopeId, CallerBudgets budgets) {
        return switch (scope) {
            case TENANT -> "tenant";
            case DEPARTMENT -> "department " + budgets.departmentName().orElse(scopeId);
            case PROJECT -> "project " + budgets.projectName().orElse(scopeId);
            case USER -> "user " + scopeId;
            case KEY -> "key " + scopeId;
        };
    }
}
