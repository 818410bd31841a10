package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {

    @Test
    void defaultsThenEnvironmentThenFlags() {
        assertThat(LocalOptions.parse(new String[0], Map.of()).port()).isEqualTo(8080);
        assertThat(LocalOptions.parse(new String[0], Map.of("GATEROUTER_PORT", "9000")).port()).isEqualTo(9000);
        LocalOptions options = LocalOptions.parse(new String[] {"--port", "9100", "--data-dir", "/tmp/gr"},
                Map.of("GATEROUTER_PORT", "9000", "GATEROUTER_DEMO_API_KEY", "gr-demo", "GATEROUTER_ADMIN_KEY", " "));
        assertThat(options.port()).isEqualTo(9100);
        assertThat(options.dataDir()).contains(Path.of("/tmp/gr"));
        assertThat(options.demoApiKey()).contains("gr-demo");
        assertThat(options.adminKey()).isEmpty();
        assertThat(LocalOptions.parse(new String[] {"--port=0"}, Map.of()).port()).isZero();
    }

    @Test
    void badInputIsExplained() {
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--port", "http"}, Map.of()))
                .hasMessage("--port must be a port number (0-65535), not 'http'");
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("GATEROUTER_PORT", "70000")))
                .hasMessageContaining("GATEROUTER_PORT");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--verbose"}, Map.of())).hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--port"}, Map.of())).hasMessage("--port needs a value");
    }
}
