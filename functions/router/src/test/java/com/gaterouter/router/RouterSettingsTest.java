package com.gaterouter.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.tables.GatewayTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    @Test
    void theSpendTableIsRequired() {
        Map<String, String> env = env();
        env.remove("SPEND_TABLE");
        assertThatThrownBy(() -> RouterSettings.fromEnvironment(Settings.of(env))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SPEND_TABLE");
    }

    @Test
    void theAccountsTableIsRequired() {
        Map<String, String> env = env();
        env.remove("ACCOUNTS_TABLE");
        assertThatThrownBy(() -> RouterSettings.fromEnvironment(Settings.of(env))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ACCOUNTS_TABLE");
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
