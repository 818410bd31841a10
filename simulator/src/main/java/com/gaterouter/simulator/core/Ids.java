package com.gaterouter.simulator.core;

import com.gaterouter.simulator.text.Hashing;
import java.util.concurrent.atomic.AtomicLong;

/** Vendor-looking ids ({@code chatcmpl-…}, {@code msg_…}, {@code toolu_…}); deterministic per simulator run. */
public final class Ids {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final AtomicLong counter = new AtomicLong();

    public String next(String prefix, int length) {
        long state = counter.incrementAndGet();
        StringBuilder b = new StringBuilder(prefix.length() + length).append(prefix);
        long bits = 0;
        for (int i = 0; i < length; i++) {
            if (i % 10 == 0) {
                // 10 base-62 digits use ~60 bits; each group gets fresh bits from (counter, group)
                bits = Hashing.mix(state * 0x9E3779B97F4A7C15L + i);
            }
            b.append(ALPHABET.charAt((int) Long.remainderUnsigned(bits, ALPHABET.length())));
            bits = Long.divideUnsigned(bits, ALPHABET.length());
        }
        return b.toString();
    }
}
