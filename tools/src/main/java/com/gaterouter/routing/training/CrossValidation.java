package com.gaterouter.routing.training;

import com.gaterouter.routing.classifier.HybridClassifier;
import com.gaterouter.routing.data.DataSplit;
import com.gaterouter.routing.data.Dataset;
import com.gaterouter.routing.data.RoutingExample;
import com.gaterouter.routing.evaluation.RoutingEvaluation;
import com.gaterouter.routing.evaluation.RoutingMetrics;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Group-wise cross-validation of the mmlu subjects inside the training part (training and
 * validation groups; the held-out groups are never read): the subjects are dealt into
 * {@value #FOLDS} folds in SHA-256 order of {@code cv/mmlu/subject}; for each fold the classifier is
 * trained on every other non-held-out row and compared with the random and length-only baselines on
 * the fold's subjects — unseen subjects, as on the held-out report. Used for model selection:
 * one validation part of 9 subjects is too small and too dominated by one odd subject to choose by.
 */
final class CrossValidation {

    static final int FOLDS = 6;
    static final String SOURCE = "mmlu";

    private CrossValidation() {
    }

    static void run(Dataset dataset, TrainingConfig config, PrintStream out) {
        DataSplit split = DataSplit.of(dataset.rows());
        List<String> groups = dataset.rows().stream()
                .filter(row -> row.source().equals(SOURCE) && split.partOf(row) != DataSplit.Part.HELD_OUT)
                .map(RoutingExample::group).distinct()
                .sorted(Comparator.comparing(group -> DataSplit.sha256Hex("cv/" + SOURCE + "/" + group))).toList();
        Map<String, Integer> foldOf = new TreeMap<>();
        for (int i = 0; i < groups.size(); i++) {
            foldOf.put(groups.get(i), i % FOLDS);
        }
        List<RoutingEvaluation.Comparison> results = IntStream.range(0, FOLDS).parallel().mapToObj(fold -> {
            var model = TrainClassifier.train(dataset, config,
                    row -> split.partOf(row) != DataSplit.Part.HELD_OUT
                            && !(row.source().equals(SOURCE) && foldOf.get(row.group()) == fold), "cv fold " + fold);
            List<RoutingExample> test = dataset.rows().stream()
                    .filter(row -> row.source().equals(SOURCE) && split.partOf(row) != DataSplit.Part.HELD_OUT
                            && foldOf.get(row.group()) == fold).toList();
            return RoutingEvaluation.compare(test, new HybridClassifier(model));
        }).toList();

        out.println("| fold | weak | strong | AUC c/r/l | APGR c/r/l | share95 c/r/l | false-cheap c/r/l | cost saved c/r/l | beats both |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        double[][] sums = new double[3][5];
        int wins = 0;
        int counted = 0;
        for (int fold = 0; fold < FOLDS; fold++) {
            RoutingEvaluation.Comparison c = results.get(fold);
            List<RoutingMetrics.RouterMetrics> routers = List.of(c.classifier(), c.random(), c.length());
            // a fold whose weak model already reaches the quality target (the strong model's mmlu
            // mathematics answers are mostly graded wrong in this data) has no routing problem
            boolean degenerate = c.metrics().weakQuality() >= RoutingMetrics.QUALITY_TARGET * c.metrics().strongQuality();
            if (!degenerate) {
                counted++;
                for (int r = 0; r < 3; r++) {
                    RoutingMetrics.RouterMetrics m = routers.get(r);
                    double[] values = {m.auc(), m.apgr(), m.shareAtTarget(), m.falseCheap(), m.costSaved()};
                    for (int k = 0; k < 5; k++) {
                        sums[r][k] += values[k];
                    }
                }
                wins += c.beatsBoth() ? 1 : 0;
            }
            out.printf(Locale.ROOT, "| %d | %.3f | %.3f | %s | %s |%n", fold, c.metrics().weakQuality(),
                    c.metrics().strongQuality(), cells(routers), degenerate ? "(degenerate, not counted)"
                            : c.beatsBoth() ? "yes" : "no");
        }
        List<String> mean = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            mean.add(String.format(Locale.ROOT, "%.3f/%.3f/%.3f", sums[0][k] / counted, sums[1][k] / counted,
                    sums[2][k] / counted));
        }
        out.printf(Locale.ROOT, "| mean | | | %s | %d of %d |%n", String.join(" | ", mean), wins, counted);
    }

    private static String cells(List<RoutingMetrics.RouterMetrics> routers) {
        List<String> cells = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            int metric = k;
            cells.add(String.join("/", routers.stream().map(m -> String.format(Locale.ROOT, "%.3f", switch (metric) {
                case 0 -> m.auc();
                case 1 -> m.apgr();
                case 2 -> m.shareAtTarget();
                case 3 -> m.falseCheap();
                default -> m.costSaved();
            })).toList()));
        }
        return String.join(" | ", cells);
    }
}
