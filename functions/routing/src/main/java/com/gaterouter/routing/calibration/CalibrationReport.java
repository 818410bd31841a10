package com.gaterouter.routing.calibration;

import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.calibration.ThresholdCalibration.Mode;
import com.gaterouter.routing.calibration.ThresholdCalibration.Row;
import com.gaterouter.routing.calibration.ThresholdCalibration.Scored;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.classifier.HybridClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a tenant's calibration shows, the same for {@code bin/calibrate-routing --labelled} and the
 * admin API's {@code POST …/routing/calibrations}: the figures of every threshold from 0.05 to 0.95,
 * and the thresholds each routing mode is fitted to on these examples, with their figures. The
 * figures themselves are {@link ThresholdCalibration}'s.
 *
 * @param calibration the examples, scored and priced
 * @param table       the figures at each of {@link #TABLE_THRESHOLDS}, in that order
 * @param modes       per mode, the fitted thresholds and the figures at their {@code heavyFrom}
 */
public record CalibrationReport(ThresholdCalibration calibration, List<Row> table, Map<Mode, Fitted> modes) {

    /** The thresholds the table shows: 0.05 to 0.95 in steps of 0.05. */
    public static final List<Double> TABLE_THRESHOLDS;

    static {
        List<Double> thresholds = new ArrayList<>();
        for (int step = 1; step <= 19; step++) {
            thresholds.add(step * 5 / 100.0);
        }
        TABLE_THRESHOLDS = List.copyOf(thresholds);
    }

    /**
     * A pair of thresholds and what they would have done (the figures of their {@code heavyFrom}:
     * with two models, standard counts as strong — see {@link ThresholdCalibration}).
     */
    public record Fitted(TierThresholds thresholds, Row figures) {
    }

    public CalibrationReport {
        table = List.copyOf(table);
        modes = Collections.unmodifiableMap(new EnumMap<>(modes));
    }

    /** Each example scored by {@code classifier} and priced on both models ({@link LabelledExample#scored}). */
    public static List<Scored> score(List<LabelledExample> examples, ComplexityClassifier classifier, TokenPrice weak,
                                     TokenPrice strong) {
        List<Scored> scored = new ArrayList<>(examples.size());
        for (LabelledExample example : examples) {
            scored.add(example.scored(classifier, weak, strong));
        }
        return scored;
    }

    /**
     * The report on scored examples, each mode's light threshold capped at the classifier's tools
     * floor ({@link HybridClassifier#toolsFloor()}), so a request with tools is never light.
     *
     * @throws IllegalArgumentException when there is nothing to calibrate on (no examples, or the
     *                                  strong model has no quality or no cost on them)
     */
    public static CalibrationReport of(List<Scored> scored) {
        return of(scored, HybridClassifier.toolsFloor());
    }

    /** As {@link #of(List)}, with the light thresholds capped at {@code maxLightBelow}. */
    public static CalibrationReport of(List<Scored> scored, double maxLightBelow) {
        ThresholdCalibration calibration = new ThresholdCalibration(scored);
        List<Row> table = calibration.table(TABLE_THRESHOLDS.stream().mapToDouble(Double::doubleValue).toArray());
        Map<Mode, Fitted> modes = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            TierThresholds fitted = calibration.fit(mode, maxLightBelow);
            modes.put(mode, new Fitted(fitted, calibration.at(fitted.heavyFrom())));
        }
        return new CalibrationReport(calibration, table, modes);
    }

    /** What {@code thresholds} (a preset, the level's current ones) would have done on these examples. */
    public Fitted at(TierThresholds thresholds) {
        return new Fitted(thresholds, calibration.at(thresholds.heavyFrom()));
    }
}
