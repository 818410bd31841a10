package com.gaterouter.router.budget;

import com.gaterouter.common.accounts.Budget;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.ScopeChain;
import com.gaterouter.router.catalog.CallerPricing;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What budget enforcement needs to know about a caller, cached with its key: the tenant's time
 * zone (where its days and months begin), the names people know its department and project by
 * (for refusal messages), the limits of each of its five scopes that has a budget, and the prices
 * its tenant pays (what a reservation holds and a settlement charges).
 */
public record CallerBudgets(ZoneId zone, Optional<String> departmentName, Optional<String> projectName,
                            Map<BudgetScope, Limits> limits, CallerPricing pricing) {

    /** UTC, no names, no limits, list prices: counters still count, nothing is enforced. */
    public static final CallerBudgets NONE = new CallerBudgets(ZoneOffset.UTC, Optional.empty(), Optional.empty(), Map.of());

    /** At list prices. */
    public CallerBudgets(ZoneId zone, Optional<String> departmentName, Optional<String> projectName,
                         Map<BudgetScope, Limits> limits) {
        this(zone, departmentName, projectName, limits, CallerPricing.LIST);
    }

    public CallerBudgets {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(pricing, "pricing");
        Objects.requireNonNull(departmentName, "departmentName");
        Objects.requireNonNull(projectName, "projectName");
        EnumMap<BudgetScope, Limits> copy = new EnumMap<>(BudgetScope.class);
        limits.forEach((scope, l) -> {
            if (!l.isEmpty()) {
                copy.put(scope, l);
            }
        });
        limits = Collections.unmodifiableMap(copy);
    }

    /** From the scope chain read with the key: the tenant's zone (UTC when unknown), names, budgets and pricing. */
    public static CallerBudgets of(ScopeChain chain) {
        Map<BudgetScope, Limits> limits = new EnumMap<>(BudgetScope.class);
        for (Budget budget : chain.budgets()) {
            limits.put(budget.scope(), budget.limits());
        }
        return new CallerBudgets(chain.tenant().map(t -> t.timeZone()).orElse(ZoneOffset.UTC),
                chain.department().map(d -> d.name()), chain.project().map(p -> p.name()), limits,
                CallerPricing.of(chain.pricing()));
    }

    public Limits limitsOf(BudgetScope scope) {
        return limits.getOrDefault(scope, Limits.NONE);
    }

    public CallerBudgets withPricing(CallerPricing newPricing) {
        return new CallerBudgets(zone, departmentName, projectName, limits, newPricing);
    }

    public CallerBudgets withLimits(BudgetScope scope, Limits scopeLimits) {
        Map<BudgetScope, Limits> copy = new EnumMap<>(BudgetScope.class);
        copy.putAll(limits);
        copy.put(scope, scopeLimits);
        return new CallerBudgets(zone, departmentName, projectName, copy, pricing);
    }
}
