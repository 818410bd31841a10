package com.gaterouter.common.spend;

/**
 * What usage adds to one counter: cost in micro-USD, tokens (prompt + completion) and requests.
 * Never negative: usage only ever adds.
 */
public record CounterSums(long usdMicros, long tokens, long requests) {

    public static final CounterSums ZERO = new CounterSums(0, 0, 0);

    public CounterSums {
        if (usdMicros < 0 || tokens < 0 || requests < 0) {
            throw new IllegalArgumentException("counter sums are not negative");
        }
    }

    public CounterSums plus(CounterSums other) {
        return new CounterSums(Math.addExact(usdMicros, other.usdMicros), Math.addExact(tokens, other.tokens),
                Math.addExact(requests, other.requests));
    }
}
