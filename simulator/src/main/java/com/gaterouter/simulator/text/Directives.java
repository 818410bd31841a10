package com.gaterouter.simulator.text;

import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.faults.FaultDirective;
import com.gaterouter.simulator.faults.FaultSpecs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In-band instructions for the simulator, written in the last user message so a test that only
 * reaches the simulator through a gateway can steer it. Syntax: {@code [[sim:key=value,key=value]]};
 * several blocks may appear, later values win. Keys:
 * <ul>
 *   <li>{@code tokens=N}: reply length in tokens;</li>
 *   <li>{@code text=...}: the exact reply text; takes the rest of the block, commas included;</li>
 *   <li>{@code fault=NAME} plus its parameters (see {@link FaultSpecs}), optionally
 *       {@code times=N} and {@code vendor=openai|anthropic|gemini|deepseek};</li>
 *   <li>{@code ttft_ms=N}, {@code tps=N}: latency for this request;</li>
 *   <li>{@code context_window=N}: the model's context window for this request, in tokens: a
 *       longer prompt gets the vendor's context-length error (embeddings: per input).</li>
 * </ul>
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

    private static final Pattern BLOCK = Pattern.compile("\\[\\[sim:(.*?)]]", Pattern.DOTALL);

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
        if (text == null || !text.contains("[[sim:")) {
            return none(text);
        }
        OptionalInt tokens = OptionalInt.empty();
        Optional<String> reply = Optional.empty();
        Optional<FaultDirective> fault = Optional.empty();
        Optional<Duration> ttft = Optional.empty();
        OptionalDouble tps = OptionalDouble.empty();
        OptionalInt contextWindow = OptionalInt.empty();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String block = m.group(1);
            Map<String, String> pairs = pairs(block);
            String faultName = null;
            Map<String, String> faultParams = new LinkedHashMap<>();
            OptionalInt times = OptionalInt.empty();
            Optional<SimVendor> vendor = Optional.empty();
            for (var e : pairs.entrySet()) {
                String value = e.getValue();
                switch (FaultSpecs.normalise(e.getKey())) {
                    case "tokens" -> tokens = OptionalInt.of(positiveInt("tokens", value, 0));
                    case "text" -> reply = Optional.of(value);
                    case "fault" -> faultName = value.trim();
                    case "times" -> times = OptionalInt.of(positiveInt("times", value, 1));
                    case "vendor" -> vendor = Optional.of(SimVendor.fromId(value)
                            .orElseThrow(() -> new IllegalArgumentException("unknown vendor '" + value + "' in [[sim:" + block + "]]")));
                    case "ttftms" -> ttft = Optional.of(Duration.ofMillis(positiveInt("ttft_ms", value, 0)));
                    case "tps", "tokenspersecond" -> tps = OptionalDouble.of(positiveDouble("tps", value));
                    case "contextwindow" -> contextWindow = OptionalInt.of(positiveInt("context_window", value, 1));
                    default -> faultParams.put(e.getKey(), value);
                }
            }
            if (faultName != null) {
                fault = Optional.of(new FaultDirective(block.strip(), FaultSpecs.parse(faultName, faultParams), times, vendor));
            } else if (!faultParams.isEmpty()) {
                throw new IllegalArgumentException("unknown simulator directive key(s) " + faultParams.keySet()
                        + " in [[sim:" + block + "]]");
            }
        }
        String stripped = BLOCK.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
        return new Directives(tokens, reply, fault, ttft, tps, contextWindow, stripped);
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
                    throw new IllegalArgumentException("expected key=value in [[sim:" + block + "]]");
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

    private static int positiveInt(String key, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw new IllegalArgumentException("'" + key + "' must be >= " + min + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be an integer, was '" + value + "'");
        }
    }

    private static double positiveDouble(String key, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d < 0 || Double.isNaN(d)) {
                throw new IllegalArgumentException("'" + key + "' must be >= 0");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' must be a number, was '" + value + "'");
        }
    }
}
