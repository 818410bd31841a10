package com.gaterouter.routing.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.data.RoutingExample;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the classifier is trained: the model size, the optimiser, and how each source's rows become
 * targets and weights (docs/routing.md, "Training").
 *
 * @param hashBits       n-gram buckets are 2^hashBits
 * @param iterations     full-batch Adam steps
 * @param learningRate   Adam step size
 * @param l2Dense        L2 penalty on the dense feature weights
 * @param l2Ngram        L2 penalty on the n-gram weights
 * @param l2Semantic     L2 penalty on the weights of the static sentence embedding
 * @param sourceWeights  each source's total sample weight (rows share it equally), so no source dominates
 * @param taskTargets    the target of every row of a task-labelled source (no per-model outcome)
 * @param tierTargets    the target of a hand-labelled row by its tier
 * @param lengthSpreads  task-labelled sources whose rows' targets rise with prompt length within the
 *                       source: the target ± this much from the shortest to the longest prompt
 * @param weakFailShares for sources with 0/1 correctness outcomes: the share of the target that is
 *                       "the weak model failed" (the rest is "needs strong": weak failed and strong
 *                       succeeded); 0 for a source not listed
 */
public record TrainingConfig(int hashBits, int iterations, double learningRate, double l2Dense, double l2Ngram,
                             double l2Semantic, Map<String, Double> sourceWeights, Map<String, Double> taskTargets,
                             Map<Tier, Double> tierTargets, Map<String, Double> weakFailShares,
                             Map<String, Double> lengthSpreads) {

    /** The configuration the shipped weights were trained with. */
    public static final TrainingConfig DEFAULT = new TrainingConfig(17, 300, 0.05, 1e-3, 3e-3, 1e-3,
            Map.of("mmlu", 4.0, "mt_bench", 1.0, "gsm8k_train", 2.0, "arena_hard_v2", 1.0, "humaneval", 0.5,
                    "pricing-reversal", 0.5, "routerbench-routerdc", 3.0, "arena-bench-v1", 1.0,
                    "hand_labelled", 8.0),
            // a task-labelled row has no outcome, so its target is what a graded row of a like task gets
            // (half "needs strong", half "the weak model failed"): code like mbpp's measured 0.38 / 0.66
            // gives 0.5; grade-school maths a little under; arena-hard's hard prompts above; the
            // hand-labelled tiers from "almost never" to "as hard as arena-hard". One probability scale,
            // so thresholds fitted on graded rows mean the same on every kind of prompt.
            Map.of("gsm8k_train", 0.4, "arena_hard_v2", 0.6, "humaneval", 0.5),
            Map.of(Tier.LIGHT, 0.02, Tier.STANDARD, 0.25, Tier.HEAVY, 0.6),
            // half the target of a right/wrong-graded row is "the weak model failed": smoother than "needs
            // strong" alone (a prompt both models fail is hard too) and better on unseen groups (--cv)
            Map.of("mmlu", 0.5, "pricing-reversal", 0.5, "routerbench-routerdc", 0.5),
            // within grade-school maths, longer problems (more quantities, more steps) are the harder ones
            Map.of("gsm8k_train", 0.25));

    /** A source missing from {@link #sourceWeights} gets this total weight. */
    static final double DEFAULT_SOURCE_WEIGHT = 1.0;

    public TrainingConfig {
        sourceWeights = Map.copyOf(sourceWeights);
        taskTargets = Map.copyOf(taskTargets);
        tierTargets = Map.copyOf(tierTargets);
        weakFailShares = Map.copyOf(weakFailShares);
        lengthSpreads = Map.copyOf(lengthSpreads);
    }

    /** A configuration whose outcome targets are "needs strong" alone. */
    public TrainingConfig(int hashBits, int iterations, double learningRate, double l2Dense, double l2Ngram,
                          Map<String, Double> sourceWeights, Map<String, Double> taskTargets,
                          Map<Tier, Double> tierTargets) {
        this(hashBits, iterations, learningRate, l2Dense, l2Ngram, 1e-3, sourceWeights, taskTargets, tierTargets,
                Map.of(), Map.of());
    }

    public TrainingConfig withIterations(int newIterations) {
        return new TrainingConfig(hashBits, newIterations, learningRate, l2Dense, l2Ngram, l2Semantic, sourceWeights,
                taskTargets,
                tierTargets, weakFailShares, lengthSpreads);
    }

    /** As recorded in the model header: sorted keys, so the bytes do not depend on map order. */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("hashBits", hashBits);
        node.put("iterations", iterations);
        node.put("learningRate", learningRate);
        node.put("l2Dense", l2Dense);
        node.put("l2Ngram", l2Ngram);
        node.put("l2Semantic", l2Semantic);
        node.set("sourceWeights", json.valueToTree(new TreeMap<>(sourceWeights)));
        node.set("taskTargets", json.valueToTree(new TreeMap<>(taskTargets)));
        ObjectNode tiers = node.putObject("tierTargets");
        for (Tier tier : Tier.values()) {
            tiers.put(tier.wireName(), tierTargets.get(tier));
        }
        node.set("weakFailShares", json.valueToTree(new TreeMap<>(weakFailShares)));
        node.set("lengthSpreads", json.valueToTree(new TreeMap<>(lengthSpreads)));
        node.put("mtBenchNeedsStrongGap", RoutingExample.MT_BENCH_NEEDS_STRONG_GAP);
        return node;
    }
}
