package com.gaterouter.simulator.core;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.http.SimExchange;
import java.util.Map;
import java.util.Optional;

/**
 * One routed vendor request.
 *
 * @param queuedFault a fault taken from the queue that needs the parsed request (malformed, stream cut)
 * @param headers     response headers every answer carries (request id)
 */
public record Call(SimExchange exchange, SimContext ctx, VendorApi api, Optional<Fault> queuedFault,
        Map<String, String> headers) {
}
