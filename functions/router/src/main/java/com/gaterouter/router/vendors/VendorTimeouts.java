package com.gaterouter.router.vendors;

import java.time.Duration;

/**
 * Per-vendor time limits: to open the connection, to the first byte of the answer (headers,
 * or the first stream event), and for the whole call.
 */
public record VendorTimeouts(Duration connect, Duration firstByte, Duration total) {

    public static final VendorTimeouts DEFAULT =
            new VendorTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10));
}
