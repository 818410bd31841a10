package com.gaterouter.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * FIFO queues of faults, one per vendor. The next request routed to a vendor endpoint takes the
 * head of that vendor's queue, before authentication and validation (like a real rate limiter
 * or load balancer would answer first).
 */
public final class FaultQueue {

    private final Map<SimVendor, ConcurrentLinkedQueue<Fault>> queues = new EnumMap<>(SimVendor.class);
    private final Runnable onClear;

    FaultQueue(Runnable onClear) {
        this.onClear = onClear;
        for (SimVendor v : SimVendor.values()) {
            queues.put(v, new ConcurrentLinkedQueue<>());
        }
    }

    /** Queues {@code fault} for the next request to {@code vendor}. */
    public FaultQueue enqueue(SimVendor vendor, Fault fault) {
        return enqueue(vendor, fault, 1);
    }

    /** Queues {@code fault} for the next {@code times} requests to {@code vendor}. */
    public FaultQueue enqueue(SimVendor vendor, Fault fault, int times) {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1");
        }
        var queue = queues.get(vendor);
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
        return this;
    }

    /** Drops every queued fault and resets the counters of {@code times=} directives. */
    public void clear() {
        queues.values().forEach(ConcurrentLinkedQueue::clear);
        onClear.run();
    }

    /** Drops the faults queued for one vendor. */
    public void clear(SimVendor vendor) {
        queues.get(vendor).clear();
    }

    /** How many faults are waiting for {@code vendor}. */
    public int pending(SimVendor vendor) {
        return queues.get(vendor).size();
    }

    /** Takes the next fault for {@code vendor}; used by the simulator's request pipeline. */
    public Optional<Fault> take(SimVendor vendor) {
        return Optional.ofNullable(queues.get(vendor).poll());
    }
}
