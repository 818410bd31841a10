package com.gaterouter.simulator.text;

/**
 * How far a {@code [[sim:…]]} directive may push the simulator (docs/vendor-simulator.md), and how
 * an out-of-range or malformed value is refused: read by {@link Directives} and by the fault
 * parameters ({@code faults.FaultSpecs}).
 */
public final class DirectiveLimits {

    /** Longest reply a directive may ask for, in tokens (about 64 KiB of text). */
    public static final int MAX_TOKENS = 16_384;
    /** Most requests a {@code times=N} fault directive may apply to. */
    public static final int MAX_TIMES = 1_000;
    /** Longest wait a directive may ask for: {@code ttft_ms}, a {@code fault=timeout} hang, a retry-after. */
    public static final int MAX_DELAY_MS = 60_000;
    /** Slowest pace a directive may ask for (0 = unpaced); the Pacer also caps a whole reply's pacing. */
    public static final double MIN_TOKENS_PER_SECOND = 1.0;
    /** Largest context window a directive may set. */
    public static final int MAX_CONTEXT_WINDOW = 10_000_000;
    /** Most directive blocks one text may carry. */
    public static final int MAX_BLOCKS = 32;

    private DirectiveLimits() {
    }

    /** An integer in {@code [min, max]}, or an error naming the key and the range. */
    public static int boundedInt(String key, String value, int min, int max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be an integer, was '" + shorten(value) + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("'" + key + "' must be between " + min + " and " + max + ", was " + n);
        }
        return (int) n;
    }

    /** Error messages quote at most 40 characters of what was sent. */
    public static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
