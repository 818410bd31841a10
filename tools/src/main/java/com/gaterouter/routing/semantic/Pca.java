package com.gaterouter.routing.semantic;

/**
 * Principal components by subspace (orthogonal) iteration on the covariance matrix: deterministic
 * (a fixed starting basis), exact enough for a few hundred dimensions, no linear-algebra library.
 */
final class Pca {

    private final double[] mean;
    /** components[k] is the k-th principal axis, unit length, by decreasing variance. */
    private final double[][] components;
    private final double explained;

    private Pca(double[] mean, double[][] components, double explained) {
        this.mean = mean;
        this.components = components;
        this.explained = explained;
    }

    /** Fits on the non-null rows of {@code rows}. */
    static Pca fit(float[][] rows, int k, int iterations) {
        int n = 0;
        int d = 0;
        for (float[] row : rows) {
            if (row != null) {
                d = row.length;
                n++;
            }
        }
        double[] mean = new double[d];
        for (float[] row : rows) {
            if (row != null) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j] / (double) n;
                }
            }
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (float[] row : rows) {
            if (row == null) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                centred[j] = row[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = centred[a];
                double[] line = cov[a];
                for (int b = a; b < d; b++) {
                    line[b] += ca * centred[b];
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n;
                cov[b][a] = cov[a][b];
            }
            trace += cov[a][a];
        }
        // start from the first k coordinate axes, perturbed deterministically so none is orthogonal to the top space
        double[][] basis = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                basis[i][j] = (i == j ? 1 : 0) + 1e-3 * Math.sin(1 + i * 31 + j * 7);
            }
        }
        orthonormalise(basis);
        for (int iteration = 0; iteration < iterations; iteration++) {
            double[][] next = new double[k][];
            for (int i = 0; i < k; i++) {
                next[i] = multiply(cov, basis[i]);
            }
            orthonormalise(next);
            basis = next;
        }
        // order by Rayleigh quotient (variance along the axis)
        double[] variance = new double[k];
        Integer[] order = new Integer[k];
        double kept = 0;
        for (int i = 0; i < k; i++) {
            double[] cv = multiply(cov, basis[i]);
            for (int j = 0; j < d; j++) {
                variance[i] += basis[i][j] * cv[j];
            }
            order[i] = i;
            kept += variance[i];
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(variance[y], variance[x]));
        double[][] sorted = new double[k][];
        for (int i = 0; i < k; i++) {
            sorted[i] = basis[order[i]];
        }
        return new Pca(mean, sorted, kept / trace);
    }

    float[] project(float[] row) {
        float[] out = new float[components.length];
        for (int i = 0; i < components.length; i++) {
            double sum = 0;
            for (int j = 0; j < row.length; j++) {
                sum += (row[j] - mean[j]) * components[i][j];
            }
            out[i] = (float) sum;
        }
        return out;
    }

    /** The share of the total variance the components keep. */
    double explained() {
        return explained;
    }

    private static double[] multiply(double[][] matrix, double[] vector) {
        double[] out = new double[vector.length];
        for (int a = 0; a < matrix.length; a++) {
            double sum = 0;
            double[] line = matrix[a];
            for (int b = 0; b < vector.length; b++) {
                sum += line[b] * vector[b];
            }
            out[a] = sum;
        }
        return out;
    }

    /** Modified Gram-Schmidt, twice for stability. */
    private static void orthonormalise(double[][] vectors) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < vectors.length; i++) {
                for (int j = 0; j < i; j++) {
                    double dot = 0;
                    for (int c = 0; c < vectors[i].length; c++) {
                        dot += vectors[i][c] * vectors[j][c];
                    }
                    for (int c = 0; c < vectors[i].length; c++) {
                        vectors[i][c] -= dot * vectors[j][c];
                    }
                }
                double norm = 0;
                for (double v : vectors[i]) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                for (int c = 0; c < vectors[i].length; c++) {
                    vectors[i][c] /= norm;
                }
            }
        }
    }
}
