package com.gaterouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TierThresholdsTest {

    @Test
    void tiersByScore() {
        TierThresholds thresholds = new TierThresholds(0.3, 0.6);
        assertThat(thresholds.tierOf(0.0)).isEqualTo(Tier.LIGHT);
        assertThat(thresholds.tierOf(0.2999)).isEqualTo(Tier.LIGHT);
        assertThat(thresholds.tierOf(0.3)).isEqualTo(Tier.STANDARD);
        assertThat(thresholds.tierOf(0.6)).isEqualTo(Tier.HEAVY);
        assertThat(new TierThresholds(0.5, 0.5).tierOf(0.5)).isEqualTo(Tier.HEAVY);
    }

    @Test
    void presetsAreOrderedCostBalancedQuality() {
        assertThat(TierThresholds.COST.lightBelow()).isGreaterThan(TierThresholds.BALANCED.lightBelow());
        assertThat(TierThresholds.QUALITY.lightBelow()).isLessThan(TierThresholds.BALANCED.lightBelow());
        assertThat(TierThresholds.COST.heavyFrom()).isGreaterThan(TierThresholds.BALANCED.heavyFrom());
        assertThat(TierThresholds.QUALITY.heavyFrom()).isLessThan(TierThresholds.BALANCED.heavyFrom());
        assertThat(TierThresholds.preset("Cost")).contains(TierThresholds.COST);
        assertThat(TierThresholds.preset("quality")).contains(TierThresholds.QUALITY);
        assertThat(TierThresholds.preset("cheap")).isEmpty();
    }

    @Test
    void rejectsInvertedOrOutOfRangeThresholds() {
        assertThatThrownBy(() -> new TierThresholds(0.7, 0.6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TierThresholds(-0.1, 0.6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TierThresholds(0.1, 1.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
