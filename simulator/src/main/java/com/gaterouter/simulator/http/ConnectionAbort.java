package com.gaterouter.simulator.http;

/**
 * Thrown to drop the TCP connection without finishing the response. The JDK server closes the
 * connection when a handler throws, so the client sees a truncated body or chunked stream;
 * this is how stream cuts and timeouts are simulated.
 */
public final class ConnectionAbort extends RuntimeException {

    public ConnectionAbort(String reason) {
        super(reason, null, false, false);
    }
}
