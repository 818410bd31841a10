package com.gaterouter.simulator.faults;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an in-band fault directive applies to this request. A directive stays in the
 * conversation (and in retried requests), so {@code times=N} is what lets "fail once, then
 * succeed on retry" be expressed: the ledger counts requests per (vendor, directive text).
 * It remembers at most {@link #MAX_ENTRIES} directives, least recently seen dropped first, so
 * callers sending ever new directive texts cannot grow it without bound.
 */
public final class DirectiveLedger {

    /** How many (vendor, directive) counters are kept. */
    public static final int MAX_ENTRIES = 10_000;

    private final Map<String, Integer> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public Optional<Fault> apply(SimVendor vendor, FaultDirective directive) {
        if (directive.vendor().isPresent() && directive.vendor().get() != vendor) {
            return Optional.empty();
        }
        if (directive.times().isEmpty()) {
            return Optional.of(directive.fault());
        }
        int n;
        synchronized (seen) {
            n = seen.merge(vendor.id() + "|" + directive.key(), 1, Integer::sum);
        }
        return n <= directive.times().getAsInt() ? Optional.of(directive.fault()) : Optional.empty();
    }

    /** How many counters are kept now. */
    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    public void clear() {
        synchronized (seen) {
            seen.clear();
        }
    }
}
