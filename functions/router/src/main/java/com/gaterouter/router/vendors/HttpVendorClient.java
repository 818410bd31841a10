package com.gaterouter.router.vendors;

import java.net.http.HttpClient;

/**
 * A vendor client that speaks to its vendor over {@code java.net.http} through {@link VendorHttp}:
 * what every such adapter holds is the client per vendor (so a catalog entry's own connect timeout
 * applies) and the gateway's default timeouts.
 */
public abstract class HttpVendorClient implements VendorClient {

    private final VendorHttpClients http;
    private final VendorTimeouts timeouts;

    protected HttpVendorClient(VendorHttpClients http, VendorTimeouts timeouts) {
        this.http = http;
        this.timeouts = timeouts;
    }

    /** The HTTP client for the call's vendor. */
    protected final HttpClient client(VendorCall call) {
        return http.forVendor(call.vendor());
    }

    /** The timeouts that bound {@code call}: its vendor's own or the defaults, within the request's deadline. */
    protected final VendorTimeouts timeouts(VendorCall call) {
        return call.timeouts(timeouts);
    }
}
