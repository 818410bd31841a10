package com.gaterouter.routing.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.calibration.ThresholdCalibration.Mode;
import com.gaterouter.routing.calibration.ThresholdCalibration.Row;
import com.gaterouter.routing.calibration.ThresholdCalibration.Scored;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact figures on small sets worked out by hand. */
class ThresholdCalibrationTest {

    private static final double EPS = 1e-12;

    /**
     * Six prompts, weak cost 1 and strong cost 10 each. Weak quality 3 (of 6), strong 5:
     * <pre>
     *   score  weak strong   strong − weak
     *   0.9     0    1        +1
     *   0.7     0    1        +1   ┐ tied
     *   0.7     1    1         0   ┘
     *   0.4     1    0        −1   (the strong model is wrong here)
     *   0.2     1    1         0
     *   0.1     0    1        +1
     * </pre>
     */
    private static final ThresholdCalibration SIX = new ThresholdCalibration(List.of(
            new Scored(0.1, 0, 1, 1, 10),
            new Scored(0.7, 0, 1, 1, 10),
            new Scored(0.9, 0, 1, 1, 10),
            new Scored(0.4, 1, 0, 1, 10),
            new Scored(0.7, 1, 1, 1, 10),
            new Scored(0.2, 1, 1, 1, 10)));

    private static void assertRow(Row row, double heavyFrom, double strongShare, double quality, double gapRecovered,
                                  double costShare) {
        assertThat(row.heavyFrom()).isEqualTo(heavyFrom);
        assertThat(row.strongShare()).as("strong share at %s", heavyFrom).isCloseTo(strongShare, within(EPS));
        assertThat(row.quality()).as("quality at %s", heavyFrom).isCloseTo(quality, within(EPS));
        assertThat(row.gapRecovered()).as("gap recovered at %s", heavyFrom).isCloseTo(gapRecovered, within(EPS));
        assertThat(row.costShare()).as("cost at %s", heavyFrom).isCloseTo(costShare, within(EPS));
        assertThat(row.saved()).isCloseTo(1 - costShare, within(EPS));
    }

    @Test
    void theFiguresAtAThreshold() {
        assertThat(SIX.size()).isEqualTo(6);
        assertThat(SIX.weakQualityShare()).isCloseTo(0.6, within(EPS));
        // nothing strong: quality 3 of 5, cost 6 of 60
        assertRow(SIX.at(0.95), 0.95, 0, 0.6, 0, 0.1);
        // the 0.9 prompt strong: quality 4, cost 6 + 9
        assertRow(SIX.at(0.8), 0.8, 1 / 6.0, 0.8, 0.5, 15 / 60.0);
        // everything: always-strong quality and cost
        assertRow(SIX.at(0.1), 0.1, 1, 1, 1, 1);
        assertRow(SIX.at(0), 0, 1, 1, 1, 1);
    }

    @Test
    void aThresholdTakesEveryPromptScoredAtItOrAboveTogether() {
        // the two 0.7 prompts go strong together, at 0.7 exactly (score ≥ heavyFrom, as the router tiers)
        assertRow(SIX.at(0.7), 0.7, 0.5, 1, 1, 33 / 60.0);
        assertRow(SIX.at(0.700001), 0.700001, 1 / 6.0, 0.8, 0.5, 15 / 60.0);
        // the 0.4 prompt going strong loses quality: the strong model is wrong on it
        assertRow(SIX.at(0.4), 0.4, 4 / 6.0, 0.8, 0.5, 42 / 60.0);
        assertThat(SIX.table(0.8, 0.7, 0.4)).extracting(Row::heavyFrom).containsExactly(0.8, 0.7, 0.4);
    }

    @Test
    void thresholdForIsTheHighestThresholdThatReachesTheTarget() {
        // the weak model alone reaches 60 %: the highest threshold there is
        assertThat(SIX.thresholdFor(0.6)).isEqualTo(1);
        assertThat(SIX.thresholdFor(0.5)).isEqualTo(1);
        // 80 % needs 4: the 0.9 prompt
        assertThat(SIX.thresholdFor(0.8)).isEqualTo(0.9);
        // 90 % needs 4.5: the 0.7 block, both prompts at once
        assertThat(SIX.thresholdFor(0.9)).isEqualTo(0.7);
        // 100 % is reached at 0.7 already (going lower loses at 0.4 and wins it back only at 0.1)
        assertThat(SIX.thresholdFor(1.0)).isEqualTo(0.7);
        // more than always-strong quality: nothing reaches it
        assertThat(SIX.thresholdFor(1.01)).isEqualTo(0);
    }

    @Test
    void whenOnlySendingEverythingReachesTheTargetTheThresholdIs0() {
        ThresholdCalibration both = new ThresholdCalibration(List.of(new Scored(0.8, 0, 1, 1, 10), new Scored(0.3, 0, 1, 1, 10)));
        assertThat(both.thresholdFor(0.5)).isEqualTo(0.8);
        assertThat(both.thresholdFor(0.95)).as("needs the 0.3 prompt too, i.e. everything").isEqualTo(0);
    }

