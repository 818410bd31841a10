package com.gaterouter.common.spend;

import java.util.Objects;

/**
 * A limit on one measure of one counter.
 *
 * @param scopeLabel how people know the scope, for the refusal message: {@code department Marketing}
 */
public record CounterLimit(Counter counter, Measure measure, long limit, String scopeLabel) {

    public CounterLimit {
        Objects.requireNonNull(counter, "counter");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(scopeLabel, "scopeLabel");
        if (limit < 0) {
            throw new IllegalArgumentException("a limit is not negative");
        }
    }
}
