package com.gaterouter.simulator.core;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.http.SimExchange;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Turns faults into responses, in the shape of the vendor at hand. */
public final class FaultResponses {

    private FaultResponses() {
    }

    /** Faults answered without looking at the request body. */
    public static boolean immediate(Fault fault) {
        return switch (fault) {
            case Fault.RateLimited r -> true;
            case Fault.ServerError s -> true;
            case Fault.Timeout t -> true;
            case Fault.Unauthorized u -> true;
            case Fault.MalformedJson m -> false;
            case Fault.StreamCut c -> false;
            case Fault.StreamError e -> false;
            case Fault.Refused r -> false;
        };
    }

    /** Answers an immediate fault (or a StreamError on a non-stream request, as a plain error). */
    public static void respond(SimExchange ex, VendorApi api, Fault fault, Map<String, String> headers) throws IOException {
        switch (fault) {
            case Fault.Timeout t -> {
                SimExchange.sleep(t.hang());
                throw ex.abort("timeout fault");
            }
            case Fault.RateLimited r -> sendError(ex, api, rateLimited(r), headers);
            case Fault.ServerError s -> sendError(ex, api, forStatus(api.vendor(), s.status()), headers);
            case Fault.StreamError s -> sendError(ex, api, forStatus(api.vendor(), s.status()), headers);
            case Fault.Unauthorized u -> sendError(ex, api, ApiError.of(401, ErrorKind.AUTHENTICATION, null), headers);
            case Fault.MalformedJson m -> throw new IllegalStateException("not an immediate fault");
            case Fault.StreamCut c -> throw new IllegalStateException("not an immediate fault");
            case Fault.Refused r -> throw new IllegalStateException("not an immediate fault");
        }
    }

    /**
     * Answers a refusal the vendor sends as an error; true when it did, false when the vendor
     * answers this refusal as a 200 (the caller then renders a refused completion).
     */
    public static boolean refuse(Call call, Fault.Refused refused, String model) throws IOException {
        Optional<ApiError> error = call.api().refusal(refused.refusal(), model);
        if (error.isEmpty()) {
            return false;
        }
        sendError(call.exchange(), call.api(), error.get(), call.headers());
        return true;
    }

    /** Sends a 200 JSON body, broken as the fault asks (malformed or cut), or intact. */
    public static void sendBody(SimExchange ex, byte[] body, Optional<Fault> fault, Map<String, String> headers) throws IOException {
        switch (fault.orElse(null)) {
            case Fault.MalformedJson m -> {
                byte[] half = java.util.Arrays.copyOf(body, Math.max(1, body.length / 2));
                ex.sendJson(200, half, headers);
            }
            case Fault.StreamCut c -> ex.sendTruncatedThenAbort(200, "application/json", body, body.length / 2, headers);
            case null, default -> ex.sendJson(200, body, headers);
        }
    }

    public static void sendError(SimExchange ex, VendorApi api, ApiError error, Map<String, String> headers) throws IOException {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(error.headers());
        ex.sendJson(error.status(), api.errorBody(error), all);
    }

    /** The error for a status code; 529 exists only at Anthropic, the others answer 503 instead. */
    public static ApiError forStatus(SimVendor vendor, int status) {
        int effective = status == 529 && vendor != SimVendor.ANTHROPIC ? 503 : status;
        ErrorKind kind = switch (effective) {
            case 400 -> ErrorKind.INVALID_REQUEST;
            case 401 -> ErrorKind.AUTHENTICATION;
            case 403 -> ErrorKind.PERMISSION;
            case 404 -> ErrorKind.NOT_FOUND;
            case 413 -> ErrorKind.REQUEST_TOO_LARGE;
            case 429 -> ErrorKind.RATE_LIMITED;
            case 529 -> ErrorKind.OVERLOADED;
            case 503 -> vendor == SimVendor.ANTHROPIC ? ErrorKind.SERVER_ERROR : ErrorKind.OVERLOADED;
            case 504 -> ErrorKind.TIMEOUT;
            default -> effective >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.INVALID_REQUEST;
        };
        Map<String, String> headers = effective == 429 ? Map.of("retry-after", "1") : Map.of();
        return new ApiError(effective, kind, null, null, null, headers);
    }

    private static ApiError rateLimited(Fault.RateLimited r) {
        long millis = r.retryAfter().toMillis();
        long seconds = (millis + 999) / 1000;
        // Retry-After is whole seconds; OpenAI also sends retry-after-ms, which SDKs prefer
        return new ApiError(429, ErrorKind.RATE_LIMITED, null, null, null,
                Map.of("retry-after", Long.toString(seconds), "retry-after-ms", Long.toString(millis)));
    }
}
