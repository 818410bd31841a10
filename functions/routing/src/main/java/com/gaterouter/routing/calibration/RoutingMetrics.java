package com.gaterouter.routing.calibration;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Router quality metrics over prompts with known weak- and strong-model outcomes, for a router
 * that sends the highest-scored share of prompts to the strong model.
 *
 * <p>Ties are resolved in expectation: within a block of equal scores every ordering is equally
 * likely, so a partial block contributes its totals pro rata. A router that gives every prompt the
 * same score is therefore exactly the expectation of random routing (AUC 0.5, APGR 0.5), and a
 * length-only router with many equal lengths is not flattered by an arbitrary tie order.
 */
public final class RoutingMetrics {

    /** The fraction of always-strong quality the operating point must reach. */
    public static final double QUALITY_TARGET = 0.95;

    /**
     * What happens to each prompt under each model.
     *
     * @param weak        quality of the weak model's answer (0/1 correctness, or a judge score)
     * @param strong      quality of the strong model's answer, same scale
     * @param needsStrong whether the prompt needs the strong model (weak fails where strong succeeds)
     * @param weakCost    price of serving the prompt on the weak model
     * @param strongCost  price of serving it on the strong model
     */
    public record Outcomes(double[] weak, double[] strong, boolean[] needsStrong, double[] weakCost,
                           double[] strongCost) {
        public Outcomes {
            int n = weak.length;
            if (n == 0 || strong.length != n || needsStrong.length != n || weakCost.length != n || strongCost.length != n) {
                throw new IllegalArgumentException("outcome arrays must be non-empty and of equal length");
            }
        }

        public int size() {
            return weak.length;
        }
    }

    /**
     * One router's figures.
     *
     * @param auc              ROC-AUC of the score for "needs strong" (NaN without both classes)
     * @param apgr             average performance gap recovered over strong shares 0..1
     * @param shareAtTarget    smallest strong-call share reaching {@link #QUALITY_TARGET} of always-strong quality
     * @param falseCheap       share of needs-strong prompts sent to the weak model at the matched share
     * @param matchedShare     the strong share {@code falseCheap} was measured at
     * @param costSaved        1 − cost / always-strong cost, at {@code shareAtTarget}
     */
    public record RouterMetrics(double auc, double apgr, double shareAtTarget, double falseCheap, double matchedShare,
                                double costSaved) {

        /** Strictly better than {@code other} on every metric (AUC, APGR, share, false-cheap, cost saved). */
        public boolean beats(RouterMetrics other) {
            return auc > other.auc && apgr > other.apgr && shareAtTarget < other.shareAtTarget
                    && falseCheap < other.falseCheap && costSaved > other.costSaved;
        }
    }

    private final Outcomes outcomes;
    private final int n;
    private final double weakTotal;
    private final double strongTotal;
    private final double weakCostTotal;
    private final double strongCostTotal;
    private final int positives;

    public RoutingMetrics(Outcomes outcomes) {
        this.outcomes = outcomes;
        this.n = outcomes.size();
        this.weakTotal = Arrays.stream(outcomes.weak()).sum();
        this.strongTotal = Arrays.stream(outcomes.strong()).sum();
        this.weakCostTotal = Arrays.stream(outcomes.weakCost()).sum();
        this.strongCostTotal = Arrays.stream(outcomes.strongCost()).sum();
        int count = 0;
        for (boolean positive : outcomes.needsStrong()) {
            count += positive ? 1 : 0;
        }
        this.positives = count;
    }

    public double weakQuality() {
        return weakTotal / n;
    }

    public double strongQuality() {
        return strongTotal / n;
    }

    public int positives() {
        return positives;
    }