    @Test
    void aTargetReachedExactlyIsReachedDespiteRounding() {
        // grades do not sum exactly in binary: weak 0.4 plus two gains of 0.1 ends a bit below the strong
        // total 0.2 + 0.2 + 0.2, yet the 0.8 block reaches always-strong quality (the 0.2 prompt gains nothing)
        ThresholdCalibration graded = new ThresholdCalibration(List.of(new Scored(0.9, 0.1, 0.2, 1, 2),
                new Scored(0.8, 0.1, 0.2, 1, 2), new Scored(0.2, 0.2, 0.2, 1, 2)));
        assertThat(graded.thresholdFor(1.0)).isEqualTo(0.8);
        assertThat(graded.at(0.8).quality()).isCloseTo(1, within(EPS));
    }

    /**
     * 100 prompts the strong model gets right, cost 1 weak and 10 strong: 80 the weak model gets
     * right too (scored 0.3), 20 it gets wrong, scored 0.990, 0.970, …, 0.610 (the k-th at 0.99 − 0.02 (k − 1)).
     * Reaching x % quality needs x − 80 of the 20 strong: COST 90 % → 10 (0.810), 95 % → 15 (0.710),
     * BALANCED 95 % → 0.710, 97.5 % → 18 (0.650), QUALITY 98 % → 18 (0.650), 99 % → 19 (0.630).
     */
    private static ThresholdCalibration hundred() {
        List<Scored> rows = new ArrayList<>();
        for (int k = 1; k <= 20; k++) {
            rows.add(new Scored((990 - 20 * (k - 1)) / 1000.0, 0, 1, 1, 10));
        }
        for (int i = 0; i < 80; i++) {
            rows.add(new Scored(0.3, 1, 1, 1, 10));
        }
        return new ThresholdCalibration(rows);
    }

    @Test
    void eachModeKeepsItsQualityShareAndCheaperModesHaveHigherThresholds() {
        ThresholdCalibration calibration = hundred();
        // quality with k of the 20 strong-only prompts sent strong is (80 + k) / 100: cost keeps 85 % (k = 5,
        // the 5th score 0.91) and 92.5 % below light (k = 13, 0.75); balanced 90 % / 95 % (0.81 / 0.71);
        // quality 95 % / 97.5 % (0.71 / 0.65)
        assertThat(calibration.fit(Mode.COST, 1)).isEqualTo(new TierThresholds(0.75, 0.91));
        assertThat(calibration.fit(Mode.BALANCED, 1)).isEqualTo(new TierThresholds(0.71, 0.81));
        assertThat(calibration.fit(Mode.QUALITY, 1)).isEqualTo(new TierThresholds(0.65, 0.71));
        // the figures of the balanced fit: 10 of 100 strong, 90 % quality, half the gap, cost 100 + 10 × 9 of 1000
        assertRow(calibration.at(0.81), 0.81, 0.1, 0.9, 0.5, 0.19);
        for (Mode mode : Mode.values()) {
            assertThat(calibration.at(calibration.fit(mode, 1).heavyFrom()).quality()).as(mode.wireName())
                    .isGreaterThanOrEqualTo(mode.heavyQuality());
        }
    }

    @Test
    void theLightThresholdNeverExceedsTheCapNorTheHeavyThreshold() {
        ThresholdCalibration calibration = hundred();
        // the classifier's tools floor caps every light threshold
        assertThat(calibration.fit(Mode.COST, 0.45)).isEqualTo(new TierThresholds(0.45, 0.91));
        assertThat(calibration.fit(Mode.QUALITY, 0.45)).isEqualTo(new TierThresholds(0.45, 0.71));
        // the weak model alone is good enough: heavy from 1, light up to the cap
        ThresholdCalibration easy = new ThresholdCalibration(List.of(new Scored(0.2, 1, 1, 1, 10), new Scored(0.6, 1, 1, 1, 10)));
        assertThat(easy.fit(Mode.QUALITY, 0.45)).isEqualTo(new TierThresholds(0.45, 1));
        // everything must go strong: no light tier, everything heavy
        ThresholdCalibration hard = new ThresholdCalibration(List.of(new Scored(0.2, 0, 1, 1, 10), new Scored(0.6, 0, 1, 1, 10)));
        assertThat(hard.fit(Mode.COST, 0.45)).isEqualTo(new TierThresholds(0, 0));
    }

    @Test
    void nothingToCalibrateOnIsRefused() {
        assertThatThrownBy(() -> new ThresholdCalibration(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdCalibration(List.of(new Scored(0.5, 1, 0, 1, 10))))
                .as("the strong model has no quality").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThresholdCalibration(List.of(new Scored(0.5, 0, 1, 0, 0))))
                .as("nor any cost").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scored(1.5, 0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scored(0.5, -1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Scored(0.5, 0, 1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
