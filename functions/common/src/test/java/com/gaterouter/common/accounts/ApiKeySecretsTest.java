package com.gaterouter.common.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {

    @Test
    void secretsArePrefixedRandomAnd256Bit() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String secret = ApiKeySecrets.newSecret();
            assertThat(secret).startsWith("gr-").hasSize(3 + 43).matches("gr-[A-Za-z0-9_-]{43}");
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void hashIsSha256Hex() {
        // sha256("abc") test vector
        assertThat(ApiKeySecrets.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void redactionKeepsOnlyPrefixAndLastFour() {
        String secret = ApiKeySecrets.newSecret();
        assertThat(ApiKeySecrets.redact(secret)).isEqualTo("gr-…" + secret.substring(secret.length() - 4));
        assertThat(ApiKeySecrets.redact("short")).isEqualTo("***");
    }
}
