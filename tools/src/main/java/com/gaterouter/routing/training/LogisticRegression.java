package com.gaterouter.routing.training;

import com.gaterouter.routing.semantic.StaticEmbeddings;
import com.gaterouter.routing.classifier.Feature;
import com.gaterouter.routing.classifier.FeatureExtractor;
import com.gaterouter.routing.classifier.RequestShape;
import java.util.Arrays;
import java.util.List;

/**
 * Weighted logistic regression with soft targets and L2, fitted by full-batch Adam: no sampling,
 * so the result depends only on the rows and their order — the same input gives the same weights
 * to the bit.
 */
final class LogisticRegression {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    /** The fitted weights and the (weighted) training means the classifier explains against. */
    record Fit(float bias, float[] dense, float[] ngram, float[] semantic, float[] denseMeans, float ngramMean,
               float semanticMean) {
    }

    /** One row as the optimiser sees it: sorted unique n-gram buckets with their values, dense values. */
    record Row(int[] buckets, float[] values, float[] dense, float[] semantic, double target, double weight) {
    }

    private LogisticRegression() {
    }

    /** The features of a request exactly as the classifier computes them at run time. */
    static Row encode(FeatureExtractor extractor, StaticEmbeddings embeddings, RequestShape shape, double target,
                      double weight) {
        float[] dense = new float[Feature.denseSize()];
        float[] semantic = new float[embeddings.dims()];
        embeddings.embed(semantic, shape.head(), shape.tail());
        int[][] collected = {new int[256]};
        int[] size = {0};
        extractor.extract(shape, dense, bucket -> {
            if (size[0] == collected[0].length) {
                collected[0] = Arrays.copyOf(collected[0], size[0] * 2);
            }
            collected[0][size[0]++] = bucket;
        });
        int[] all = Arrays.copyOf(collected[0], size[0]);
        Arrays.sort(all);
        int unique = 0;
        int[] buckets = new int[all.length];
        float[] values = new float[all.length];
        // the classifier sums one weight per occurrence and divides by sqrt(occurrences)
        float norm = all.length == 0 ? 0 : (float) (FeatureExtractor.ngramScale(dense) / Math.sqrt(all.length));
        for (int i = 0; i < all.length; i++) {
            if (unique > 0 && buckets[unique - 1] == all[i]) {
                values[unique - 1] += norm;
            } else {
                buckets[unique] = all[i];
                values[unique++] = norm;
            }
        }
        return new Row(Arrays.copyOf(buckets, unique), Arrays.copyOf(values, unique), dense, semantic, target, weight);
    }

    static Fit fit(List<Row> rows, TrainingConfig config) {
        int dims = Feature.denseSize();
        int buckets = 1 << config.hashBits();
        int semanticDims = rows.isEmpty() ? 0 : rows.get(0).semantic().length;
        double totalWeight = rows.stream().mapToDouble(Row::weight).sum();
        double[] bias = new double[1];
        double[] dense = new double[dims];
        double[] ngram = new double[buckets];
        double[] semantic = new double[semanticDims];
        Adam semanticOpt = new Adam(semanticDims);
        double[] gradSemantic = new double[semanticDims];
        Adam biasOpt = new Adam(1);
        Adam denseOpt = new Adam(dims);
        Adam ngramOpt = new Adam(buckets);
        double[] gradBias = new double[1];
        double[] gradDense = new double[dims];
        double[] gradNgram = new double[buckets];
        for (int step = 1; step <= config.iterations(); step++) {
            gradBias[0] = 0;
            Arrays.fill(gradDense, 0);
            Arrays.fill(gradNgram, 0);
            Arrays.fill(gradSemantic, 0);
            for (Row row : rows) {
                double p = sigmoid(logit(row, bias[0], dense, ngram, semantic));
                double error = row.weight() * (p - row.target()) / totalWeight;
                gradBias[0] += error;
                for (int i = 0; i < dims; i++) {
                    gradDense[i] += error * row.dense()[i];
                }
                for (int i = 0; i < row.buckets().length; i++) {
                    gradNgram[row.buckets()[i]] += error * row.values()[i];
                }
                for (int i = 0; i < semanticDims; i++) {
                    gradSemantic[i] += error * row.semantic()[i];
                }
            }
            for (int i = 0; i < semanticDims; i++) {
                gradSemantic[i] += config.l2Semantic() * semantic[i];
            }
            for (int i = 0; i < dims; i++) {
                gradDense[i] += config.l2Dense() * dense[i];
            }
            for (int i = 0; i < buckets; i++) {
                gradNgram[i] += config.l2Ngram() * ngram[i];
            }
            biasOpt.step(bias, gradBias, config.learningRate(), step);
            denseOpt.step(dense, gradDense, config.learningRate(), step);
            ngramOpt.step(ngram, gradNgram, config.learningRate(), step);
            semanticOpt.step(semantic, gradSemantic, config.learningRate(), step);
        }

        double[] denseMeans = new double[dims];
        double ngramMean = 0;
        double semanticMean = 0;
        for (Row row : rows) {
            double share = row.weight() / totalWeight;
            for (int i = 0; i < dims; i++) {
                denseMeans[i] += share * row.dense()[i];
            }
            double contribution = 0;
            for (int i = 0; i < row.buckets().length; i++) {
                contribution += ngram[row.buckets()[i]] * row.values()[i];
            }
            ngramMean += share * contribution;
            semanticMean += share * dot(semantic, row.semantic());
        }
        return new Fit((float) bias[0], toFloats(dense), toFloats(ngram), toFloats(semantic), toFloats(denseMeans),
                (float) ngramMean, (float) semanticMean);
    }

    private static double dot(double[] weights, float[] values) {
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i] * values[i];
        }
        return sum;
    }

    private static double logit(Row row, double bias, double[] dense, double[] ngram, double[] semantic) {
        double z = bias + dot(semantic, row.semantic());
        for (int i = 0; i < dense.length; i++) {
            z += dense[i] * row.dense()[i];
        }
        for (int i = 0; i < row.buckets().length; i++) {
            z += ngram[row.buckets()[i]] * row.values()[i];
        }
        return z;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    /** Adam's moment estimates for one parameter block. */
    private static final class Adam {
        private final double[] m;
        private final double[] v;

        Adam(int size) {
            m = new double[size];
            v = new double[size];
        }

        void step(double[] params, double[] grad, double rate, int t) {
            double correction1 = 1 - Math.pow(BETA1, t);
            double correction2 = 1 - Math.pow(BETA2, t);
            for (int i = 0; i < params.length; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
                params[i] -= rate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + EPSILON);
            }
        }
    }
}
