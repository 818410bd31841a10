package com.gaterouter.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link VendorSimulator} behaves. Immutable; start from {@link #defaults()} and use the
 * {@code with...} methods.
 *
 * @param host                bind address (default {@code 127.0.0.1}; {@code 0.0.0.0} to expose it)
 * @param port                TCP port, 0 picks a free one
 * @param timeToFirstToken    wait before the first content token (streams) or before answering
 * @param tokensPerSecond     pacing of generated tokens; 0 = unlimited
 * @param requiredApiKey      when present, every vendor request must carry exactly this key in
 *                            the vendor's own header; when empty, keys are not checked
 * @param defaultReplyTokens  reply length when neither {@code [[sim:tokens=N]]} nor a smaller
 *                            max-tokens limit says otherwise
 * @param tokensPerChunk      how many tokens each streamed content event carries
 * @param maxRecordedRequests how many requests {@link VendorSimulator#requests()} keeps (oldest dropped)
 * @param directives          whether in-band {@code [[sim:...]]} directives in prompts are obeyed
 *                            (default on); off, they are plain prompt text like any other
 * @param clock               the instant a call is billed at (default {@link Clock#systemUTC()})
 * @param prices              each vendor's price list by model (the name a request uses), what the
 *                            billing exports charge before a negotiated discount; unpriced models bill 0
 */
public record SimulatorConfig(
        String host,
        int port,
        Duration timeToFirstToken,
        double tokensPerSecond,
        Optional<String> requiredApiKey,
        int defaultReplyTokens,
        int tokensPerChunk,
        int maxRecordedRequests,
        boolean directives,
        Clock clock,
        Map<SimVendor, Map<String, SimPrice>> prices) {

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(requiredApiKey, "requiredApiKey");
        Objects.requireNonNull(clock, "clock");
        Map<SimVendor, Map<String, SimPrice>> copy = new EnumMap<>(SimVendor.class);
        Objects.requireNonNull(prices, "prices").forEach((vendor, list) -> copy.put(vendor, Map.copyOf(list)));
        prices = Collections.unmodifiableMap(copy);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (timeToFirstToken.isNegative()) {
            throw new IllegalArgumentException("timeToFirstToken must not be negative");
        }
        if (tokensPerSecond < 0 || Double.isNaN(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be >= 0 (0 = unlimited)");
        }
        if (defaultReplyTokens < 1 || tokensPerChunk < 1 || maxRecordedRequests < 0) {
            throw new IllegalArgumentException("defaultReplyTokens and tokensPerChunk must be >= 1, maxRecordedRequests >= 0");
        }
    }

    /** Free port on 127.0.0.1, no latency, no key check, 24-token replies, 3 tokens per chunk. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, Duration.ZERO, 0, Optional.empty(), 24, 3, 10_000, true,
                Clock.systemUTC(), Map.of());
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    public SimulatorConfig withTimeToFirstToken(Duration timeToFirstToken) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    /** Tokens per second; 0 means unlimited. */
    public SimulatorConfig withTokensPerSecond(double tokensPerSecond) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    public SimulatorConfig withRequiredApiKey(Optional<String> requiredApiKey) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    public SimulatorConfig withDefaultReplyTokens(int defaultReplyTokens) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    public SimulatorConfig withTokensPerChunk(int tokensPerChunk) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    public SimulatorConfig withMaxRecordedRequests(int maxRecordedRequests) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    /** Whether {@code [[sim:...]]} directives in prompts are obeyed; off, they are plain text. */
    public SimulatorConfig withDirectives(boolean directives) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    /** The clock billing reads: the instant each call is billed at (tests move it to span days). */
    public SimulatorConfig withClock(Clock clock) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    /**
     * The vendors' price lists (micro-USD per 1M tokens) by model as requests name it; replaced at
     * run time by {@code PUT /_sim/billing/terms}.
     */
    public SimulatorConfig withPrices(Map<SimVendor, Map<String, SimPrice>> prices) {
        return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, requiredApiKey,
                defaultReplyTokens, tokensPerChunk, maxRecordedRequests, directives, clock, prices);
    }

    /**
     * Reads {@code GATEROUTER_SIM_DIRECTIVES} ({@code on}/{@code off}, also true/false/1/0; absent = on).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static boolean directivesFromEnvironment(java.util.Map<String, String> env) {
        String value = env.getOrDefault("GATEROUTER_SIM_DIRECTIVES", "on").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "on", "true", "1", "" -> true;
            case "off", "false", "0" -> false;
            default -> throw new IllegalArgumentException("GATEROUTER_SIM_DIRECTIVES is on or off, not '" + value + "'");
        };
    }
}
