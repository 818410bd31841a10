package com.gaterouter.router.vendors;

import java.time.Duration;

/**
 * Per-vendor time limits: to open the connection, to the first byte of the answer (headers,
 * or the first stream event), and for the whole call.
 */
public record VendorTimeouts(Duration connect, Duration firstByte, Duration total) {

    public static final VendorTimeouts DEFAULT =
            new VendorTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10));

    /** These limits, none longer than {@code left} (the time a request has left; at least 1 ms). */
    public VendorTimeouts within(Duration left) {
        Duration cap = left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
        return new VendorTimeouts(min(connect, cap), min(firstByte, cap), min(total, cap));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The HTTP request timeout (time to response headers): a stream's headers come at once, so
     * the first-byte limit applies; a buffered answer's headers come with the whole answer, so
     * only the total limit can apply. A stream's total is enforced by {@link StreamDeadline}.
     */
    public Duration requestTimeout(boolean stream) {
        return stream ? firstByte : total;
    }
}
