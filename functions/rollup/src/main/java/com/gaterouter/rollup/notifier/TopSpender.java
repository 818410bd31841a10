package com.gaterouter.rollup.notifier;

import java.util.Objects;

/** One line of a "top users / models / keys" list: who, what they cost (micro-USD), how many requests. */
record TopSpender(String label, long costUsdMicros, long requests) {
    public TopSpender {
        Objects.requireNonNull(label, "label");
    }
}
