package com.gaterouter.router.lifecycle;

import com.gaterouter.common.api.ApiError;
import com.gaterouter.router.planning.CandidatePlanner;
import com.gaterouter.router.planning.RouterRequest;

/** A request parsed and planned by its endpoint: answered at once, refused, or ready to reserve and call. */
public sealed interface Planned<R extends RouterRequest> {

    /** Not a request the router can act on (unreadable, invalid): answered, nothing recorded. */
    record Invalid<R extends RouterRequest>(ApiError error) implements Planned<R> {
    }

    /** No candidate may serve it: answered, and recorded as a refusal when the analytics count it. */
    record Rejected<R extends RouterRequest>(R request, CandidatePlanner.Rejected rejection) implements Planned<R> {
    }

    /** Candidates that may serve it, in order. */
    record Ready<R extends RouterRequest>(R request, CandidatePlanner.Candidates candidates) implements Planned<R> {
    }
}
