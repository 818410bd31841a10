package com.gaterouter.simulator.http;

import com.gaterouter.simulator.RecordedRequest;
import com.gaterouter.simulator.SimVendor;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the requests the simulator received (the newest {@code capacity}), with credentials
 * redacted, and per-vendor counts that are not bounded by the capacity.
 */
public final class RequestLog {

    private static final Set<String> SECRET_HEADERS = Set.of(
            "authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "api-key", "cookie");
    private static final Pattern KEY_PARAM = Pattern.compile("([?&]key=)([^&]*)");

    /** Most body characters kept across all recorded requests; the oldest requests go first. */
    public static final long MAX_RECORDED_BODY_CHARS = 64L * 1024 * 1024;

    private final int capacity;
    private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();
    private long bodyChars;
    private final Map<SimVendor, AtomicInteger> counts = new EnumMap<>(SimVendor.class);

    public RequestLog(int capacity) {
        this.capacity = capacity;
        for (SimVendor v : SimVendor.values()) {
            counts.put(v, new AtomicInteger());
        }
    }

    public void record(SimVendor vendor, SimExchange ex) {
        counts.get(vendor).incrementAndGet();
        if (capacity == 0) {
            return;
        }
        Map<String, List<String>> headers = ex.headersLowerCase();
        headers.replaceAll((name, values) -> SECRET_HEADERS.contains(name)
                ? values.stream().map(RequestLog::redact).toList() : values);
        var recorded = new RecordedRequest(vendor, ex.method(), redactQuery(ex.pathAndQuery()), headers,
                ex.bodyText(), Instant.now());
        synchronized (requests) {
            requests.addLast(recorded);
            bodyChars += recorded.body().length();
            while (requests.size() > capacity || (bodyChars > MAX_RECORDED_BODY_CHARS && requests.size() > 1)) {
                bodyChars -= requests.removeFirst().body().length();
            }
        }
    }

    public List<RecordedRequest> all() {
        synchronized (requests) {
            return List.copyOf(new ArrayList<>(requests));
        }
    }

    public int count(SimVendor vendor) {
        return counts.get(vendor).get();
    }

    public void clear() {
        synchronized (requests) {
            requests.clear();
            bodyChars = 0;
            counts.values().forEach(c -> c.set(0));
        }
    }

    /** Keeps an auth scheme word and the last 4 characters: {@code Bearer ****abcd}. */
    static String redact(String value) {
        String scheme = "";
        String secret = value;
        int space = value.indexOf(' ');
        if (space > 0 && space < value.length() - 1) {
            scheme = value.substring(0, space + 1);
            secret = value.substring(space + 1);
        }
        return scheme + "****" + (secret.length() > 4 ? secret.substring(secret.length() - 4) : "");
    }

    static String redactQuery(String pathAndQuery) {
        Matcher m = KEY_PARAM.matcher(pathAndQuery);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + redact(m.group(2))));
        }
        m.appendTail(b);
        return b.toString();
    }
}
