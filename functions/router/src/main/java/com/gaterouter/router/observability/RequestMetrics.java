package com.gaterouter.router.observability;

/**
 * Port for per-request metrics. The Lambda wiring publishes CloudWatch EMF through Powertools;
 * the local gateway keeps none. Called once per completed request, off the client's critical path.
 */
public interface RequestMetrics {

    /** What one request did, in the dimensions and units the dashboards use. */
    record RequestOutcome(String route, String vendor, String model, int httpStatus, boolean stream,
                          long latencyMillis, long ttftMillis, long promptTokens, long completionTokens,
                          long costMicros, int attempts) {
    }

    void record(RequestOutcome outcome);

    RequestMetrics NONE = outcome -> {
    };
}
