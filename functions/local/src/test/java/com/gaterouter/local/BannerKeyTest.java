package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.ApiKeySecrets;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BannerKeyTest {

    private static final String GIVEN = "gr-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-wxyz";

    @Test
    void aKeyFromTheEnvironmentIsMaskedAndNamedByItsVariable() {
        BannerKey key = BannerKey.givenOrNew(Optional.of(GIVEN), "GATEROUTER_ADMIN_KEY");

        assertThat(key.secret()).isEqualTo(GIVEN);
        assertThat(key.shown()).isEqualTo("gr-...wxyz (from GATEROUTER_ADMIN_KEY)").doesNotContain(GIVEN.substring(3, 40));
        assertThat(key.shellWord()).isEqualTo("\"$GATEROUTER_ADMIN_KEY\"");
    }

    @Test
    void aKeyTheGatewayMadeIsShownInFull() {
        BannerKey key = BannerKey.givenOrNew(Optional.empty(), "GATEROUTER_DEMO_API_KEY");

        assertThat(key.secret()).startsWith(ApiKeySecrets.PREFIX).hasSize(46);
        assertThat(key.variable()).isEmpty();
        assertThat(key.shown()).isEqualTo(key.secret());
        assertThat(key.shellWord()).isEqualTo(key.secret());
    }

    @Test
    void theReferenceGivesTheKeyBackInTheReadersShell() throws Exception {
        BannerKey key = BannerKey.givenOrNew(Optional.of(GIVEN), "GATEROUTER_DEMO_API_KEY");
        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-c",
                "set -eu; export KEY=" + key.shellWord() + "; printf %s \"$KEY\"");
        builder.environment().put("GATEROUTER_DEMO_API_KEY", GIVEN);
        Process bash = builder.start();

        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(GIVEN);
    }
}
