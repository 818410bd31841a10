package com.gaterouter.simulator.http;

import java.time.Duration;

/**
 * Paces output like a model: nothing until time-to-first-token, then {@code tokensPerSecond}.
 * Every deadline is absolute (request start + ttft + tokens/tps), so sleeps never accumulate drift.
 */
public final class Pacer {

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
        long generation = tokensPerSecond > 0 ? (long) (tokensBefore * 1e9 / tokensPerSecond) : 0;
        sleepUntil(startNanos + ttft.toNanos() + generation);
    }

    /** Non-stream answers: ttft plus the generation time of all {@code tokens}. */
    public void awaitWhole(int tokens) {
        awaitAfterTokens(tokens);
    }

    private void sleepUntil(long deadlineNanos) {
        long wait = deadlineNanos - System.nanoTime();
        if (wait > 0) {
            SimExchange.sleep(Duration.ofNanos(wait));
        }
    }
}
