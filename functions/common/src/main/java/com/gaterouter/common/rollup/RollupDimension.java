package com.gaterouter.common.rollup;

import com.gaterouter.routing.WireNamed;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.usage.UsageRecord;
import java.util.Optional;
import java.util.function.Function;

/** What spend is rolled up by: one value of the usage record per request. */
public enum RollupDimension implements WireNamed {
    DEPARTMENT(u -> BudgetScope.DEPARTMENT.idOf(u.principal())),
    PROJECT(u -> BudgetScope.PROJECT.idOf(u.principal())),
    USER(u -> BudgetScope.USER.idOf(u.principal())),
    KEY(u -> BudgetScope.KEY.idOf(u.principal())),
    /** The model that served (for a request that failed everywhere, the last one tried). */
    MODEL(UsageRecord::servedModel),
    VENDOR(UsageRecord::vendor),
    /** The auto-router's tier; {@value #NOT_ROUTED} for requests that named their model. */
    TIER(u -> u.tier().orElse(RollupDimension.NOT_ROUTED));

    public static final String NOT_ROUTED = "none";

    private final Function<UsageRecord, String> value;

    RollupDimension(Function<UsageRecord, String> value) {
        this.value = value;
    }

    /** The value of this dimension for one request. */
    public String valueOf(UsageRecord usage) {
        return value.apply(usage);
    }

    public static Optional<RollupDimension> fromWire(String name) {
        return WireNamed.fromWire(RollupDimension.class, name);
    }
}
