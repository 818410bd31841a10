package com.gaterouter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.testing.EmulatorChoice.Preference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentest4j.TestAbortedException;

class EmulatorChoiceTest {

    @ParameterizedTest(name = "docker={0} moto={1} CI={2} -> {3}")
    @CsvSource({
            "true,  true,  false, localstack",
            "true,  false, true,  localstack",
            "false, true,  false, moto",
            "false, true,  true,  moto",
            "false, false, false, skip",
            "false, false, true,  fail"})
    void autoPrefersLocalStackThenMotoThenSkipsOrFailsByCi(boolean docker, boolean moto, boolean ci, String expected) {
        EmulatorChoice choice = EmulatorChoice.decide(Preference.AUTO, new FakeHost(docker, moto, ci));

        assertThat(outcome(choice)).isEqualTo(expected);
    }

    @Test
    void withoutAnyEmulatorUnderCiTheTestFailsNamingWhatIsMissing() {
        var choice = (EmulatorChoice.Unavailable) EmulatorChoice.decide(Preference.AUTO, new FakeHost(false, false, true));

        RuntimeException exception = choice.toException();

        assertThat(exception).isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("Docker")
                .hasMessageContaining("moto_server is not on PATH");
    }

    @Test
    void withoutAnyEmulatorLocallyTheTestIsSkippedNamingWhatIsMissing() {
        var choice = (EmulatorChoice.Unavailable) EmulatorChoice.decide(Preference.AUTO, new FakeHost(false, false, false));

        assertThat(choice.toException()).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("Docker")
                .hasMessageContaining("moto_server is not on PATH");
    }

    @Test
    void dockerIsAskedFirstAndMotoOnlyWhenDockerIsMissing() {
        FakeHost withDocker = new FakeHost(true, true, false);
        FakeHost withoutDocker = new FakeHost(false, true, false);

        EmulatorChoice.decide(Preference.AUTO, withDocker);
        EmulatorChoice.decide(Preference.AUTO, withoutDocker);

        assertThat(withDocker.asked).containsExactly("docker");
        assertThat(withoutDocker.asked).containsExactly("docker", "moto");
    }

    @Test
    void forcingMotoNeverProbesDocker() {
        FakeHost host = new FakeHost(true, true, false);

        assertThat(EmulatorChoice.decide(Preference.MOTO, host)).isInstanceOf(EmulatorChoice.UseMoto.class);
        assertThat(host.asked).containsExactly("moto");
    }

    @Test
    void aForcedEmulatorThatIsMissingDoesNotFallBackToTheOther() {
        assertThat(outcome(EmulatorChoice.decide(Preference.LOCALSTACK, new FakeHost(false, true, true))))
                .isEqualTo("fail");
        assertThat(outcome(EmulatorChoice.decide(Preference.MOTO, new FakeHost(true, false, false))))
                .isEqualTo("skip");
    }

    @Test
    void preferenceParsesCaseInsensitivelyAndDefaultsToAuto() {
        assertThat(Preference.parse(null)).isEqualTo(Preference.AUTO);
        assertThat(Preference.parse(" ")).isEqualTo(Preference.AUTO);
        assertThat(Preference.parse("Moto")).isEqualTo(Preference.MOTO);
        assertThat(Preference.parse("localstack")).isEqualTo(Preference.LOCALSTACK);
        assertThatThrownBy(() -> Preference.parse("podman"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localstack, moto or auto");
    }

    private static String outcome(EmulatorChoice choice) {
        return switch (choice) {
            case EmulatorChoice.UseLocalStack l -> "localstack";
            case EmulatorChoice.UseMoto m -> "moto";
            case EmulatorChoice.Unavailable u -> u.toException() instanceof TestAbortedException ? "skip" : "fail";
        };
    }

    /** Fixed answers; records which questions were asked, in order. */
    private static final class FakeHost implements EmulatorChoice.Host {
        private final boolean docker;
        private final boolean moto;
        private final boolean ci;
        private final List<String> asked = new ArrayList<>();

        FakeHost(boolean docker, boolean moto, boolean ci) {
            this.docker = docker;
            this.moto = moto;
            this.ci = ci;
        }

        @Override
        public boolean dockerAvailable() {
            asked.add("docker");
            return docker;
        }

        @Override
        public boolean motoServerOnPath() {
            asked.add("moto");
            return moto;
        }

        @Override
        public boolean ci() {
            return ci;
        }
    }
}
