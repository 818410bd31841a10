package com.gaterouter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.testing.EmulatorChoice.Preference;
import org.junit.jupiter.api.Test;

/** The one line a test run prints about its AWS emulator names what ran, or what was missing and what that means. */
class AwsEmulatorAnnouncementTest {

    @Test
    void withoutAnEmulatorLocallyTheLineSaysWhatIsMissingAndThatTheTestsAreSkipped() {
        String line = AwsEmulatorExtension.announcement(Preference.AUTO, new EmulatorChoice.Unavailable(
                EmulatorChoice.NO_DOCKER + " and " + EmulatorChoice.NO_MOTO, false));

        assertThat(line).startsWith("[gaterouter] AWS emulator for this test run: none (")
                .contains("no Docker engine answered", "moto_server is not on PATH")
                .endsWith("are skipped")
                .doesNotContain("\n");
    }

    @Test
    void withoutAnEmulatorUnderCiTheLineSaysTheTestsFail() {
        String line = AwsEmulatorExtension.announcement(Preference.MOTO,
                new EmulatorChoice.Unavailable("moto was requested but " + EmulatorChoice.NO_MOTO, true));

        assertThat(line).contains("moto was requested").endsWith("fail, because CI=true");
    }
}
