package com.gaterouter.router.vendors;

import com.gaterouter.router.catalog.VendorSpec;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP client to reach a vendor with. java.net.http fixes the connect timeout per client, so
 * vendors whose catalog entry sets its own {@code connectMs} get a client of their own (one per
 * distinct timeout, shared, with its connection pool); the others share the default one.
 */
public final class VendorHttpClients {

    private final VendorTimeouts defaults;
    private final HttpClient fixed;
    private final ConcurrentHashMap<Duration, HttpClient> byConnectTimeout = new ConcurrentHashMap<>();

    private VendorHttpClients(VendorTimeouts defaults, HttpClient fixed) {
        this.defaults = defaults;
        this.fixed = fixed;
    }

    /** A client per distinct connect timeout, from the vendor's limits or {@code defaults}. */
    public static VendorHttpClients perVendor(VendorTimeouts defaults) {
        return new VendorHttpClients(defaults, null);
    }

    /** Always {@code client}, whatever the vendor (tests that bring their own client). */
    public static VendorHttpClients fixed(HttpClient client) {
        return new VendorHttpClients(VendorTimeouts.DEFAULT, client);
    }

    public HttpClient forVendor(VendorSpec vendor) {
        if (fixed != null) {
            return fixed;
        }
        return byConnectTimeout.computeIfAbsent(vendor.timeoutsOr(defaults).connect(), connect -> HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }
}
