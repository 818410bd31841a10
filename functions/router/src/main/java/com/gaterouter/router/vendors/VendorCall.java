package com.gaterouter.router.vendors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import java.util.Objects;

/**
 * One call to a vendor. {@code request} is the client's body in the gateway's normal form
 * (OpenAI Chat Completions), already validated; adapters translate it to their wire format and
 * must not modify it (it may be retried against another model).
 */
public record VendorCall(ModelSpec model, VendorSpec vendor, String apiKey, ObjectNode request, String requestId) {

    public VendorCall {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(requestId, "requestId");
    }

    @Override
    public String toString() {
        // never print the key or the prompt
        return "VendorCall[model=" + model.id() + ", vendor=" + vendor.name() + ", requestId=" + requestId + "]";
    }
}
