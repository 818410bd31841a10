package com.gaterouter.simulator.text;

import java.nio.charset.StandardCharsets;

/** Stable 64-bit hashing (FNV-1a), so seeds do not depend on JVM or run. */
public final class Hashing {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Hashing() {
    }

    public static long fnv1a64(String text) {
        long h = OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= PRIME;
        }
        return h;
    }

    /** SplitMix64 finaliser: spreads a counter or weak seed over all 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
