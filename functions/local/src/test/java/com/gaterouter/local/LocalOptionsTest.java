package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {

    /** The form the gateway makes: gr- and 43 URL-safe base64 characters. */
    private static final String DEMO = "gr-" + "d".repeat(40) + "_-9";
    private static final String ADMIN = "gr-" + "A".repeat(LocalOptions.MIN_KEY_CHARACTERS);

    @Test
    void defaultsThenEnvironmentThenFlags() {
        assertThat(LocalOptions.parse(new String[0], Map.of()).port()).isEqualTo(8080);
        assertThat(LocalOptions.parse(new String[0], Map.of("GATEROUTER_PORT", "9000")).port()).isEqualTo(9000);
        LocalOptions options = LocalOptions.parse(new String[] {"--port", "9100", "--data-dir", "/tmp/gr"},
                Map.of("GATEROUTER_PORT", "9000", "GATEROUTER_DEMO_API_KEY", DEMO, "GATEROUTER_ADMIN_KEY", " "));
        assertThat(options.port()).isEqualTo(9100);
        assertThat(options.dataDir()).contains(Path.of("/tmp/gr"));
        assertThat(options.demoApiKey()).contains(DEMO);
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

    @Test
    void theGatewayListensOnLoopbackUnlessAHostIsChosen() throws Exception {
        LocalOptions defaults = LocalOptions.parse(new String[0], Map.of());
        assertThat(defaults.host().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.beyondLoopback()).isFalse();
        assertThat(new LocalOptions(0, Optional.empty(), Optional.empty(), Optional.empty(), false).host())
                .as("the constructor without a host").isEqualTo(LocalOptions.LOOPBACK);

        LocalOptions everywhere = LocalOptions.parse(new String[] {"--host", "0.0.0.0"}, Map.of());
        assertThat(everywhere.host().isAnyLocalAddress()).isTrue();
        assertThat(everywhere.beyondLoopback()).isTrue();
        assertThat(LocalOptions.parse(new String[] {"--host=::"}, Map.of()).host().isAnyLocalAddress()).isTrue();
        assertThat(LocalOptions.parse(new String[] {"--host", "::1"}, Map.of()).host()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(LocalOptions.parse(new String[0], Map.of("GATEROUTER_HOST", "0.0.0.0")).beyondLoopback()).isTrue();
        assertThat(LocalOptions.parse(new String[] {"--host", "127.0.0.1"}, Map.of("GATEROUTER_HOST", "0.0.0.0")).beyondLoopback())
                .as("the flag wins over the variable").isFalse();
        assertThat(LocalOptions.parse(new String[0], Map.of("GATEROUTER_HOST", " ")).host()).isEqualTo(LocalOptions.LOOPBACK);
    }

    @Test
    void aHostMustBeAnAddressOfThisMachine() {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never an interface's address
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--host", "192.0.2.1"}, Map.of()))
                .hasMessageStartingWith("--host must be an address of this machine").hasMessageEndingWith("not '192.0.2.1'");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--host", "no such host.invalid"}, Map.of()))
                .hasMessageStartingWith("--host must be an address of this machine");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--host="}, Map.of())).hasMessageStartingWith("--host must be");
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("GATEROUTER_HOST", "192.0.2.1")))
                .hasMessageStartingWith("GATEROUTER_HOST must be an address of this machine");
        assertThatThrownBy(() -> LocalOptions.parse(new String[] {"--host"}, Map.of())).hasMessage("--host needs a value");
    }

    @Test
    void keysFromTheEnvironmentMustHaveTheGatewaysForm() {
        assertThat(LocalOptions.parse(new String[0], Map.of("GATEROUTER_ADMIN_KEY", ADMIN, "GATEROUTER_DEMO_API_KEY", DEMO)).adminKey())
                .contains(ADMIN);
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("GATEROUTER_ADMIN_KEY", "x")))
                .hasMessageStartingWith("GATEROUTER_ADMIN_KEY does not start with gr-: a key must be gr- followed by at least 32 characters")
                .hasMessageContaining("Make one with: echo");
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("GATEROUTER_ADMIN_KEY", "gr-a")))
                .hasMessageStartingWith("GATEROUTER_ADMIN_KEY has only 1 character after gr-");
        String oneShort = "gr-" + "k".repeat(LocalOptions.MIN_KEY_CHARACTERS - 1);
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("GATEROUTER_DEMO_API_KEY", oneShort)))
                .hasMessageStartingWith("GATEROUTER_DEMO_API_KEY has only 31 characters after gr-")
                .hasMessageNotContaining(oneShort);
        String spaced = "gr-" + "k".repeat(20) + " " + "k".repeat(20);
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("GATEROUTER_DEMO_API_KEY", spaced)))
                .hasMessageStartingWith("GATEROUTER_DEMO_API_KEY has a character other than A-Z, a-z, 0-9, '-' and '_' after gr-");
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("GATEROUTER_DEMO_API_KEY", "gr-" + "k".repeat(201))))
                .hasMessageStartingWith("GATEROUTER_DEMO_API_KEY is longer than 200 characters");
        assertThatThrownBy(() -> LocalOptions.parse(new String[0], Map.of("GATEROUTER_DEMO_API_KEY", ADMIN, "GATEROUTER_ADMIN_KEY", ADMIN)))
                .hasMessage("GATEROUTER_ADMIN_KEY and GATEROUTER_DEMO_API_KEY must differ");
        assertThatThrownBy(() -> new LocalOptions(0, Optional.empty(), Optional.empty(), Optional.of("gr-short"), false))
                .as("however the options are made").hasMessageStartingWith("GATEROUTER_ADMIN_KEY has only 5 characters");
    }

    @Test
    void aKeyTheDocsSuggestMakingPasses() throws Exception {
        Process bash = new ProcessBuilder("bash", "--noprofile", "--norc", "-c", LocalOptions.MAKE_A_KEY).start();
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String made = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(made).startsWith("gr-").hasSize(46);
        assertThat(LocalOptions.parse(new String[0], Map.of("GATEROUTER_ADMIN_KEY", made)).adminKey()).contains(made);
    }

    @Test
    void aRefusedKeyStopsTheStartWithExitCode2AndTheReason() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = LocalGateway.run(new String[0], Map.of("GATEROUTER_ADMIN_KEY", "gr-1"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gaterouter: GATEROUTER_ADMIN_KEY has only 1 character after gr-")
                .contains("Usage:");
    }
}