    /** A router's curve: cumulative totals at the boundaries of its tie blocks, highest score first. */
    public Curve curve(double[] scores) {
        if (scores.length != n) {
            throw new IllegalArgumentException("one score per prompt");
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        int blocks = 0;
        int[] bounds = new int[n + 1];
        double[] gain = new double[n + 1];
        double[] found = new double[n + 1];
        double[] extraCost = new double[n + 1];
        double[] negativesBefore = new double[n + 1];
        double aucSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            double blockGain = 0;
            double blockPositives = 0;
            double blockCost = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                int p = order[j];
                blockGain += outcomes.strong()[p] - outcomes.weak()[p];
                blockPositives += outcomes.needsStrong()[p] ? 1 : 0;
                blockCost += outcomes.strongCost()[p] - outcomes.weakCost()[p];
                j++;
            }
            double blockNegatives = (j - i) - blockPositives;
            // positives in this block outrank every negative below it, and half of those tied with them
            aucSum += blockPositives * ((n - positives) - negativesBefore[blocks] - blockNegatives)
                    + 0.5 * blockPositives * blockNegatives;
            bounds[blocks + 1] = j;
            gain[blocks + 1] = gain[blocks] + blockGain;
            found[blocks + 1] = found[blocks] + blockPositives;
            extraCost[blocks + 1] = extraCost[blocks] + blockCost;
            negativesBefore[blocks + 1] = negativesBefore[blocks] + blockNegatives;
            blocks++;
            i = j;
        }
        double auc = positives == 0 || positives == n ? Double.NaN : aucSum / ((double) positives * (n - positives));
        return new Curve(blocks, Arrays.copyOf(bounds, blocks + 1), Arrays.copyOf(gain, blocks + 1),
                Arrays.copyOf(found, blocks + 1), Arrays.copyOf(extraCost, blocks + 1), auc);
    }

    /** All figures for one router; {@code matchedShare} is where the false-cheap rate is read. */
    public RouterMetrics evaluate(double[] scores, double matchedShare) {
        Curve curve = curve(scores);
        double share = curve.shareAtTarget();
        return new RouterMetrics(curve.auc(), curve.apgr(), share, curve.falseCheap(matchedShare), matchedShare,
                curve.costSaved(share));
    }

    /** Cumulative totals of one router; read at any strong share by pro-rata interpolation within blocks. */
    public final class Curve {
        private final int blocks;
        private final int[] bounds;
        private final double[] gain;
        private final double[] found;
        private final double[] extraCost;
        private final double auc;

        private Curve(int blocks, int[] bounds, double[] gain, double[] found, double[] extraCost, double auc) {
            this.blocks = blocks;
            this.bounds = bounds;
            this.gain = gain;
            this.found = found;
            this.extraCost = extraCost;
            this.auc = auc;
        }

        public double auc() {
            return auc;
        }

        /** Mean quality when the top {@code share} of prompts go to the strong model. */
        public double quality(double share) {
            return (weakTotal + at(gain, share)) / n;
        }

        /** (quality − weak quality) / (strong quality − weak quality). */
        public double pgr(double share) {
            return (quality(share) - weakQuality()) / (strongQuality() - weakQuality());
        }

        /** The area under PGR over strong shares 0..1; exact, as PGR is linear between block boundaries. */
        public double apgr() {
            double area = 0;
            for (int b = 0; b < blocks; b++) {
                double from = bounds[b] / (double) n;
                double to = bounds[b + 1] / (double) n;
                area += (to - from) * (pgr(from) + pgr(to)) / 2;
            }
            return area;
        }

        /** The smallest strong share at which quality reaches the target share of always-strong quality. */
        public double shareAtTarget() {
            double needed = QUALITY_TARGET * strongTotal - weakTotal;
            if (needed <= 0) {
                return 0;
            }
            for (int b = 0; b < blocks; b++) {
                if (gain[b + 1] >= needed && gain[b] < needed) {
                    double fraction = (needed - gain[b]) / (gain[b + 1] - gain[b]);
                    return (bounds[b] + fraction * (bounds[b + 1] - bounds[b])) / n;
                }
            }
            return 1;
        }

        /** Share of needs-strong prompts left on the weak model when the top {@code share} go strong. */
        public double falseCheap(double share) {
            return positives == 0 ? Double.NaN : 1 - at(found, share) / positives;
        }

        /** 1 − cost / always-strong cost when the top {@code share} go strong. */
        public double costSaved(double share) {
            return 1 - (weakCostTotal + at(extraCost, share)) / strongCostTotal;
        }

        private double at(double[] cumulative, double share) {
            double k = Math.max(0, Math.min(1, share)) * n;
            for (int b = 0; b < blocks; b++) {
                if (k <= bounds[b + 1]) {
                    double fraction = (k - bounds[b]) / (bounds[b + 1] - bounds[b]);
                    return cumulative[b] + fraction * (cumulative[b + 1] - cumulative[b]);
                }
            }
            return cumulative[blocks];
        }
    }
}
