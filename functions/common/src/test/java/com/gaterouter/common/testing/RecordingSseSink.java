package com.gaterouter.common.testing;

import com.gaterouter.common.api.SseSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects what a streaming transport would send: the headers it opens with and each event's data, in order. */
public final class RecordingSseSink implements SseSink {

    private final List<String> events = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private Map<String, String> headers;

    @Override
    public void open(Map<String, String> headers) {
        this.headers = headers;
    }

    @Override
    public void event(String name, String data) {
        events.add(data);
        names.add(name);
    }

    /** The events' data, in the order written (the list itself, live). */
    public List<String> events() {
        return events;
    }

    /** The events' names, in the order written (null for an unnamed event). */
    public List<String> names() {
        return names;
    }

    /** The headers the stream opened with; null while it has not opened. */
    public Map<String, String> headers() {
        return headers;
    }
}
