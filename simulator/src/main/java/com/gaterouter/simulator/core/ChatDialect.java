package com.gaterouter.simulator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamPlan;

/**
 * A vendor's chat wire format: request parsing and response rendering.
 *
 * @param <R> the parsed request: the neutral conversation plus whatever only this vendor needs
 */
public interface ChatDialect<R extends ChatDialect.Request> {

    /** A parsed request. */
    interface Request {
        Conversation conversation();
    }

    /**
     * @throws ApiException 400 in the vendor's words when the request is invalid
     */
    R parse(JsonNode body, SimExchange exchange);

    byte[] json(R request, Completion completion);

    StreamPlan stream(R request, Completion completion, int tokensPerChunk);
}
