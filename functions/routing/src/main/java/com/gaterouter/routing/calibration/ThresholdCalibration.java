package com.gaterouter.routing.calibration;

import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.classifier.Classification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What tier thresholds would have cost and saved on prompts with known outcomes, and the thresholds
 * each routing mode ({@code prefer: cost | balanced | quality}) is fitted to. One home for both the
 * shipped presets (fitted by {@code TrainClassifier --cv} on out-of-fold scores and printed by
 * {@code bin/evaluate-routing}) and a tenant's own calibration ({@code bin/calibrate-routing
 * --labelled}, the admin API's calibration route).
 *
 * <p>The outcomes are two-model outcomes (a weak and a strong model), so a threshold is read as:
 * a prompt scored at or above {@code heavyFrom} is served by the strong model, any other by the
 * weak one. Thresholds act on the score exactly as the router does ({@link TierThresholds#tierOf}),
 * with no pro-rata tie handling: the table is what would have happened.
 */
public final class ThresholdCalibration {

    /**
     * One prompt: its score and how each model did.
     *
     * @param score      the classifier's score
     * @param weak       the weak model's quality (1/0 right or wrong, or a grade)
     * @param strong     the strong model's quality, same scale
     * @param weakCost   what serving it on the weak model costs (any unit, the same for all rows)
     * @param strongCost what serving it on the strong model costs
     */
    public record Scored(double score, double weak, double strong, double weakCost, double strongCost) {

        public Scored {
            if (!(score >= 0 && score <= 1)) {
                throw new IllegalArgumentException("a score is within 0..1, got " + score);
            }
            for (double value : new double[] {weak, strong, weakCost, strongCost}) {
                if (!(value >= 0 && Double.isFinite(value))) {
                    throw new IllegalArgumentException("qualities and costs are finite and not negative, got " + value);
                }
            }
        }
    }

    /**
     * The figures of sending every prompt scored at or above {@code heavyFrom} to the strong model.
     *
     * @param heavyFrom   the threshold
     * @param strongShare the share of prompts sent to the strong model
     * @param quality     mean quality as a share of always-strong quality
     * @param gapRecovered (quality − all-weak quality) / (always-strong − all-weak): 0 all-weak, 1 all-strong
     * @param costShare   cost as a share of always-strong cost
     */
    public record Row(double heavyFrom, double strongShare, double quality, double gapRecovered, double costShare) {

        /** 1 − {@link #costShare}: what routing saved against always-strong. */
        public double saved() {
            return 1 - costShare;
        }
    }

    /**
     * A routing mode: the share of always-strong quality its heavy threshold must keep, and the
     * stricter share its light threshold keeps (only prompts the weak model is that safe on are light).
     */
    public enum Mode {
        COST(0.85, 0.925), BALANCED(0.90, 0.95), QUALITY(0.95, 0.975);

        private final double heavyQuality;
        private final double lightQuality;

        Mode(double heavyQuality, double lightQuality) {
            this.heavyQuality = heavyQuality;
            this.lightQuality = lightQuality;
        }

        public double heavyQuality() {
            return heavyQuality;
        }

        public double lightQuality() {
            return lightQuality;
        }

        /** The {@code prefer} value ({@code cost}, {@code balanced}, {@code quality}). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Relative slack when comparing summed quality with a target. */
    private static final double TOLERANCE = 1e-9;

    private final Scored[] byScore;
    private final double weakTotal;
    private final double strongTotal;
    private final double weakCostTotal;
    private final double strongCostTotal;

    public ThresholdCalibration(List<Scored> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no labelled prompts to calibrate on");
        }
        byScore = rows.toArray(Scored[]::new);
        Arrays.sort(byScore, Comparator.comparingDouble(Scored::score).reversed());
        weakTotal = rows.stream().mapToDouble(Scored::weak).sum();
        strongTotal = rows.stream().mapToDouble(Scored::strong).sum();
        weakCostTotal = rows.stream().mapToDouble(Scored::weakCost).sum();
        strongCostTotal = rows.stream().mapToDouble(Scored::strongCost).sum();
        if (strongTotal <= 0 || strongCostTotal <= 0) {
            throw new IllegalArgumentException("the strong model must have some quality and some cost on these prompts");
        }
    }

    public int size() {
        return byScore.length;
    }

    /** Mean quality of the weak model as a share of the strong model's. */
    public double weakQualityShare() {
        return weakTotal / strongTotal;
    }

    /** The figures at one threshold. */
    public Row at(double heavyFrom) {
        double quality = weakTotal;
        double cost = weakCostTotal;
        int strong = 0;
        for (Scored row : byScore) {
            if (row.score() < heavyFrom) {
                break;
            }
            strong++;
            quality += row.strong() - row.weak();
            cost += row.strongCost() - row.weakCost();
        }
        double gap = strongTotal - weakTotal;
        return new Row(heavyFrom, strong / (double) byScore.length, quality / strongTotal,
                gap == 0 ? 1 : (quality - weakTotal) / gap, cost / strongCostTotal);
    }

    /** The figures at each of {@code thresholds}, in the given order. */
    public List<Row> table(double... thresholds) {
        List<Row> rows = new ArrayList<>(thresholds.length);
        for (double threshold : thresholds) {
            rows.add(at(threshold));
        }
        return rows;
    }

    /**
     * The highest threshold (the fewest strong calls) at which quality reaches {@code target} of
     * always-strong quality: one of the scores seen; 1 (the highest a threshold can be) when the
     * weak model alone reaches it; 0 when only sending everything reaches it (then a prompt scored
     * below every one seen here goes strong too), or when nothing does ({@code target} above 1).
     * Quality need not grow as the threshold falls (the weak model may be right where the strong
     * one is wrong), so this is the first threshold from the top that reaches the target.
     */
    public double thresholdFor(double target) {
        // sums of grades carry rounding error: "reaches" allows for it, so a target met exactly in
        // decimal arithmetic is met even when the running sum ends a few ulps short of it
        double needed = target * strongTotal - TOLERANCE * Math.max(1, Math.abs(strongTotal));
        double quality = weakTotal;
        if (quality >= needed) {
            return 1;
        }
        int i = 0;
        while (i < byScore.length) {
            double score = byScore[i].score();
            // a threshold takes every prompt of equal score at once
            while (i < byScore.length && byScore[i].score() == score) {
                quality += byScore[i].strong() - byScore[i].weak();
                i++;
            }
            if (quality >= needed) {
                return i == byScore.length ? 0 : score;
            }
        }
        return 0;
    }

    /**
     * The thresholds of {@code mode} on these prompts: {@code heavyFrom} keeps the mode's heavy
     * quality share, {@code lightBelow} its stricter light share, and {@code lightBelow} never exceeds
     * {@code maxLightBelow} (the classifier's tools floor stays above every light threshold).
     */
    public TierThresholds fit(Mode mode, double maxLightBelow) {
        double heavyFrom = thresholdFor(mode.heavyQuality());
        double lightBelow = Math.min(Math.min(thresholdFor(mode.lightQuality()), heavyFrom), maxLightBelow);
        return new TierThresholds(round(lightBelow), Math.max(round(lightBelow), round(heavyFrom)));
    }

    /** Thresholds are published with the score's own precision ({@link Classification#round}). */
    private static double round(double value) {
        return Classification.round(value);
    }
}
