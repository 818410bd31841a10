package com.gaterouter.simulator.http;

import java.time.Duration;

/**
 * Paces output like a model: nothing until time-to-first-token, then {@code tokensPerSecond}.
 * Every deadline is absolute (request start + ttft + tokens/tps), so sleeps never accumulate drift.
 * No request is paced beyond {@link #MAX_PACING} after it started, whatever the ttft, pace and
 * length: past that, the rest of the reply goes out unpaced.
 */
public final class Pacer {

    /** The longest any one reply is paced (time to first token plus generation). */
    public static final Duration MAX_PACING = Duration.ofSeconds(90);

    private final long startNanos;
    private final Duration ttft;
    private final double tokensPerSecond;

    public Pacer(long startNanos, Duration ttft, double tokensPerSecond) {
        this.startNanos = startNanos;
        this.ttft = ttft;
        this.tokensPerSecond = tokensPerSecond;
    }

    /** True when there is nothing to wait for, so writers may batch output. */
    public boolean instant() {
        return ttft.isZero() && tokensPerSecond <= 0;
    }

    /**
     * Waits until a stream event may go out that follows {@code tokensBefore} already-sent tokens:
     * the first content event at ttft, each later one after the earlier tokens were generated.
     */
    public void awaitAfterTokens(long tokensBefore) {
        double generation = tokensPerSecond > 0 ? tokensBefore * 1e9 / tokensPerSecond : 0;
        // saturating: a huge ttft or a tiny pace must not overflow into the past
        double deadline = (double) ttft.toNanos() + generation;
        sleepUntil(startNanos + (deadline >= MAX_PACING.toNanos() ? MAX_PACING.toNanos() : (long) deadline));
    }

    /** Non-stream answers: ttft plus the generation time of all {@code tokens}. */
    public void awaitWhole(int tokens) {
        awaitAfterTokens(tokens);
    }

    private void sleepUntil(long deadlineNanos) {
        long capped = Math.min(deadlineNanos, startNanos + MAX_PACING.toNanos());
        long wait = capped - System.nanoTime();
        if (wait > 0) {
            SimExchange.sleep(Duration.ofNanos(wait));
        }
    }
}
