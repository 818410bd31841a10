package com.gaterouter.routing.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RoutingMetricsTest {

    /** 10 prompts: 3 need the strong model (weak 0, strong 1), 7 both models answer (1, 1). */
    private static final RoutingMetrics METRICS = new RoutingMetrics(new RoutingMetrics.Outcomes(
            new double[] {0, 0, 0, 1, 1, 1, 1, 1, 1, 1},
            new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
            new boolean[] {true, true, true, false, false, false, false, false, false, false},
            new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
            new double[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}));
    private static final double[] PERFECT = {0.9, 0.8, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    private static final double[] REVERSED = {0.1, 0.2, 0.3, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
    private static final double[] CONSTANT = new double[10];

    @Test
    void aPerfectRouter() {
        RoutingMetrics.RouterMetrics m = METRICS.evaluate(PERFECT, 0.3);
        assertThat(m.auc()).isEqualTo(1.0);
        // PGR reaches 1 at 30 % strong: area = 0.3 * 0.5 + 0.7 * 1
        assertThat(m.apgr()).isCloseTo(0.85, within(1e-9));
        // 95 % of quality 1.0 needs 0.95 from 0.7: two of the three prompts (0.25 / 0.1 per prompt)
        assertThat(m.shareAtTarget()).isCloseTo(0.25, within(1e-9));
        assertThat(m.falseCheap()).isCloseTo(0.0, within(1e-9));
        // 25 % strong: 2.5 prompts at 10, 7.5 at 1 = 32.5 of 100
        assertThat(m.costSaved()).isCloseTo(0.675, within(1e-9));
    }

    @Test
    void aReversedRouter() {
        RoutingMetrics.RouterMetrics m = METRICS.evaluate(REVERSED, 0.3);
        assertThat(m.auc()).isEqualTo(0.0);
        assertThat(m.apgr()).isCloseTo(0.15, within(1e-9));
        assertThat(m.shareAtTarget()).isCloseTo(0.95, within(1e-9));
        assertThat(m.falseCheap()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aConstantRouterIsTheExpectationOfRandomRouting() {
        RoutingMetrics.RouterMetrics m = METRICS.evaluate(CONSTANT, 0.3);
        assertThat(m.auc()).isCloseTo(0.5, within(1e-9));
        assertThat(m.apgr()).isCloseTo(0.5, within(1e-9));
        // quality rises linearly from 0.7 to 1.0
        assertThat(m.shareAtTarget()).isCloseTo(0.25 / 0.3, within(1e-9));
        assertThat(m.falseCheap()).isCloseTo(0.7, within(1e-9));
    }

    @Test
    void tiesInsideABlockCountProRata() {
        double[] halfTied = {0.9, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1};
        RoutingMetrics.Curve curve = METRICS.curve(halfTied);
        // first prompt certain; the two other positives among the four tied at 0.5
        assertThat(curve.falseCheap(0.3)).isCloseTo(1 - (1 + 2 * 0.5) / 3, within(1e-9));
        assertThat(curve.auc()).isCloseTo((7 + 2 * (5 + 0.5 * 2)) / 21.0, within(1e-9));
    }

    @Test
    void evaluationBeatsNeedsEveryMetric() {
        RoutingMetrics.RouterMetrics perfect = METRICS.evaluate(PERFECT, 0.25);
        RoutingMetrics.RouterMetrics random = METRICS.evaluate(CONSTANT, 0.25);
        assertThat(perfect.beats(random)).isTrue();
        assertThat(random.beats(perfect)).isFalse();
        assertThat(perfect.beats(perfect)).isFalse();
    }
}
