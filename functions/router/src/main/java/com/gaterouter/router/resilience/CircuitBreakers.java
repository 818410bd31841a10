package com.gaterouter.router.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** A circuit breaker per vendor, shared by every request in this instance. */
public final class CircuitBreakers {

    private final int failureThreshold;
    private final Duration openFor;
    private final Clock clock;
    private final ConcurrentHashMap<String, CircuitBreaker> byVendor = new ConcurrentHashMap<>();

    public CircuitBreakers(int failureThreshold, Duration openFor, Clock clock) {
        this.failureThreshold = failureThreshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    public static CircuitBreakers defaults(Clock clock) {
        return new CircuitBreakers(5, Duration.ofSeconds(30), clock);
    }

    public CircuitBreaker forVendor(String vendor) {
        return byVendor.computeIfAbsent(vendor, v -> new CircuitBreaker(failureThreshold, openFor, clock));
    }
}
