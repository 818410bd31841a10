package com.gaterouter.routing.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.calibration.CalibrationReport;
import com.gaterouter.routing.calibration.LabelledExample;
import com.gaterouter.routing.calibration.ThresholdCalibration;
import com.gaterouter.routing.calibration.TokenPrice;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores prompts so operators can see how their traffic would be routed and choose thresholds.
 *
 * <pre>
 * CalibrateRouting [--prefer cost|balanced|quality | --light-below X --heavy-from Y] [FILE]
 * CalibrateRouting --labelled FILE [--weak-price IN/OUT] [--strong-price IN/OUT] [--prefer … | --light-below X --heavy-from Y]
 * </pre>
 * Reads JSONL from FILE or stdin; each line is {@code {"prompt": "..."}} or a chat-completions-like
 * object with {@code messages} (and optionally {@code tools}, {@code response_format}). Writes each
 * line back with {@code score}, {@code tier} and {@code reasons} added (other fields copied
 * through), or with an {@code error} field when the line cannot be scored — a bad line never stops
 * the file. Prints a tier summary to stderr. Exit code 0, or 2 for unusable arguments or files.
 *
 * <p>With {@code --labelled FILE} ({@code -}: stdin) each line is a {@link LabelledExample} (a
 * prompt and how a weak and a strong model did on it), and the program prints, as Markdown, what
 * each threshold from 0.05 to 0.95 would have cost and saved on them, the thresholds each mode is
 * fitted to on them and the shipped presets' figures ({@link CalibrationReport}); thresholds given
 * with {@code --prefer} or {@code --light-below}/{@code --heavy-from} get a row of their own. Costs
 * are estimated: input tokens from the characters, {@value LabelledExample#OUTPUT_TOKENS} output
 * tokens, at the prices given in USD per 1M tokens (default gpt-4o-mini weak, gpt-4o strong). A line
 * that is not an example is reported on stderr with its number and skipped; exit code 2 when no line
 * is usable.
 */
public final class CalibrateRouting {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** gpt-4o-mini's list price (USD per 1M input / output tokens): the default weak model. */
    static final TokenPrice DEFAULT_WEAK_PRICE = new TokenPrice(0.15, 0.60);
    /** gpt-4o's list price: the default strong model. */
    static final TokenPrice DEFAULT_STRONG_PRICE = new TokenPrice(2.50, 10.00);

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
        boolean chosen = false;
        Double lightBelow = null;
        Double heavyFrom = null;
        Path file = null;
        String labelled = null;
        TokenPrice weakPrice = null;
        TokenPrice strongPrice = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--prefer" -> {
                        String prefer = valueOf(args, ++i);
                        thresholds = TierThresholds.preset(prefer).orElseThrow(
                                () -> new IllegalArgumentException("--prefer must be cost, balanced or quality, got " + prefer));
                        chosen = true;
                    }
                    case "--light-below" -> lightBelow = Double.parseDouble(valueOf(args, ++i));
                    case "--heavy-from" -> heavyFrom = Double.parseDouble(valueOf(args, ++i));
                    case "--labelled" -> labelled = valueOf(args, ++i);
                    case "--weak-price" -> weakPrice = price("--weak-price", valueOf(args, ++i));
                    case "--strong-price" -> strongPrice = price("--strong-price", valueOf(args, ++i));
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
                chosen = true;
            }
            if (labelled == null && (weakPrice != null || strongPrice != null)) {
                throw new IllegalArgumentException("--weak-price and --strong-price go with --labelled");
            }
            if (labelled != null && file != null) {
                throw new IllegalArgumentException("unexpected argument " + file + " (--labelled names the file)");
            }
            if (labelled != null && !labelled.equals("-")) {
                file = Path.of(labelled);
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
            if (labelled != null) {
                return labelled(new BufferedReader(reader), stdout, stderr, weakPrice != null ? weakPrice : DEFAULT_WEAK_PRICE,
                        strongPrice != null ? strongPrice : DEFAULT_STRONG_PRICE, chosen ? thresholds : null);
            }
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

    /** {@code IN/OUT}: USD per 1M input and output tokens. */
    private static TokenPrice price(String option, String value) {
        String[] parts = value.split("/", -1);
        try {
            if (parts.length == 2) {
                return new TokenPrice(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            // reported below, as any other malformed price
        }
        throw new IllegalArgumentException(option + " must be IN/OUT, USD per 1M input and output tokens (e.g. 0.15/0.60), got "
                + value);
    }

    /**
     * {@code --labelled}: reads the examples (bad lines reported on stderr and skipped), prints the
     * report; 2 when no line is usable or the examples give nothing to calibrate on.
     *
     * @param chosen the thresholds given on the command line, or {@code null}
     */
    static int labelled(BufferedReader in, PrintStream out, PrintStream err, TokenPrice weakPrice, TokenPrice strongPrice,
                        TierThresholds chosen) throws IOException {
        List<LabelledExample> examples = new ArrayList<>();
        int skipped = 0;
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                examples.add(LabelledExample.parse(JSON.readTree(line), false));
            } catch (IOException e) {
                err.println("calibrate-routing: line " + number + ": not JSON: " + e.getMessage().lines().findFirst().orElse("")
                        + " (skipped)");
                skipped++;
            } catch (LabelledExample.InvalidExample e) {
                err.println("calibrate-routing: line " + number + ": " + e.getMessage() + " (skipped)");
                skipped++;
            }
        }
        err.printf(Locale.ROOT, "labelled examples: %d used, %d skipped%n", examples.size(), skipped);
        if (examples.isEmpty()) {
            err.println("calibrate-routing: no usable labelled example");
            return 2;
        }
        CalibrationReport report;
        try {
            report = CalibrationReport.of(CalibrationReport.score(examples, ComplexityClassifier.bundled(), weakPrice, strongPrice));
        } catch (IllegalArgumentException e) {
            err.println("calibrate-routing: " + e.getMessage());
            return 2;
        }
        print(report, weakPrice, strongPrice, chosen, out);
        return 0;
    }

    /** The report as Markdown: the threshold table, the fitted modes, the presets. */
    static void print(CalibrationReport report, TokenPrice weakPrice, TokenPrice strongPrice, TierThresholds chosen, PrintStream out) {
        ThresholdCalibration calibration = report.calibration();
        out.printf(Locale.ROOT, "# Routing calibration on %d labelled examples%n%n", calibration.size());
        out.printf(Locale.ROOT, "- weak model quality: %.1f %% of the strong model's%n", 100 * calibration.weakQualityShare());
        out.printf(Locale.ROOT, "- costs: input tokens = characters / %d (rounded up), %d output tokens; USD per 1M tokens (input / output):"
                        + " weak %s / %s, strong %s / %s%n", LabelledExample.CHARS_PER_TOKEN, LabelledExample.OUTPUT_TOKENS,
                usd(weakPrice.inputPerMillion()), usd(weakPrice.outputPerMillion()), usd(strongPrice.inputPerMillion()),
                usd(strongPrice.outputPerMillion()));
        out.println("- a prompt scored at or above heavyFrom is served by the strong model (heavy and standard tiers), any other"
                + " by the weak one; quality and cost are shares of always-strong");
        out.println();
        out.println("| heavyFrom | strong share | quality | gap recovered | cost | saved |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        for (ThresholdCalibration.Row row : report.table()) {
            out.printf(Locale.ROOT, "| %s | %s |%n", threshold(row.heavyFrom()), figures(row));
        }
        out.println();
        out.println("## Modes fitted on these examples");
        out.println();
        out.println("| mode | lightBelow | heavyFrom | strong share | quality | gap recovered | cost | saved |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<ThresholdCalibration.Mode, CalibrationReport.Fitted> mode : report.modes().entrySet()) {
            fitted(out, mode.getKey().wireName(), mode.getValue());
        }
        out.println();
        out.println("## Presets (prefer, as shipped)");
        out.println();
        out.println("| prefer | lightBelow | heavyFrom | strong share | quality | gap recovered | cost | saved |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (ThresholdCalibration.Mode mode : ThresholdCalibration.Mode.values()) {
            fitted(out, mode.wireName(), report.at(TierThresholds.preset(mode.wireName()).orElseThrow()));
        }
        if (chosen != null) {
            fitted(out, "given", report.at(chosen));
        }
    }

    private static void fitted(PrintStream out, String name, CalibrationReport.Fitted fitted) {
        out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", name, threshold(fitted.thresholds().lightBelow()),
                threshold(fitted.thresholds().heavyFrom()), figures(fitted.figures()));
    }

    private static String figures(ThresholdCalibration.Row row) {
        return String.join(" | ", percent(row.strongShare()), percent(row.quality()), percent(row.gapRecovered()),
                percent(row.costShare()), percent(row.saved()));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    /** Two decimals, three when the threshold has them (fitted thresholds have the score's precision). */
    private static String threshold(double value) {
        String three = String.format(Locale.ROOT, "%.3f", value);
        return three.endsWith("0") ? three.substring(0, three.length() - 1) : three;
    }

    private static String usd(double value) {
        return "$" + java.math.BigDecimal.valueOf(value).setScale(Math.max(2, java.math.BigDecimal.valueOf(value).stripTrailingZeros().scale()),
                java.math.RoundingMode.UNNECESSARY).toPlainString();
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
        err.printf(Locale.ROOT, "thresholds: light below %.3f, heavy from %.3f%n", thresholds.lightBelow(),
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
        err.println("       calibrate-routing --labelled FILE|- [--weak-price IN/OUT] [--strong-price IN/OUT]"
                + " [--prefer cost|balanced|quality | --light-below X --heavy-from Y]");
    }
}
