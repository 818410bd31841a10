package com.gaterouter.simulator.core;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.http.SimExchange;
import com.gaterouter.simulator.http.StreamEvent;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What makes a vendor a vendor: its routes, credentials, error shapes and response headers. */
public interface VendorApi {

    SimVendor vendor();

    /**
     * The endpoint for a request below the vendor prefix.
     *
     * @throws ApiException 404 for an unknown path, 405 for a known path with the wrong method
     */
    Endpoint route(String method, String subPath);

    /** The API key the request carries in this vendor's header (or query), if any. */
    Optional<String> apiKey(SimExchange exchange);

    /** The vendor's JSON error body. */
    byte[] errorBody(ApiError error);

    /** The vendor's in-stream error event. */
    StreamEvent streamError(ApiError error);

    /** The vendor's wording for a body that is not JSON. */
    String invalidJsonMessage();

    /**
     * How this vendor refuses a request for {@code refusal} (a {@link Fault.Refused} fault): its
     * error, or empty when it answers 200 with a refused completion instead (a blocked prompt).
     *
     * @param model the model the request names
     */
    Optional<ApiError> refusal(Fault.Refusal refusal, String model);

    /**
     * This vendor's error for a prompt that does not fit the model's context window, or empty when
     * it fits. Each vendor counts and words it its own way (OpenAI and DeepSeek count the requested
     * output too; Anthropic says which of the two does not fit).
     *
     * @param maxTokens the requested output limit, when the request gives one
     */
    Optional<ApiError> contextWindowExceeded(int promptTokens, OptionalInt maxTokens, int window);

    /** Headers on every response (a request id in the vendor's header name). */
    default Map<String, String> responseHeaders(Ids ids) {
        return Map.of();
    }
}
