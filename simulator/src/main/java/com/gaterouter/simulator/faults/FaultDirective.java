package com.gaterouter.simulator.faults;

import com.gaterouter.simulator.Fault;
import com.gaterouter.simulator.SimVendor;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A fault requested in-band by a {@code [[sim:fault=...]]} directive.
 *
 * @param key    the directive's text; with {@code times}, requests carrying the same text share a counter
 * @param fault  the fault
 * @param times  apply only to the first N matching requests (per vendor), then answer normally
 * @param vendor apply only when the request reaches this vendor (for fallback tests)
 */
public record FaultDirective(String key, Fault fault, OptionalInt times, Optional<SimVendor> vendor) {

    public FaultDirective {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(vendor, "vendor");
    }
}
