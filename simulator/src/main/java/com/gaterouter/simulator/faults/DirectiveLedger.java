package com.gaterouter.simulator.faults;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether an in-band fault directive applies to this request. A directive stays in the
 * conversation (and in retried requests), so {@code times=N} is what lets "fail once, then
 * succeed on retry" be expressed: the ledger counts requests per (vendor, directive text).
 */
public final class DirectiveLedger {

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    public Optional<Fault> apply(SimVendor vendor, FaultDirective directive) {
        if (directive.vendor().isPresent() && directive.vendor().get() != vendor) {
            return Optional.empty();
        }
        if (directive.times().isEmpty()) {
            return Optional.of(directive.fault());
        }
        int n = seen.computeIfAbsent(vendor.id() + "|" + directive.key(), k -> new AtomicInteger()).incrementAndGet();
        return n <= directive.times().getAsInt() ? Optional.of(directive.fault()) : Optional.empty();
    }

    public void clear() {
        seen.clear();
    }
}
