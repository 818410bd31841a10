package com.gaterouter.routing.evaluation;

import com.gaterouter.routing.calibration.RoutingMetrics;
import com.gaterouter.routing.calibration.ThresholdCalibration;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.classifier.ComplexityModel;
import com.gaterouter.routing.classifier.HybridClassifier;
import com.gaterouter.routing.data.DataSplit;
import com.gaterouter.routing.data.Dataset;
import com.gaterouter.routing.data.RoutingExample;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Evaluates the shipped classifier on the held-out groups (the same {@link DataSplit} training
 * used) against two baselines computed in the same run, and prints a markdown report:
 * <ul>
 *   <li>random routing, as its exact expectation (every prompt the same score, ties pro rata);</li>
 *   <li>length-only routing: the longer the prompt, the more likely it goes to the strong model.</li>
 * </ul>
 * Per benchmark with outcomes: ROC-AUC of "needs strong"; APGR; the strong share needed for
 * {@value RoutingMetrics#QUALITY_TARGET} of always-strong quality; the false-cheap rate at the
 * classifier's share for that quality (the same share applied to every router); and the cost saved
 * against always-strong at each router's own share for that quality. Then tier shares at the
 * balanced thresholds for every held-out source.
 *
 * <pre>RoutingEvaluation [--data FILE]... [--model FILE]</pre>
 * Without {@code --model} it evaluates the bundled resource, exactly what the gateway ships.
 */
public final class RoutingEvaluation {

    /** Prices in dollars per million tokens (gpt-4o and gpt-4o-mini list prices). */
    static final double STRONG_INPUT = 2.50;
    static final double STRONG_OUTPUT = 10.00;
    static final double WEAK_INPUT = 0.15;
    static final double WEAK_OUTPUT = 0.60;
    /** The same assumed answer length for every prompt: an unknown, so it must not favour any router. */
    static final int ASSUMED_OUTPUT_TOKENS = 300;
    /** Tokens are estimated as characters / 4. */
    static final int CHARS_PER_TOKEN = 4;

    private RoutingEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> data = new ArrayList<>();
        Path modelFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data.add(Path.of(args[++i]));
                case "--model" -> modelFile = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: RoutingEvaluation [--data FILE]... [--model FILE]");
                    System.exit(2);
                }
            }
        }
        if (data.isEmpty()) {
            data.addAll(Dataset.DEFAULT_DATA);
        }
        ComplexityClassifier classifier;
        if (modelFile == null) {
            classifier = ComplexityClassifier.bundled();
        } else {
            try (InputStream in = Files.newInputStream(modelFile)) {
                classifier = new HybridClassifier(ComplexityModel.read(in));
            }
        }
        Dataset dataset = Dataset.read(data);
        PrintStream out = System.out;
        out.println("# Routing evaluation: held-out groups");
        out.println();
        if (classifier instanceof HybridClassifier hybrid) {
            out.println("Model trained on: " + hybrid.model().header().path("provenance").path("trainingData"));
        }
        out.println("Evaluated on: " + dataset.sources());
        out.println();
        report(dataset.rows(), classifier, DataSplit.Part.HELD_OUT, out);
    }

    /** The report for the rows of one part of the split (held-out for the record, validation while tuning). */
    public static void report(List<RoutingExample> rows, ComplexityClassifier classifier, DataSplit.Part part,
                              PrintStream out) {
        DataSplit split = DataSplit.of(rows);
        List<RoutingExample> selected = rows.stream().filter(row -> split.partOf(row) == part).toList();
        List<String> groups = part == DataSplit.Part.HELD_OUT ? split.heldOutGroups() : split.validationGroups();
        out.println("Part: " + part.name().toLowerCase(Locale.ROOT) + "; groups of group-split sources: "
                + String.join(", ", groups));
        out.println();

        Map<String, List<RoutingExample>> withOutcomes = new TreeMap<>();
        selected.stream().filter(row -> row.outcome().isPresent())
                .forEach(row -> withOutcomes.computeIfAbsent(row.source(), s -> new ArrayList<>()).add(row));
        boolean allBeaten = true;
        for (var benchmark : withOutcomes.entrySet()) {
            allBeaten &= benchmark(benchmark.getKey(), benchmark.getValue(), classifier, out);
        }
        // the sources graded right/wrong, pooled: a mixed workload, where telling task types apart counts too
        List<RoutingExample> pooled = selected.stream().filter(RoutingEvaluation::graded).toList();
        if (withOutcomes.size() > 1 && pooled.stream().map(RoutingExample::source).distinct().count() > 1) {
            allBeaten &= benchmark("pooled (every source graded right or wrong)", pooled, classifier, out);
            out.println("## The modes on the pooled rows: what each preset's heavy threshold gives (heavy = strong model, else weak)");
            out.println();
            presets(calibration(pooled, row -> classifier.classify(row.shape()).score()), out);
        }
        out.println("Classifier better than both baselines on every metric of every benchmark: "
                + (allBeaten ? "yes" : "NO"));
        out.println();
        tierShares(selected, classifier, out);
    }

    /** The classifier's and both baselines' figures on rows with outcomes, at the classifier's matched share. */
    public record Comparison(RoutingMetrics metrics, double matchedShare, double[] classifierScores,
                             RoutingMetrics.RouterMetrics classifier, RoutingMetrics.RouterMetrics random,
                             RoutingMetrics.RouterMetrics length) {

        /** Whether the classifier is strictly better than both baselines on every metric. */
        public boolean beatsBoth() {
            return classifier.beats(random) && classifier.beats(length);
        }
    }

    /** Scores {@code rows} (all with outcomes) with the classifier and the two baselines. */
    public static Comparison compare(List<RoutingExample> rows, ComplexityClassifier classifier) {
        return compareScores(rows, row -> classifier.classify(row.shape()).score());
    }

    /** Compares scores already computed (out-of-fold, say) with the two baselines. */
    public static Comparison compareScores(List<RoutingExample> rows, ToDoubleFunction<RoutingExample> score) {
        RoutingMetrics metrics = new RoutingMetrics(outcomes(rows));
        double[] classifierScores = scores(rows, score);
        double[] randomScores = new double[rows.size()];
        double[] lengthScores = scores(rows, row -> row.prompt().length());
        double matched = metrics.curve(classifierScores).shareAtTarget();
        return new Comparison(metrics, matched, classifierScores, metrics.evaluate(classifierScores, matched),
                metrics.evaluate(randomScores, matched), metrics.evaluate(lengthScores, matched));
    }

    private static RoutingMetrics.Outcomes outcomes(List<RoutingExample> rows) {
        int n = rows.size();
        double[] weak = new double[n];
        double[] strong = new double[n];
        boolean[] needsStrong = new boolean[n];
        double[] weakCost = new double[n];
        double[] strongCost = new double[n];
        for (int i = 0; i < n; i++) {
            RoutingExample.Outcome outcome = rows.get(i).outcome().orElseThrow();
            weak[i] = outcome.weak();
            strong[i] = outcome.strong();
            needsStrong[i] = outcome.needsStrong();
            double inputTokens = Math.ceil(rows.get(i).prompt().length() / (double) CHARS_PER_TOKEN);
            weakCost[i] = (inputTokens * WEAK_INPUT + ASSUMED_OUTPUT_TOKENS * WEAK_OUTPUT) / 1e6;
            strongCost[i] = (inputTokens * STRONG_INPUT + ASSUMED_OUTPUT_TOKENS * STRONG_OUTPUT) / 1e6;
        }
        return new RoutingMetrics.Outcomes(weak, strong, needsStrong, weakCost, strongCost);
    }

    private static boolean benchmark(String name, List<RoutingExample> rows, ComplexityClassifier classifier,
                                     PrintStream out) {
        int n = rows.size();
        Comparison comparison = compare(rows, classifier);
        RoutingMetrics metrics = comparison.metrics();
        double[] classifierScores = comparison.classifierScores();
        double matched = comparison.matchedShare();
        RoutingMetrics.RouterMetrics ours = comparison.classifier();
        RoutingMetrics.RouterMetrics random = comparison.random();
        RoutingMetrics.RouterMetrics length = comparison.length();

        long groups = rows.stream().map(RoutingExample::group).distinct().count();
        out.printf(Locale.ROOT, "## %s: %d prompts in %d groups; needs strong %d (%.1f %%); quality weak %.3f, strong %.3f%n%n",
                name, n, groups, metrics.positives(), 100.0 * metrics.positives() / n, metrics.weakQuality(),
                metrics.strongQuality());
        out.printf(Locale.ROOT, "| router | ROC-AUC ↑ | APGR ↑ | strong share for %.0f %% quality ↓ | false-cheap at %.1f %% strong ↓ | cost saved at %.0f %% quality ↑ |%n",
                100 * RoutingMetrics.QUALITY_TARGET, 100 * matched, 100 * RoutingMetrics.QUALITY_TARGET);
        out.println("|---|---|---|---|---|---|");
        row(out, "classifier", ours);
        row(out, "random (expectation)", random);
        row(out, "length only", length);
        out.printf(Locale.ROOT, "%nClassifier score at its %.0f %% quality point: %.3f%n%n", 100 * RoutingMetrics.QUALITY_TARGET,
                scoreAtShare(classifierScores, matched));
        return ours.beats(random) && ours.beats(length);
    }

    /** The threshold calibration of scored rows (costs as {@link #outcomes} prices them). */
    public static ThresholdCalibration calibration(List<RoutingExample> rows, ToDoubleFunction<RoutingExample> score) {
        RoutingMetrics.Outcomes outcomes = outcomes(rows);
        List<ThresholdCalibration.Scored> scored = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            scored.add(new ThresholdCalibration.Scored(score.applyAsDouble(rows.get(i)), outcomes.weak()[i],
                    outcomes.strong()[i], outcomes.weakCost()[i], outcomes.strongCost()[i]));
        }
        return new ThresholdCalibration(scored);
    }

    /**
     * Each mode's thresholds fitted to {@code calibration}'s rows (how the presets are chosen, on
     * out-of-fold scores), with what they give there.
     */
    public static void modes(ThresholdCalibration calibration, PrintStream out) {
        out.println("| mode | quality kept (heavy / light) | lightBelow | heavyFrom | strong share | quality | gap recovered | saved |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (ThresholdCalibration.Mode mode : ThresholdCalibration.Mode.values()) {
            TierThresholds fitted = calibration.fit(mode, HybridClassifier.toolsFloor());
            ThresholdCalibration.Row at = calibration.at(fitted.heavyFrom());
            out.printf(Locale.ROOT, "| %s | %.1f %% / %.1f %% | %.3f | %.3f | %.1f %% | %.1f %% | %.1f %% | %.1f %% |%n",
                    mode.wireName(), 100 * mode.heavyQuality(), 100 * mode.lightQuality(), fitted.lightBelow(),
                    fitted.heavyFrom(), 100 * at.strongShare(), 100 * at.quality(), 100 * at.gapRecovered(),
                    100 * at.saved());
        }
        out.println();
    }

    /** What the shipped presets give on {@code calibration}'s rows: the expected strong share and quality per mode. */
    public static void presets(ThresholdCalibration calibration, PrintStream out) {
        out.println("| mode (preset) | lightBelow | heavyFrom | quality kept, fitted for | strong share | quality of always-strong | gap recovered | cost saved |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (ThresholdCalibration.Mode mode : ThresholdCalibration.Mode.values()) {
            TierThresholds preset = TierThresholds.preset(mode.wireName()).orElseThrow();
            ThresholdCalibration.Row at = calibration.at(preset.heavyFrom());
            out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% |%n",
                    mode.wireName(), preset.lightBelow(), preset.heavyFrom(), 100 * mode.heavyQuality(),
                    100 * at.strongShare(), 100 * at.quality(), 100 * at.gapRecovered(), 100 * at.saved());
        }
        out.println();
    }

    /** A row whose outcome is right/wrong (0/1), not a judge's grade: such rows share one quality scale. */
    public static boolean graded(RoutingExample row) {
        return row.outcome().filter(o -> (o.weak() == 0 || o.weak() == 1) && (o.strong() == 0 || o.strong() == 1)
                && row.turns().isEmpty() && !row.source().startsWith("arena") && !row.source().equals("mt_bench")).isPresent();
    }

    private static void row(PrintStream out, String name, RoutingMetrics.RouterMetrics m) {
        out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.1f %% | %.1f %% | %.1f %% |%n", name, m.auc(), m.apgr(),
                100 * m.shareAtTarget(), 100 * m.falseCheap(), 100 * m.costSaved());
    }

    private static double scoreAtShare(double[] scores, double share) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        int strongCount = (int) Math.ceil(share * sorted.length);
        return strongCount == 0 ? 1 : sorted[sorted.length - strongCount];
    }

    private static void tierShares(List<RoutingExample> rows, ComplexityClassifier classifier, PrintStream out) {
        TierThresholds thresholds = TierThresholds.BALANCED;
        out.printf(Locale.ROOT, "## Tier shares at the balanced thresholds (light below %.3f, heavy from %.3f)%n%n",
                thresholds.lightBelow(), thresholds.heavyFrom());
        Map<String, int[]> counts = new TreeMap<>();
        for (RoutingExample row : rows) {
            String key = row.source() + row.label().map(label -> " (labelled " + label.wireName() + ")").orElse("");
            Tier tier = thresholds.tierOf(classifier.classify(row.shape()).score());
            counts.computeIfAbsent(key, k -> new int[Tier.values().length])[tier.ordinal()]++;
        }
        out.println("| rows | n | light | standard | heavy |");
        out.println("|---|---|---|---|---|");
        for (var entry : counts.entrySet()) {
            int[] c = entry.getValue();
            double total = Arrays.stream(c).sum();
            out.printf(Locale.ROOT, "| %s | %d | %.1f %% | %.1f %% | %.1f %% |%n", entry.getKey(), (int) total,
                    100 * c[0] / total, 100 * c[1] / total, 100 * c[2] / total);
        }
        out.println();
    }

    private static double[] scores(List<RoutingExample> rows, ToDoubleFunction<RoutingExample> score) {
        return rows.stream().mapToDouble(score).toArray();
    }
}
