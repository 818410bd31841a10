package com.gaterouter.common.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsdMicrosTest {

    @Test
    void costSumsExactProductsBeforeRoundingOnce() {
        // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output → 150_000 and 600_000 micro-USD per 1M tokens
        // 1,234 input + 567 output = 185.1 + 340.2 = 525.3 micro-USD → 525
        assertThat(UsdMicros.costOf(1_234, 150_000, 567, 600_000)).isEqualTo(525);
        // each part alone would round 185.1 → 185 and 340.2 → 340 = 525 too; but 0.5 + 0.5 must make 1, not 0 or 2
        assertThat(UsdMicros.costOf(5, 100_000, 5, 100_000)).isEqualTo(1);
        assertThat(UsdMicros.costOf(5, 100_000)).isEqualTo(1); // 0.5 rounds half up
        assertThat(UsdMicros.costOf(4, 100_000)).isZero();     // 0.4 rounds down
        assertThat(UsdMicros.costOf()).isZero();
    }

    @Test
    void rejectsNegativeAndOddInput() {
        assertThatThrownBy(() -> UsdMicros.costOf(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsdMicros.costOf(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsdMicros.costOf(Long.MAX_VALUE, 2)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void parsesAndFormatsWithoutFloatingPoint() {
        assertThat(UsdMicros.parseUsd("0.15")).isEqualTo(150_000);
        assertThat(UsdMicros.parseUsd("500")).isEqualTo(500_000_000);
        assertThatThrownBy(() -> UsdMicros.parseUsd("0.0000001")).isInstanceOf(IllegalArgumentException.class);
        assertThat(UsdMicros.toDecimalString(525)).isEqualTo("0.000525");
        assertThat(UsdMicros.toDecimalString(1_234_567)).isEqualTo("1.234567");
        assertThat(UsdMicros.toDisplay(500_000_000)).isEqualTo("$500.00");
        assertThat(UsdMicros.toDisplay(4_995_000)).isEqualTo("$5.00");
        assertThat(UsdMicros.toDisplay(-1_000_000)).isEqualTo("-$1.00");
    }
}
