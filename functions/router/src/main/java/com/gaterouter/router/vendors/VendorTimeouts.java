package com.gaterouter.router.vendors;

import java.time.Duration;

/**
 * Per-vendor time limits: to open the connection, to the first byte of the answer (headers,
 * or the first stream event), and for the whole call.
 */
public record VendorTimeouts(Duration connect, Duration firstByte, Duration total) {

    public static final VendorTimeouts DEFAULT =
            new VendorTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10));

    /**
     * The HTTP request timeout (time to response headers): a stream's headers come at once, so
     * the first-byte limit applies; a buffered answer's headers come with the whole answer, so
     * only the total limit can apply. A stream's total is enforced by {@link StreamDeadline}.
     */
    public Duration requestTimeout(boolean stream) {
        return stream ? firstByte : total;
    }
}
