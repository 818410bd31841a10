package com.gaterouter.simulator.text;

import static com.gaterouter.simulator.text.DirectiveLimits.MAX_BLOCKS;
import static com.gaterouter.simulator.text.DirectiveLimits.MAX_CONTEXT_WINDOW;
import static com.gaterouter.simulator.text.DirectiveLimits.MAX_DELAY_MS;
import static com.gaterouter.simulator.text.DirectiveLimits.MAX_TIMES;
import static com.gaterouter.simulator.text.DirectiveLimits.MAX_TOKENS;
import static com.gaterouter.simulator.text.DirectiveLimits.MIN_TOKENS_PER_SECOND;
import static com.gaterouter.simulator.text.DirectiveLimits.boundedInt;
import static com.gaterouter.simulator.text.DirectiveLimits.shorten;

import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.faults.FaultDirective;
import com.gaterouter.simulator.faults.FaultSpecs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * In-band instructions for the simulator, written in the last user message so a test that only
 * reaches the simulator through a gateway can steer it. Syntax: {@code [[sim:key=value,key=value]]};
 * several blocks may appear, later values win. Keys:
 * <ul>
 *   <li>{@code tokens=N}: reply length in tokens, at most {@link DirectiveLimits#MAX_TOKENS};</li>
 *   <li>{@code text=...}: the exact reply text; takes the rest of the block, commas included;</li>
 *   <li>{@code fault=NAME} plus its parameters (see {@link FaultSpecs}), optionally
 *       {@code times=N} (at most {@link DirectiveLimits#MAX_TIMES}) and {@code vendor=openai|anthropic|gemini|deepseek};</li>
 *   <li>{@code ttft_ms=N} (at most {@link DirectiveLimits#MAX_DELAY_MS}), {@code tps=N} (0 = unpaced, else at least
 *       {@link DirectiveLimits#MIN_TOKENS_PER_SECOND}): latency for this request;</li>
 *   <li>{@code context_window=N}: the model's context window for this request, in tokens (at most
 *       {@link DirectiveLimits#MAX_CONTEXT_WINDOW}): a longer prompt gets the vendor's context-length error
 *       (embeddings: per input).</li>
 * </ul>
 * The simulator is a demo backend reachable through the gateway, so every value is bounded: a value
 * past its maximum is rejected (the caller answers the vendor's 400), never clamped silently, and
 * parsing is linear in the text's length (an unterminated {@code [[sim:} ends the scan).
 *
 * @param strippedText the message text with every directive block removed
 */
public record Directives(
        OptionalInt tokens,
        Optional<String> text,
        Optional<FaultDirective> fault,
        Optional<Duration> ttft,
        OptionalDouble tokensPerSecond,
        OptionalInt contextWindow,
        String strippedText) {


    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String OPEN = "[[sim:";
    private static final String CLOSE = "]]";

    public static Directives none(String text) {
        return new Directives(OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalDouble.empty(), OptionalInt.empty(), text == null ? "" : text);
    }

    /**
     * Parses every directive block in {@code text}.
     *
     * @throws IllegalArgumentException when a block is malformed, so the caller can answer 400
     */
    public static Directives parse(String text) {
        if (text == null || !text.contains(OPEN)) {
            return none(text);
        }
        OptionalInt tokens = OptionalInt.empty();
        Optional<String> reply = Optional.empty();
        Optional<FaultDirective> fault = Optional.empty();
        Optional<Duration> ttft = Optional.empty();
        OptionalDouble tps = OptionalDouble.empty();
        OptionalInt contextWindow = OptionalInt.empty();
        StringBuilder stripped = new StringBuilder(text.length());
        int blocks = 0;
        int from = 0;
        while (true) {
            int open = text.indexOf(OPEN, from);
            int close = open < 0 ? -1 : text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                // no further complete block: linear, however many unterminated openings follow
                stripped.append(text, from, text.length());
                break;
            }
            stripped.append(text, from, open).append(' ');
            from = close + CLOSE.length();
            if (++blocks > MAX_BLOCKS) {
                throw new IllegalArgumentException("at most " + MAX_BLOCKS + " [[sim:...]] blocks per message");
            }
            String block = text.substring(open + OPEN.length(), close);
            Map<String, String> pairs = pairs(block);
            String faultName = null;
            Map<String, String> faultParams = new LinkedHashMap<>();
            OptionalInt times = OptionalInt.empty();
            Optional<SimVendor> vendor = Optional.empty();
            for (var e : pairs.entrySet()) {
                String value = e.getValue();
                switch (FaultSpecs.normalise(e.getKey())) {
                    case "tokens" -> tokens = OptionalInt.of(boundedInt("tokens", value, 0, MAX_TOKENS));
                    case "text" -> reply = Optional.of(value);
                    case "fault" -> faultName = value.trim();
                    case "times" -> times = OptionalInt.of(boundedInt("times", value, 1, MAX_TIMES));
                    case "vendor" -> vendor = Optional.of(SimVendor.fromId(value)
                            .orElseThrow(() -> new IllegalArgumentException("unknown vendor '" + shorten(value) + "' in [[sim:" + shorten(block) + "]]")));
                    case "ttftms" -> ttft = Optional.of(Duration.ofMillis(boundedInt("ttft_ms", value, 0, MAX_DELAY_MS)));
                    case "tps", "tokenspersecond" -> tps = OptionalDouble.of(tokensPerSecond(value));
                    case "contextwindow" -> contextWindow = OptionalInt.of(boundedInt("context_window", value, 1, MAX_CONTEXT_WINDOW));
                    default -> faultParams.put(e.getKey(), value);
                }
            }
            if (faultName != null) {
                fault = Optional.of(new FaultDirective(block.strip(), FaultSpecs.parse(faultName, faultParams), times, vendor));
            } else if (!faultParams.isEmpty()) {
                throw new IllegalArgumentException("unknown simulator directive key(s) " + faultParams.keySet()
                        + " in [[sim:" + shorten(block) + "]]");
            }
        }
        return new Directives(tokens, reply, fault, ttft, tps, contextWindow,
                WHITESPACE.matcher(stripped).replaceAll(" ").strip());
    }

    /** {@code a=1,b=2,text=free, text}: pairs split on commas, except that text= takes the rest. */
    private static Map<String, String> pairs(String block) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < block.length()) {
            int eq = block.indexOf('=', i);
            if (eq < 0) {
                String rest = block.substring(i).trim();
                if (!rest.isEmpty()) {
                    throw new IllegalArgumentException("expected key=value in [[sim:" + shorten(block) + "]]");
                }
                break;
            }
            String key = block.substring(i, eq).trim();
            if (key.equalsIgnoreCase("text")) {
                out.put(key, block.substring(eq + 1));
                break;
            }
            int comma = block.indexOf(',', eq + 1);
            int end = comma < 0 ? block.length() : comma;
            out.put(key, block.substring(eq + 1, end).trim());
            i = end + 1;
        }
        return out;
    }


    private static double tokensPerSecond(String value) {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'tps' must be a number, was '" + shorten(value) + "'");
        }
        if (Double.isNaN(d) || Double.isInfinite(d) || d < 0 || (d > 0 && d < MIN_TOKENS_PER_SECOND)) {
            throw new IllegalArgumentException("'tps' must be 0 (unpaced) or at least " + MIN_TOKENS_PER_SECOND + ", was " + shorten(value));
        }
        return d;
    }

}
