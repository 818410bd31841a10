package com.gaterouter.router.planning;

import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.VendorClient;
import java.util.List;

/**
 * A model that may serve the request, with its vendor and the adapter that speaks to it.
 *
 * @param dropped top-level request fields this model's vendor cannot honour, left out of its vendor
 *                call because the caller's tenant drops them ({@code ExtraParameters.DROP}) rather
 *                than ruling the model out; in the vendor's order; empty on the common path
 */
public record Candidate(ModelSpec model, VendorSpec vendor, VendorClient client, String requestedAs, List<String> dropped) {

    public Candidate {
        dropped = List.copyOf(dropped);
    }

    /** A candidate that takes the request as it is. */
    public Candidate(ModelSpec model, VendorSpec vendor, VendorClient client, String requestedAs) {
        this(model, vendor, client, requestedAs, List.of());
    }
}
