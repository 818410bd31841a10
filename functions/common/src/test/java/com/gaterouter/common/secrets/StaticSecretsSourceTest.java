package com.gaterouter.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticSecretsSourceTest {

    @Test
    void servesWhatWasPutAndNothingElse() {
        StaticSecretsSource source = new StaticSecretsSource(Map.of("vendor-keys", Map.of("openai", "sk-1")));

        assertThat(source.secretFields("vendor-keys")).contains(Map.of("openai", "sk-1"));
        assertThat(source.secretFields("other")).isEmpty();
    }

    @Test
    void putReplacesAtOnceAndRemoveForgets() {
        StaticSecretsSource source = new StaticSecretsSource().put("vendor-keys", Map.of("openai", "sk-1"));

        source.put("vendor-keys", Map.of("openai", "sk-2"));
        assertThat(source.secretFields("vendor-keys")).contains(Map.of("openai", "sk-2"));

        source.remove("vendor-keys");
        assertThat(source.secretFields("vendor-keys")).isEmpty();
    }

    @Test
    void keepsACopyOfTheFields() {
        Map<String, String> fields = new HashMap<>(Map.of("openai", "sk-1"));
        StaticSecretsSource source = new StaticSecretsSource().put("vendor-keys", fields);

        fields.put("openai", "changed");

        assertThat(source.secretFields("vendor-keys")).contains(Map.of("openai", "sk-1"));
    }

    @Test
    void toStringNamesSecretsButNeverValues() {
        StaticSecretsSource source = new StaticSecretsSource().put("vendor-keys", Map.of("openai", "sk-secret"));

        assertThat(source.toString()).contains("vendor-keys").doesNotContain("sk-secret");
    }
}
