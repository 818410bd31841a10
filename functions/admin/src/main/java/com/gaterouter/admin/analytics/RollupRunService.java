package com.gaterouter.admin.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.auth.Access;
import com.gaterouter.admin.auth.Visibility;
import com.gaterouter.admin.http.AdminCall;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.rollup.RollupRun;
import com.gaterouter.common.rollup.RollupStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code POST …/rollups/run}: rolls the tenant's spend up now instead of waiting for the schedule
 * (operations after a backfill or an incident; the local gateway, which has no schedule). Tenant
 * admins and platform admins only: a run reads every usage record since the watermark, so it is
 * an operation, not a report. The run is bounded by {@link #RUN_BUDGET}; an incomplete run
 * ({@code complete: false}) resumes from the watermark on the next call.
 */
record RollupRunService(Visibility visibility, Optional<RollupRunner> runner, Optional<RollupStore> rollups) {

    /** Well inside API Gateway's 29-second integration timeout, so the answer always arrives. */
    static final Duration RUN_BUDGET = Duration.ofSeconds(20);
    private static final Logger LOG = LogManager.getLogger(RollupRunService.class);

    public ObjectNode run(AdminCall call) {
        String tenantId = visibility.tenantId(call);
        if (!Access.administersTenant(call.caller())) {
            throw AdminException.forbidden("Only tenant admins and platform admins may run the roll-up.");
        }
        call.allowQuery();
        call.optionalBody().only();
        RollupRunner engine = runner.orElseThrow(() -> AdminException.notAvailable(
                "This deployment cannot run the roll-up on demand (no roll-up runner is configured); it runs on its schedule."));
        Instant started = call.now();
        RollupRun run = engine.runTenant(tenantId, started.plus(RUN_BUDGET));
        Optional<LocalDate> watermark = rollups.flatMap(store -> store.watermark(tenantId));
        ObjectNode answer = render(tenantId, started, run, watermark);
        // the account store writes audit entries only with an entity change, and a run changes no
        // account entity: until it can append a bare entry, the run is recorded in the log, with the
        // same actor, request id and outcome an audit entry would carry
        LOG.info("rollup.run tenant={} actor={}:{} requestId={} run={}", tenantId, call.caller().actor().kind(),
                call.caller().actor().id(), call.requestId(), answer);
        return answer;
    }

    static ObjectNode render(String tenantId, Instant started, RollupRun run, Optional<LocalDate> watermark) {
        ObjectNode node = Views.object();
        node.put("tenantId", tenantId);
        Views.putInstant(node, "startedAt", started);
        node.put("complete", run.complete());
        node.put("tenants", run.tenants());
        node.put("days", run.days());
        node.put("records", run.records());
        node.put("rows", run.rows());
        node.put("tookMillis", run.took().toMillis());
        Views.put(node, "rolledUpThrough", watermark.map(LocalDate::toString));
        return node;
    }
}
