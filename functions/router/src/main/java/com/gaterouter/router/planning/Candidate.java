package com.gaterouter.router.planning;

import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.VendorClient;

/** A model that may serve the request, with its vendor and the adapter that speaks to it. */
public record Candidate(ModelSpec model, VendorSpec vendor, VendorClient client, String requestedAs) {
}
