package com.gaterouter.common.spend.allowance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SliceSizerTest {

    private final SliceSizer sizer = new SliceSizer(0.1, 2, 1_000_000, 4);

    @Test
    void farFromTheLimitASliceIsAShareOfTheRoomAmongInstances() {
        // 10 % of 5,000,000 shared by 2 instances
        assertThat(sizer.size(5_000_000, 1_000)).isEqualTo(250_000);
    }

    @Test
    void aSliceIsCappedAtMaxSlice() {
        assertThat(sizer.size(500_000_000, 1_000)).isEqualTo(1_000_000);
    }

    @Test
    void aBusyInstancesExpectedDrawLiftsTheCapButNeverTheRoomsShare() {
        // far from the limit: 4 s of draw at 500,000/s replaces the cap of 1,000,000
        assertThat(sizer.size(500_000_000, 1_000, 2_000_000)).isEqualTo(2_000_000);
        // below the cap it changes nothing
        assertThat(sizer.size(500_000_000, 1_000, 10)).isEqualTo(1_000_000);
        // the share of the room (10 % of 5,000,000 / 2) still bounds it
        assertThat(sizer.size(5_000_000, 1_000, 2_000_000)).isEqualTo(250_000);
        // and near the limit it is one worst case, whatever the rate
        assertThat(sizer.size(3_999, 1_000, 2_000_000)).isEqualTo(1_000);
    }

    @Test
    void aSliceIsNeverBelowOneWorstCase() {
        // 10 % / 2 of 10,000 is 500, below the worst case of 1,000
        assertThat(sizer.size(10_000, 1_000)).isEqualTo(1_000);
    }

    @Test
    void nearTheLimitASliceIsExactlyOneWorstCase() {
        assertThat(sizer.size(3_999, 1_000)).isEqualTo(1_000);
        assertThat(sizer.size(1_000, 1_000)).isEqualTo(1_000);
        // at nearFactor × worst case the share rule applies again (and is clamped up to one worst case)
        assertThat(new SliceSizer(1.0, 1, 1_000_000, 4).size(4_000, 1_000)).isEqualTo(4_000);
        assertThat(new SliceSizer(1.0, 1, 1_000_000, 4).size(3_999, 1_000)).isEqualTo(1_000);
    }

    @Test
    void nothingWhenTheRoomCannotHoldTheWorstCase() {
        assertThat(sizer.size(999, 1_000)).isZero();
        assertThat(sizer.size(0, 1)).isZero();
    }

    @Test
    void aSliceNeverExceedsTheRoom() {
        SliceSizer greedy = new SliceSizer(1.0, 1, Long.MAX_VALUE, 1);
        assertThat(greedy.size(7_777, 10)).isEqualTo(7_777);
        assertThat(greedy.size(Long.MAX_VALUE, 10)).isLessThanOrEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> sizer.size(1_000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SliceSizer(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SliceSizer(0.1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
