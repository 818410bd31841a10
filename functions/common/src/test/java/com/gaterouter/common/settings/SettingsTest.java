package com.gaterouter.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.rollup.RollupService;
import com.gaterouter.common.tables.GatewayTable;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void aRequiredVariableThatIsMissingOrBlankFailsNamingIt() {
        assertThatThrownBy(() -> Settings.of(Map.of()).required("EVENT_BUS_NAME"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("environment variable EVENT_BUS_NAME is not set (template.yaml sets it)");
        assertThatThrownBy(() -> Settings.of(Map.of("EVENT_BUS_NAME", "  ")).required("EVENT_BUS_NAME"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EVENT_BUS_NAME");
        assertThat(Settings.of(Map.of("EVENT_BUS_NAME", " bus ")).required("EVENT_BUS_NAME")).isEqualTo("bus");
    }

    @Test
    void aTableNameComesFromItsOwnVariable() {
        Settings settings = Settings.of(Map.of("ROLLUPS_TABLE", "gr-rollups"));
        assertThat(settings.table(GatewayTable.ROLLUPS)).isEqualTo("gr-rollups");
        assertThatThrownBy(() -> settings.table(GatewayTable.SPEND)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SPEND_TABLE");
    }

    @Test
    void tablesGivenDirectlyReplaceTheirVariables() {
        Settings settings = Settings.of(Map.of("ROLLUPS_TABLE", "from-env", "EVENT_BUS_NAME", "bus"))
                .withTables(Map.of(GatewayTable.ROLLUPS, "from-template", GatewayTable.USAGE, "usage"));
        assertThat(settings.table(GatewayTable.ROLLUPS)).isEqualTo("from-template");
        assertThat(settings.table(GatewayTable.USAGE)).isEqualTo("usage");
        assertThat(settings.required("EVENT_BUS_NAME")).isEqualTo("bus");
    }

    @Test
    void usageRetentionIs400DaysByDefaultAndAtLeastOneDay() {
        assertThat(Settings.of(Map.of()).usageRetention()).isEqualTo(Duration.ofDays(400));
        assertThat(Settings.of(Map.of("USAGE_RETENTION_DAYS", "30")).usageRetention()).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> Settings.of(Map.of("USAGE_RETENTION_DAYS", "0")).usageRetention())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("USAGE_RETENTION_DAYS must be between 1 and 36500, not 0");
        assertThatThrownBy(() -> Settings.of(Map.of("USAGE_RETENTION_DAYS", "a year")).usageRetention())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("USAGE_RETENTION_DAYS must be a whole number, not 'a year'");
    }

    @Test
    void theRollupLateWindowDefaultsToTheServicesAndIsBounded() {
        assertThat(Settings.of(Map.of()).rollupLateWindow()).isEqualTo(RollupService.DEFAULT_LATE_WINDOW);
        assertThat(Settings.of(Map.of("ROLLUP_LATE_WINDOW_MINUTES", "2880")).rollupLateWindow()).isEqualTo(Duration.ofHours(48));
        assertThat(Settings.of(Map.of("ROLLUP_LATE_WINDOW_MINUTES", "0")).rollupLateWindow()).isZero();
        assertThatThrownBy(() -> Settings.of(Map.of("ROLLUP_LATE_WINDOW_MINUTES", "-5")).rollupLateWindow())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ROLLUP_LATE_WINDOW_MINUTES");
    }

    @Test
    void secondsAreWholeAndWithinTheirBounds() {
        Settings settings = Settings.of(Map.of("L", " 5 ", "Z", "0", "F", "2.5"));
        assertThat(settings.seconds("L", Duration.ofSeconds(24), 1, 900)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.seconds("UNSET", Duration.ofSeconds(24), 1, 900)).isEqualTo(Duration.ofSeconds(24));
        assertThat(settings.optionalSeconds("UNSET", 1, 900)).isEmpty();
        assertThatThrownBy(() -> settings.seconds("Z", Duration.ofSeconds(24), 1, 900))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Z must be between 1 and 900 seconds, not 0");
        assertThatThrownBy(() -> settings.optionalSeconds("F", 1, 900))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("F must be a whole number of seconds, not '2.5'");
    }

    @Test
    void decimalsAreNumbersWithinTheirBounds() {
        Settings settings = Settings.of(Map.of("R", "12.5", "N", "NaN", "X", "fast"));
        assertThat(settings.decimal("R", 80, 0, 1_000)).isEqualTo(12.5);
        assertThat(settings.decimal("UNSET", 80, 0, 1_000)).isEqualTo(80);
        assertThatThrownBy(() -> settings.decimal("N", 80, 0, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("N must be between 0.0 and 1000.0, not NaN");
        assertThatThrownBy(() -> settings.decimal("X", 80, 0, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("X must be a number, not 'fast'");
    }

    @Test
    void aSwitchIsOnOrOff() {
        Settings settings = Settings.of(Map.of("A", "OFF", "B", "true", "C", "sometimes"));
        assertThat(settings.onOff("A", true)).isFalse();
        assertThat(settings.onOff("B", false)).isTrue();
        assertThat(settings.onOff("UNSET", true)).isTrue();
        assertThatThrownBy(() -> settings.onOff("C", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("C is on or off, not sometimes");
    }
}
