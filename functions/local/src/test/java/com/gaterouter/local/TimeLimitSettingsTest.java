package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local gateway's request time limits and the simulator's directive switch, as read from the environment. */
class TimeLimitSettingsTest {

    @Test
    void theDocumentedLimitsApplyByDefault() {
        assertThat(LocalGateway.timeLimit(Map.of(), LocalGateway.REQUEST_TIME_LIMIT, LocalGateway.DEFAULT_REQUEST_TIME_LIMIT))
                .isEqualTo(Duration.ofSeconds(24));
        assertThat(LocalGateway.timeLimit(Map.of(), LocalGateway.STREAM_TIME_LIMIT, LocalGateway.DEFAULT_STREAM_TIME_LIMIT))
                .isEqualTo(Duration.ofSeconds(840));
    }

    @Test
    void aLimitIsWholeSecondsFrom1To900() {
        assertThat(LocalGateway.timeLimit(Map.of("L", " 5 "), "L", Duration.ofSeconds(24))).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> LocalGateway.timeLimit(Map.of("L", "0"), "L", Duration.ofSeconds(24)))
                .hasMessage("L must be between 1 and 900 seconds, not 0");
        assertThatThrownBy(() -> LocalGateway.timeLimit(Map.of("L", "901"), "L", Duration.ofSeconds(24)))
                .hasMessageContaining("between 1 and 900");
        assertThatThrownBy(() -> LocalGateway.timeLimit(Map.of("L", "2.5"), "L", Duration.ofSeconds(24)))
                .hasMessage("L must be a whole number of seconds, not '2.5'");
    }

    @Test
    void theSimulatorObeysDirectivesUnlessSwitchedOff() {
        assertThat(LocalGateway.simulatorConfig(Map.of()).directives()).isTrue();
        assertThat(LocalGateway.simulatorConfig(Map.of("GATEROUTER_SIM_DIRECTIVES", "off")).directives()).isFalse();
        assertThatThrownBy(() -> LocalGateway.simulatorConfig(Map.of("GATEROUTER_SIM_DIRECTIVES", "sometimes")))
                .hasMessageContaining("on or off");
    }
}
