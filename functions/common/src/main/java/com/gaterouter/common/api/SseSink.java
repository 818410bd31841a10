package com.gaterouter.common.api;

import java.io.IOException;
import java.util.Map;

/** Where a stream's events go, in order. */
public interface SseSink {

    /** Commits status 200 with {@code text/event-stream} and these headers; called once, before any event. */
    void open(Map<String, String> headers) throws IOException;

    /** Writes {@code data: <data>\n\n} and makes it visible to the client (flushes). */
    void event(String data) throws IOException;
}
