package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to a vendor. {@code request} is the client's body in the gateway's normal form
 * (OpenAI Chat Completions), already validated; adapters translate it to their wire format and
 * must not modify it (it may be retried against another model).
 *
 * @param deadline when the whole client request must be answered (retries and fallbacks
 *                 included): no time limit of this call reaches past it
 */
public record VendorCall(ModelSpec model, VendorSpec vendor, String apiKey, ObjectNode request, String requestId,
                         Optional<Instant> deadline) {

    public VendorCall(ModelSpec model, VendorSpec vendor, String apiKey, ObjectNode request, String requestId) {
        this(model, vendor, apiKey, request, requestId, Optional.empty());
    }

    public VendorCall {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(requestId, "requestId");
        deadline = Objects.requireNonNullElse(deadline, Optional.empty());
    }

    /** The vendor's time limits (its own, else {@code defaults}), cut to what the request has left. */
    public VendorTimeouts timeouts(VendorTimeouts defaults) {
        VendorTimeouts limits = vendor.timeoutsOr(defaults);
        return deadline.map(d -> limits.within(Duration.between(Instant.now(), d))).orElse(limits);
    }

    @Override
    public String toString() {
        // never print the key or the prompt
        return "VendorCall[model=" + model.id() + ", vendor=" + vendor.name() + ", requestId=" + requestId + "]";
    }
}
