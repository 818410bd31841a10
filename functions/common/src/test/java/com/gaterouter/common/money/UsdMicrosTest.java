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
    void aDiscountAppliesOnceToTheExactSumBeforeTheOneRounding() {
        // 1,234 × 150,000 + 567 × 600,000 = 185,100,000 + 340,200,000 = 525,300,000 (micro-USD × 1M)
        // 15 % off (1,500 bps): 525,300,000 × 8,500 = 4,465,050,000,000; / 10,000 / 1,000,000 = 446.505 → 447
        // (rounding first and discounting after would give 525 × 0.85 = 446.25 → 446: one rounding only)
        assertThat(UsdMicros.discountedCostOf(1_500, 1_234, 150_000, 567, 600_000)).isEqualTo(447);
        assertThat(UsdMicros.discountedCostOf(0, 1_234, 150_000, 567, 600_000)).isEqualTo(UsdMicros.costOf(1_234, 150_000, 567, 600_000));
        // 1 × 1,000,000 × 5,000 / 10^10 = 0.5 → 1 (half up); 4,999 bps off: 0.5001 → 1; 5,001 bps off: 0.4999 → 0
        assertThat(UsdMicros.discountedCostOf(5_000, 1, 1_000_000)).isEqualTo(1);
        assertThat(UsdMicros.discountedCostOf(5_001, 1, 1_000_000)).isZero();
        assertThat(UsdMicros.discountedCostOf(10_000, 1_000_000, 1_000_000)).isZero(); // free
        // exact where a long product would overflow: (2^63 − 1) × 2 = 18,446,744,073,709,551,614 / 10^6 = 18,446,744,073,709.55 → ...710
        assertThat(UsdMicros.discountedCostOf(0, Long.MAX_VALUE, 2)).isEqualTo(18_446_744_073_710L);
        assertThatThrownBy(() -> UsdMicros.discountedCostOf(10_001, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsdMicros.discountedCostOf(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsdMicros.discountedCostOf(0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
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
    }

    @Test
    void showsAmountsToPeopleExactlyWithAtLeastCents() {
        assertThat(UsdMicros.toDisplay(500_000_000)).isEqualTo("$500.00");
        assertThat(UsdMicros.toDisplay(1_500_000)).isEqualTo("$1.50");
        assertThat(UsdMicros.toDisplay(995_000)).isEqualTo("$0.995");
        assertThat(UsdMicros.toDisplay(12_300)).isEqualTo("$0.0123");
        assertThat(UsdMicros.toDisplay(308)).isEqualTo("$0.000308");
        assertThat(UsdMicros.toDisplay(4_995_000)).isEqualTo("$4.995");
        assertThat(UsdMicros.toDisplay(1_234_567)).isEqualTo("$1.234567");
        assertThat(UsdMicros.toDisplay(0)).isEqualTo("$0.00");
        assertThat(UsdMicros.toDisplay(-1_000_000)).isEqualTo("-$1.00");
        assertThat(UsdMicros.toDisplay(-308)).isEqualTo("-$0.000308");
    }

    @Test
    void roundsToCentsOnlyWhenAskedTo() {
        assertThat(UsdMicros.roundedToCents(513_874_833)).isEqualTo(513_870_000);
        assertThat(UsdMicros.roundedToCents(513_875_000)).isEqualTo(513_880_000);
        assertThat(UsdMicros.roundedToCents(4_999)).isZero();
        assertThat(UsdMicros.roundedToCents(5_000)).isEqualTo(10_000);
        assertThat(UsdMicros.roundedToCents(-5_000)).isEqualTo(-10_000);
        assertThat(UsdMicros.toDisplay(UsdMicros.roundedToCents(513_874_833))).isEqualTo("$513.87");
    }
}
