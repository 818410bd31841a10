package com.gaterouter.rollup.alerts;

import java.time.Duration;

/**
 * What one alert pass did.
 *
 * @param tenants     tenants evaluated
 * @param evaluations (budget, period) pairs evaluated
 * @param published   alerts published for the first time
 * @param republished alerts published again after an earlier claim's publish failed or its run died
 * @param failed      alerts whose publish failed (retried by the next run)
 * @param held        alerts another run is publishing right now
 * @param superseded  alerts recorded and not sent because a higher one of the same scope and period went out
 * @param complete    false when the pass stopped at its deadline; the next run carries on
 */
public record AlertRun(int tenants, int evaluations, int published, int republished, int failed, int held, int superseded,
                       boolean complete, Duration took) {

    AlertRun plus(AlertRun o) {
        return new AlertRun(tenants + o.tenants, evaluations + o.evaluations, published + o.published,
                republished + o.republished, failed + o.failed, held + o.held, superseded + o.superseded, complete && o.complete, took.plus(o.took));
    }

    static AlertRun empty() {
        return new AlertRun(0, 0, 0, 0, 0, 0, 0, true, Duration.ZERO);
    }
}
