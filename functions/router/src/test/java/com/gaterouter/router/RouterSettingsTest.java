package com.gaterouter.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.tables.GatewayTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterSettingsTest {

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put(GatewayTable.API_KEYS.environmentVariable(), "keys");
        env.put(GatewayTable.ACCOUNTS.environmentVariable(), "accounts");
        env.put(GatewayTable.USAGE.environmentVariable(), "usage");
        env.put(GatewayTable.SPEND.environmentVariable(), "spend");
        env.put("VENDOR_KEYS_SECRET_ID", "vendor-keys");
        return env;
    }

    @Test
    void readsTheAccountsTableFromTheEnvironment() {
        RouterSettings settings = RouterSettings.fromEnvironment(Settings.of(env()));
        assertThat(settings.apiKeysTable()).isEqualTo("keys");
        assertThat(settings.accountsTable()).isEqualTo("accounts");
        assertThat(settings.usageTable()).isEqualTo("usage");
        assertThat(settings.keyCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.spendTable()).contains("spend");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SPEND_TABLE", "ACCOUNTS_TABLE"})
    void theSpendAndAccountsTablesAreRequired(String variable) {
        Map<String, String> env = env();
        env.remove(variable);
        assertThatThrownBy(() -> RouterSettings.fromEnvironment(Settings.of(env))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(variable);
    }

    @Test
    void theRequestTimeLimitComesFromTheEnvironmentAndMustBePositive() {
        assertThat(RouterSettings.fromEnvironment(Settings.of(env())).requestTimeLimit()).isEmpty();
        Map<String, String> env = env();
        env.put("REQUEST_TIME_LIMIT_SECONDS", "24");
        assertThat(RouterSettings.fromEnvironment(Settings.of(env)).requestTimeLimit()).contains(Duration.ofSeconds(24));
        env.put("REQUEST_TIME_LIMIT_SECONDS", "0");
        assertThatThrownBy(() -> RouterSettings.fromEnvironment(Settings.of(env))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("REQUEST_TIME_LIMIT_SECONDS must be between 1 and 900 seconds, not 0");
    }
}
