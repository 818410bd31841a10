package com.gaterouter.simulator.core;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.http.SimExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline every vendor request goes through: route (404/405), take a queued fault
 * (rate limits, 5xx, timeouts and 401s are answered at once, before authentication, like a real
 * front door would), check the key, then the endpoint. Errors come out in the vendor's shape.
 */
public final class VendorHandler {

    private final SimContext ctx;
    private final VendorApi api;

    public VendorHandler(SimContext ctx, VendorApi api) {
        this.ctx = ctx;
        this.api = api;
    }

    public void handle(SimExchange ex) throws IOException {
        Map<String, String> headers = api.responseHeaders(ctx.ids());
        try {
            String subPath = ex.path().substring(api.vendor().pathPrefix().length());
            Endpoint endpoint = api.route(ex.method(), subPath);
            Optional<Fault> queued = ctx.faults().take(api.vendor());
            if (queued.isPresent() && FaultResponses.immediate(queued.get())) {
                FaultResponses.respond(ex, api, queued.get(), headers);
                return;
            }
            authenticate(ex);
            endpoint.handle(new Call(ex, ctx, api, queued, headers));
        } catch (ApiException e) {
            if (ex.responded()) {
                throw ex.abort("error after the response started");
            }
            FaultResponses.sendError(ex, api, e.error(), headers);
        }
    }

    private void authenticate(SimExchange ex) {
        Optional<String> required = ctx.config().requiredApiKey();
        if (required.isEmpty()) {
            return;
        }
        Optional<String> given = api.apiKey(ex);
        // constant-time comparison: cheap, and avoids teaching anyone the wrong habit
        boolean ok = given.isPresent() && MessageDigest.isEqual(
                given.get().getBytes(StandardCharsets.UTF_8), required.get().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw new ApiException(ApiError.of(401, ErrorKind.AUTHENTICATION, null));
        }
    }
}
