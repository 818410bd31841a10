package com.gaterouter.admin.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.secrets.StaticSecretsSource;
import com.gaterouter.common.settings.Settings;
import com.gaterouter.common.testing.LambdaTestContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handler over its AWS graph with the secret, the vendor and the sink replaced: keys from the secret's admin fields. */
class BillingFetchFunctionTest {

    private static final Instant NOW = Instant.parse("2026-11-17T06:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "gaterouter/test/vendor-keys";

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<String> reconciled = new CopyOnWriteArrayList<>();
    private HttpServer vendor;

    @BeforeEach
    void start() throws IOException {
        vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        vendor.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"object\":\"page\",\"data\":[],\"has_more\":false,\"next_page\":null}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        vendor.start();
    }

    @AfterEach
    void stop() {
        vendor.stop(0);
    }

    private AwsBillingFetchWiring.BillingFetch fetch(StaticSecretsSource secrets) {
        FakeAccounts accounts = new FakeAccounts()
                .tenant("t_a", EntityStatus.ACTIVE, FakeAccounts.terms("openai", LocalDate.of(2026, 1, 1), "proj_a"),
                        FakeAccounts.terms("anthropic", LocalDate.of(2026, 1, 1), "wrkspc_a"));
        Settings settings = Settings.of(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:" + vendor.getAddress().getPort() + "/v1"));
        ReconciliationSink sink = (tenantId, format, from, to, account, export) ->
                reconciled.add(tenantId + " " + format + " " + from + ".." + to + " " + account.orElseThrow());
        return new AwsBillingFetchWiring.BillingFetch(accounts.store(), secrets, SECRET, settings, sink, CLOCK);
    }

    @Test
    void aRunReconcilesTheVendorsWhoseAdminKeyIsInTheVendorKeysSecret() {
        var secrets = new StaticSecretsSource().put(SECRET, Map.of("openai", "sk-proj-inference", "openai_admin_key", "sk-admin-1",
                "anthropic", "sk-ant-inference"));

        String summary = new BillingFetchFunction(fetch(secrets), null).handleRequest(Map.of(),
                new LambdaTestContext("billing-fetch", Duration.ofMinutes(15)));

        assertThat(summary).isEqualTo(new ScheduledReconciliations.Summary(1, 1, 0, true).toString());
        assertThat(reconciled).containsExactly("t_a openai 2026-11-01..2026-11-16 proj_a");
        assertThat(seen).containsExactly("/v1/organization/costs Bearer sk-admin-1", "/v1/organization/usage/completions Bearer sk-admin-1");
    }

    @Test
    void aMissingSecretFailsTheRunAndNoAdminKeyReconcilesNothing() {
        assertThatThrownBy(() -> new BillingFetchFunction(fetch(new StaticSecretsSource()), null).handleRequest(Map.of(),
                new LambdaTestContext("billing-fetch", Duration.ofMinutes(15)))).hasMessageContaining(SECRET);

        var noAdminKeys = new StaticSecretsSource().put(SECRET, Map.of("openai", "sk-proj-inference", "anthropic_admin_key", " "));
        assertThat(fetch(noAdminKeys).run(Duration.ofMinutes(15))).isEqualTo(new ScheduledReconciliations.Summary(0, 0, 0, true));
        assertThat(seen).isEmpty();
    }

    @Test
    void theBaseUrlsAreTheCatalogsUnlessTheSettingsMoveThem() {
        var endpoints = BillingFetchWiring.fromSecret(Map.of("openai_admin_key", "sk-admin-1", "anthropic_admin_key", "sk-ant-admin-1"),
                Settings.of(Map.of()));
        assertThat(endpoints.get("openai").baseUrl()).hasToString("https://api.openai.com/v1");
        assertThat(endpoints.get("anthropic").baseUrl()).hasToString("https://api.anthropic.com");
        assertThat(endpoints.get("anthropic").adminKey()).isEqualTo("sk-ant-admin-1");
        assertThat(BillingFetchWiring.fromSecret(Map.of("anthropic_admin_key", "k"), Settings.of(Map.of("ANTHROPIC_BASE_URL",
                "http://127.0.0.1:9/anthropic"))).get("anthropic").baseUrl()).hasToString("http://127.0.0.1:9/anthropic");
    }
}
