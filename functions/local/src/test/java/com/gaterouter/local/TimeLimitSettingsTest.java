package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.router.RouterSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The local gateway's router settings (time limits, key cache, metering) and the simulator's switches, as read from the environment. */
class TimeLimitSettingsTest {

    private static RouterSettings routerSettings(Map<String, String> env) {
        return LocalGateway.routerSettings(Settings.of(env).withTables(Arrays.stream(GatewayTable.values())
                .collect(Collectors.toMap(Function.identity(), table -> "local-" + table.logicalId()))));
    }

    @Test
    void theDocumentedLimitsApplyByDefault() {
        RouterSettings settings = routerSettings(Map.of());
        assertThat(settings.requestTimeLimit()).contains(Duration.ofSeconds(24));
        assertThat(settings.streamTimeLimit()).contains(Duration.ofSeconds(840));
        assertThat(settings.keyCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.metering()).isTrue();
        assertThat(settings.usageRetention()).isEqualTo(Duration.ofDays(400));
        assertThat(settings.spendTable()).contains("local-SpendTable");
    }

    @Test
    void aLimitIsWholeSecondsFrom1To900() {
        assertThat(routerSettings(Map.of(LocalGateway.REQUEST_TIME_LIMIT, " 5 ")).requestTimeLimit()).contains(Duration.ofSeconds(5));
        assertThatThrownBy(() -> routerSettings(Map.of(LocalGateway.STREAM_TIME_LIMIT, "0")))
                .hasMessage(LocalGateway.STREAM_TIME_LIMIT + " must be between 1 and 900 seconds, not 0");
        assertThatThrownBy(() -> routerSettings(Map.of(LocalGateway.REQUEST_TIME_LIMIT, "901")))
                .hasMessageContaining("between 1 and 900");
        assertThatThrownBy(() -> routerSettings(Map.of(LocalGateway.REQUEST_TIME_LIMIT, "2.5")))
                .hasMessage(LocalGateway.REQUEST_TIME_LIMIT + " must be a whole number of seconds, not '2.5'");
    }

    @Test
    void theKeyCacheAndMeteringSwitchesAreRead() {
        RouterSettings settings = routerSettings(Map.of(LocalGateway.KEY_CACHE_TTL, "0", "GATEROUTER_METERING", "off"));
        assertThat(settings.keyCacheTtl()).isZero();
        assertThat(settings.metering()).isFalse();
        assertThatThrownBy(() -> routerSettings(Map.of(LocalGateway.KEY_CACHE_TTL, "61"))).hasMessageContaining("between 0 and 60");
    }

    @Test
    void theSimulatorObeysDirectivesUnlessSwitchedOff() {
        assertThat(LocalGateway.simulatorConfig(Map.of()).directives()).isTrue();
        assertThat(LocalGateway.simulatorConfig(Map.of("GATEROUTER_SIM_DIRECTIVES", "off")).directives()).isFalse();
        assertThatThrownBy(() -> LocalGateway.simulatorConfig(Map.of("GATEROUTER_SIM_DIRECTIVES", "sometimes")))
                .hasMessageContaining("on or off");
    }
}
