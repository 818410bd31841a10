package com.gaterouter.router.observability;

import com.gaterouter.common.usage.UsageRecord;
import java.util.Optional;

/**
 * Port for per-request metrics. The Lambda wiring publishes CloudWatch EMF through Powertools
 * ({@link #record}); the local gateway keeps Prometheus counters ({@link #served}, {@link #settled})
 * and serves them on {@code /metrics}. Implementations are called on the request's thread, so
 * they must be cheap (in-memory counters, nothing that blocks) and must not throw.
 */
public interface RequestMetrics {

    /** What one chat request did, in the dimensions and units the dashboards use. */
    record RequestOutcome(String route, String vendor, String model, int httpStatus, boolean stream,
                          long latencyMillis, long ttftMillis, long promptTokens, long completionTokens,
                          long costMicros, int attempts) {
    }

    /**
     * One {@code /v1} request as its client saw it, whatever answered it (the router, a refusal, an
     * authentication failure, a preflight).
     *
     * @param endpoint       one of a fixed set of names (never the raw path): {@code chat.completions},
     *                       {@code embeddings}, {@code models.list}, {@code models.retrieve}, {@code preflight},
     *                       {@code unknown}
     * @param httpStatus     the status sent (200 for a stream that started, whatever happened after)
     * @param tenantId       the tenant of the key, when a key was recognised
     * @param durationNanos  from the request's arrival at the router to its last byte handed to the transport
     */
    record Served(String endpoint, int httpStatus, Optional<String> tenantId, long durationNanos) {
    }

    /** Per chat request, once it is settled (CloudWatch EMF in AWS). */
    void record(RequestOutcome outcome);

    /** Per {@code /v1} request, when its answer is complete. */
    default void served(Served served) {
    }

    /**
     * Per metered request (chat or embeddings, success or vendor failure), with its usage record as
     * settled — the same figures billing and analytics see.
     */
    default void settled(UsageRecord usage) {
    }

    RequestMetrics NONE = outcome -> {
    };
}
