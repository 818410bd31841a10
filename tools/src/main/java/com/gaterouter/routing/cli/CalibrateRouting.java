package com.gaterouter.routing.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.classifier.Classification;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.classifier.RequestShape;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Scores prompts so operators can see how their traffic would be routed and choose thresholds.
 *
 * <pre>
 * CalibrateRouting [--prefer cost|balanced|quality | --light-below X --heavy-from Y] [FILE]
 * </pre>
 * Reads JSONL from FILE or stdin; each line is {@code {"prompt": "..."}} or a chat-completions-like
 * object with {@code messages} (and optionally {@code tools}, {@code response_format}). Writes each
 * line back with {@code score}, {@code tier} and {@code reasons} added (other fields copied
 * through), or with an {@code error} field when the line cannot be scored — a bad line never stops
 * the file. Prints a tier summary to stderr. Exit code 0, or 2 for unusable arguments or files.
 */
public final class CalibrateRouting {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CalibrateRouting() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The whole program against given streams, for tests; returns the exit status. */
    public static int run(String[] args, java.io.InputStream stdin, PrintStream stdout, PrintStream stderr) {
        TierThresholds thresholds = TierThresholds.BALANCED;
        Double lightBelow = null;
        Double heavyFrom = null;
        Path file = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--prefer" -> {
                        String prefer = valueOf(args, ++i);
                        thresholds = TierThresholds.preset(prefer).orElseThrow(
                                () -> new IllegalArgumentException("--prefer must be cost, balanced or quality, got " + prefer));
                    }
                    case "--light-below" -> lightBelow = Double.parseDouble(valueOf(args, ++i));
                    case "--heavy-from" -> heavyFrom = Double.parseDouble(valueOf(args, ++i));
                    case "-h", "--help" -> {
                        usage(stderr);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("-") || file != null) {
                            throw new IllegalArgumentException("unexpected argument " + args[i]);
                        }
                        file = Path.of(args[i]);
                    }
                }
            }
            if (lightBelow != null || heavyFrom != null) {
                thresholds = new TierThresholds(lightBelow != null ? lightBelow : thresholds.lightBelow(),
                        heavyFrom != null ? heavyFrom : thresholds.heavyFrom());
            }
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file);
            }
        } catch (IllegalArgumentException e) {
            stderr.println("calibrate-routing: " + e.getMessage());
            usage(stderr);
            return 2;
        }
        try (Reader reader = file == null ? new InputStreamReader(stdin, StandardCharsets.UTF_8)
                : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8));
            int[] tiers = score(new BufferedReader(reader), writer, thresholds);
            writer.flush();
            summary(tiers, thresholds, stderr);
            return 0;
        } catch (IOException e) {
            stderr.println("calibrate-routing: " + e.getMessage());
            return 2;
        }
    }

    /** Scores every line; returns counts per tier, then errors. */
    static int[] score(BufferedReader in, Writer out, TierThresholds thresholds) throws IOException {
        ComplexityClassifier classifier = ComplexityClassifier.bundled();
        int[] counts = new int[Tier.values().length + 1];
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            ObjectNode result;
            try {
                JsonNode node = JSON.readTree(line);
                if (!(node instanceof ObjectNode object)) {
                    throw new IllegalArgumentException("a line must be a JSON object");
                }
                result = object;
                Classification classification = classifier.classify(shapeOf(object));
                Tier tier = thresholds.tierOf(classification.score());
                result.put("score", classification.score());
                result.put("tier", tier.wireName());
                classification.reasons().forEach(result.putArray("reasons")::add);
                counts[tier.ordinal()]++;
            } catch (IOException | RuntimeException e) {
                result = JSON.createObjectNode();
                result.put("line", number);
                result.put("error", e instanceof IOException ? "not JSON: " + e.getMessage().lines().findFirst().orElse("")
                        : e.getMessage());
                counts[Tier.values().length]++;
            }
            out.write(JSON.writeValueAsString(result));
            out.write('\n');
        }
        return counts;
    }

    private static RequestShape shapeOf(ObjectNode line) {
        JsonNode prompt = line.get("prompt");
        if (prompt != null && prompt.isTextual()) {
            return RequestShape.ofPrompt(prompt.textValue());
        }
        JsonNode messages = line.get("messages");
        if (messages != null && messages.isArray()) {
            return RequestShape.of(line);
        }
        throw new IllegalArgumentException("a line needs a \"prompt\" string or a \"messages\" array");
    }

    private static void summary(int[] counts, TierThresholds thresholds, PrintStream err) {
        int scored = 0;
        for (int i = 0; i < Tier.values().length; i++) {
            scored += counts[i];
        }
        err.printf(Locale.ROOT, "thresholds: light below %.2f, heavy from %.2f%n", thresholds.lightBelow(),
                thresholds.heavyFrom());
        for (Tier tier : Tier.values()) {
            err.printf(Locale.ROOT, "%-8s %6d  %5.1f %%%n", tier.wireName(), counts[tier.ordinal()],
                    scored == 0 ? 0 : 100.0 * counts[tier.ordinal()] / scored);
        }
        err.printf(Locale.ROOT, "%-8s %6d%n", "errors", counts[Tier.values().length]);
    }

    private static String valueOf(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(PrintStream err) {
        err.println("usage: calibrate-routing [--prefer cost|balanced|quality | --light-below X --heavy-from Y] [FILE]");
    }
}
