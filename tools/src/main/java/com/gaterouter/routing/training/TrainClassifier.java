package com.gaterouter.routing.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.routing.classifier.ComplexityModel;
import com.gaterouter.routing.classifier.FeatureExtractor;
import com.gaterouter.routing.classifier.HybridClassifier;
import com.gaterouter.routing.data.DataSplit;
import com.gaterouter.routing.data.Dataset;
import com.gaterouter.routing.data.RoutingExample;
import com.gaterouter.routing.evaluation.RoutingEvaluation;
import com.gaterouter.routing.semantic.StaticEmbeddings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Trains the classifier's learned weights on the training part of the routing data and writes the
 * model resource. Deterministic: rows in file order, full-batch optimisation, no clock, no random
 * numbers — identical input gives an identical file.
 *
 * <pre>
 * TrainClassifier [--data FILE]... [--out FILE] [--validate | --cv]
 * </pre>
 * Defaults (relative to the repository root): {@code ../shared/data/routing/routing-dev.jsonl} and
 * {@code tools/data/hand-labelled.jsonl}, written to
 * {@code functions/routing/src/main/resources/routing/complexity-model.bin}. {@code --validate}
 * trains without the validation part and prints the validation report instead of writing: this is
 * how the configuration was chosen, without looking at held-out rows.
 */
public final class TrainClassifier {

    public static final Path DEFAULT_OUT = Path.of("functions/routing/src/main/resources/routing/complexity-model.bin");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainClassifier() {
    }

    public static void main(String[] args) throws IOException {
        List<Path> data = new ArrayList<>();
        Path out = DEFAULT_OUT;
        boolean validate = false;
        boolean cv = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data.add(Path.of(value(args, ++i)));
                case "--out" -> out = Path.of(value(args, ++i));
                case "--validate" -> validate = true;
                case "--cv" -> cv = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (data.isEmpty()) {
            data.addAll(Dataset.DEFAULT_DATA);
        }
        Dataset dataset = Dataset.read(data);
        long start = System.nanoTime();
        if (cv) {
            CrossValidation.run(dataset, TrainingConfig.DEFAULT, System.out);
            System.err.printf("cross-validated in %.1f s%n", (System.nanoTime() - start) / 1e9);
            return;
        }
        if (validate) {
            ComplexityModel model = train(dataset, TrainingConfig.DEFAULT, Set.of(DataSplit.Part.TRAIN));
            System.err.printf("trained in %.1f s%n", (System.nanoTime() - start) / 1e9);
            RoutingEvaluation.report(dataset.rows(), new HybridClassifier(model), DataSplit.Part.VALIDATION, System.out);
            return;
        }
        ComplexityModel model = train(dataset, TrainingConfig.DEFAULT,
                Set.of(DataSplit.Part.TRAIN, DataSplit.Part.VALIDATION));
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream stream = Files.newOutputStream(out)) {
            model.write(stream);
        }
        System.err.printf("trained in %.1f s; wrote %s (%d bytes)%n", (System.nanoTime() - start) / 1e9, out,
                Files.size(out));
    }

    /** The training rows: every row whose part is in {@code parts}. */
    public static ComplexityModel train(Dataset dataset, TrainingConfig config, Set<DataSplit.Part> parts) {
        DataSplit split = DataSplit.of(dataset.rows());
        return train(dataset, config, row -> parts.contains(split.partOf(row)),
                parts.stream().map(Enum::name).sorted().toList().toString());
    }

    /** The training rows: every row {@code include} accepts ({@code description} goes into the provenance). */
    static ComplexityModel train(Dataset dataset, TrainingConfig config, Predicate<RoutingExample> include,
                                 String description) {
        List<RoutingExample> training = dataset.rows().stream().filter(include).toList();
        Map<String, Integer> perSource = new TreeMap<>();
        training.forEach(row -> perSource.merge(row.source(), 1, Integer::sum));

        FeatureExtractor extractor = new FeatureExtractor(config.hashBits());
        StaticEmbeddings embeddings = StaticEmbeddings.bundled();
        Map<RoutingExample, Double> lengthSpread = lengthSpread(training, config);
        List<LogisticRegression.Row> encoded = new ArrayList<>(training.size());
        for (RoutingExample row : training) {
            double weight = config.sourceWeights().getOrDefault(row.source(), TrainingConfig.DEFAULT_SOURCE_WEIGHT)
                    / perSource.get(row.source());
            double target = target(row, config) + lengthSpread.getOrDefault(row, 0.0);
            encoded.add(LogisticRegression.encode(extractor, embeddings, row.shape(), target, weight));
        }
        LogisticRegression.Fit fit = LogisticRegression.fit(encoded, config);

        ObjectNode provenance = JSON.createObjectNode();
        ArrayNode files = provenance.putArray("trainingData");
        for (Dataset.Source source : dataset.sources()) {
            files.addObject().put("file", source.name()).put("sha256", source.sha256()).put("rows", source.rows());
        }
        provenance.set("trainingRowsBySource", JSON.valueToTree(perSource));
        provenance.put("parts", description);
        provenance.set("config", config.toJson(JSON));
        return ComplexityModel.of(config.hashBits(), fit.bias(), fit.dense(), fit.denseMeans(), fit.ngramMean(),
                fit.ngram(), fit.semantic(), fit.semanticMean(), embeddings.sha256(), provenance);
    }

    /**
     * For task-labelled sources with a length spread: each row's offset from the source's target,
     * from −spread (the source's shortest prompt) to +spread (its longest), by length rank within the
     * source. A grade-school word problem with more quantities and sentences takes more steps, and
     * length is the one within-type signal known to rank such problems (docs/routing.md, "Training").
     */
    static Map<RoutingExample, Double> lengthSpread(List<RoutingExample> rows, TrainingConfig config) {
        Map<RoutingExample, Double> spread = new java.util.IdentityHashMap<>();
        for (var entry : config.lengthSpreads().entrySet()) {
            List<RoutingExample> source = rows.stream().filter(row -> row.source().equals(entry.getKey())
                    && row.outcome().isEmpty()).sorted(java.util.Comparator.comparingInt(row -> row.prompt().length())).toList();
            for (int i = 0; i < source.size(); i++) {
                double rank = source.size() == 1 ? 0.5 : i / (double) (source.size() - 1);
                spread.put(source.get(i), entry.getValue() * (2 * rank - 1));
            }
        }
        return spread;
    }

    /**
     * What the model should predict for a row: whether the weak model fails where the strong one
     * succeeds (outcome sources), the hand label's target, or the source's task target.
     */
    static double target(RoutingExample row, TrainingConfig config) {
        if (row.outcome().isPresent()) {
            RoutingExample.Outcome outcome = row.outcome().get();
            double needsStrong = outcome.needsStrong() ? 1 : 0;
            double weakFailShare = config.weakFailShares().getOrDefault(row.source(), 0.0);
            return weakFailShare == 0 ? needsStrong
                    : (1 - weakFailShare) * needsStrong + weakFailShare * (1 - outcome.weak());
        }
        if (row.label().isPresent()) {
            return config.tierTargets().get(row.label().get());
        }
        Double target = config.taskTargets().get(row.source());
        if (target == null) {
            throw new IllegalArgumentException("row " + row.id() + " has no outcome, no label, and source "
                    + row.source() + " has no task target");
        }
        return target;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        PrintStream err = System.err;
        err.println(problem);
        err.println("usage: TrainClassifier [--data FILE]... [--out FILE] [--validate | --cv]");
        System.exit(2);
    }
}
