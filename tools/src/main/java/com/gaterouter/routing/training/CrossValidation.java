package com.gaterouter.routing.training;

import com.gaterouter.routing.calibration.RoutingMetrics;
import com.gaterouter.routing.calibration.ThresholdCalibration;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.classifier.HybridClassifier;
import com.gaterouter.routing.data.DataSplit;
import com.gaterouter.routing.data.Dataset;
import com.gaterouter.routing.data.RoutingExample;
import com.gaterouter.routing.evaluation.RoutingEvaluation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Group-wise cross-validation over every source with outcomes, inside the training part (training
 * and validation rows; the held-out groups are never read). The groups of all outcome sources —
 * mmlu's subjects, routing-extra's benchmarks — are dealt into {@value #FOLDS} folds in SHA-256
 * order of {@code cv/source/group}; for each fold the classifier is trained on every other
 * non-held-out row (task-labelled and hand-labelled rows always train) and scores the fold's rows,
 * which it has never seen, nor any row of their group. The out-of-fold scores are then compared with
 * the random and length-only baselines per source and pooled over the sources graded right or wrong
 * — a mixed workload of unseen task types, the closest this data comes to prompts the classifier
 * was never tuned on. Used for model selection; one validation part is too small to choose by.
 */
final class CrossValidation {

    static final int FOLDS = 6;

    private CrossValidation() {
    }

    static void run(Dataset dataset, TrainingConfig config, PrintStream out) {
        DataSplit split = DataSplit.of(dataset.rows());
        List<RoutingExample> scored = dataset.rows().stream()
                .filter(row -> row.outcome().isPresent() && split.partOf(row) != DataSplit.Part.HELD_OUT).toList();
        List<String> groups = scored.stream().map(CrossValidation::groupKey).distinct()
                .sorted(Comparator.comparing(group -> DataSplit.sha256Hex("cv/" + group))).toList();
        Map<String, Integer> foldOf = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            foldOf.put(groups.get(i), i % FOLDS);
        }
        Map<RoutingExample, Double> outOfFold = new IdentityHashMap<>();
        List<Map<RoutingExample, Double>> perFold = IntStream.range(0, FOLDS).parallel().mapToObj(fold -> {
            var model = TrainClassifier.train(dataset, config,
                    row -> split.partOf(row) != DataSplit.Part.HELD_OUT
                            && !(row.outcome().isPresent() && foldOf.get(groupKey(row)) == fold), "cv fold " + fold);
            ComplexityClassifier classifier = new HybridClassifier(model);
            Map<RoutingExample, Double> scores = new IdentityHashMap<>();
            scored.stream().filter(row -> foldOf.get(groupKey(row)) == fold)
                    .forEach(row -> scores.put(row, classifier.classify(row.shape()).score()));
            return scores;
        }).toList();
        perFold.forEach(outOfFold::putAll);

        Map<String, List<RoutingExample>> bySource = new TreeMap<>();
        scored.forEach(row -> bySource.computeIfAbsent(row.source(), s -> new ArrayList<>()).add(row));
        bySource.put(POOLED, scored.stream().filter(RoutingEvaluation::graded).toList());
        out.printf(Locale.ROOT, "Out-of-fold over %d groups in %d folds%n%n", groups.size(), FOLDS);
        out.println("| rows | n | needs strong | AUC classifier | AUC length | APGR classifier | APGR length | share95 classifier | share95 length |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (var entry : bySource.entrySet()) {
            List<RoutingExample> rows = entry.getValue();
            RoutingEvaluation.Comparison c = RoutingEvaluation.compareScores(rows, row -> outOfFold.get(row));
            RoutingMetrics.RouterMetrics ours = c.classifier();
            RoutingMetrics.RouterMetrics length = c.length();
            out.printf(Locale.ROOT, "| %s | %d | %.1f %% | %.3f | %.3f | %.3f | %.3f | %.1f %% | %.1f %% |%n", entry.getKey(),
                    rows.size(), 100.0 * c.metrics().positives() / rows.size(), ours.auc(), length.auc(), ours.apgr(),
                    length.apgr(), 100 * ours.shareAtTarget(), 100 * length.shareAtTarget());
        }
        ThresholdCalibration calibration = RoutingEvaluation.calibration(
                bySource.get(POOLED), row -> outOfFold.get(row));
        out.printf(Locale.ROOT, "%nThresholds fitted to the pooled out-of-fold scores (the presets of TierThresholds):%n%n");
        RoutingEvaluation.modes(calibration, out);
    }

    static final String POOLED = "pooled (graded right/wrong)";

    private static String groupKey(RoutingExample row) {
        return row.source() + "/" + row.group();
    }
}
