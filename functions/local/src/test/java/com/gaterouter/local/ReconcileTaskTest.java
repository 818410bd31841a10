package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.billing.ScheduledReconciliations;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.EntityStatus;
import com.gaterouter.common.accounts.Page;
import com.gaterouter.common.accounts.Tenant;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.VendorTerms;
import com.gaterouter.router.catalog.ModelCatalog;
import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which vendors the local gateway's scheduled reconciliation fetches, and from where. */
class ReconcileTaskTest {

    private static final URI SIMULATED_OPENAI = URI.create("http://127.0.0.1:9/openai/v1");
    private static final URI SIMULATED_ANTHROPIC = URI.create("http://127.0.0.1:9/anthropic");

    private static LocalVendors vendors(boolean openAiSimulated, boolean anthropicSimulated) {
        ModelCatalog bundled = ModelCatalog.load(Optional.empty());
        return vendors(bundled, openAiSimulated ? SIMULATED_OPENAI : null, anthropicSimulated ? SIMULATED_ANTHROPIC : null);
    }

    /** The bundled catalog with OpenAI and Anthropic at the given (simulator) URLs; null: the real vendor. */
    private static LocalVendors vendors(ModelCatalog bundled, URI openAi, URI anthropic) {
        ModelCatalog configured = bundled.withVendors(v -> switch (v.name()) {
            case "openai" -> openAi != null ? v.withBaseUrl(openAi) : v;
            case "anthropic" -> anthropic != null ? v.withBaseUrl(anthropic) : v;
            default -> v;
        });
        return new LocalVendors(configured, Map.of(), Map.of("openai", openAi != null, "anthropic", anthropic != null));
    }

    @Test
    void aSimulatedVendorIsFetchedFromTheSimulatorWithAnyKey() {
        var endpoints = ReconcileTask.endpoints(vendors(true, true), Map.of());

        assertThat(endpoints).containsOnlyKeys("openai", "anthropic");
        assertThat(endpoints.get("openai").baseUrl()).isEqualTo(SIMULATED_OPENAI);
        assertThat(endpoints.get("anthropic").baseUrl()).isEqualTo(SIMULATED_ANTHROPIC);
        assertThat(endpoints.get("openai").adminKey()).isEqualTo(LocalVendors.SIMULATOR_KEY);
    }

    @Test
    void aRealVendorIsFetchedOnlyWithItsAdminKeyAtItsOwnBaseUrl() {
        assertThat(ReconcileTask.endpoints(vendors(false, false), Map.of("OPENAI_API_KEY", "sk-proj-1"))).isEmpty();

        var endpoints = ReconcileTask.endpoints(vendors(false, true), Map.of("OPENAI_ADMIN_KEY", "sk-admin-1", "ANTHROPIC_ADMIN_KEY", " "));

        assertThat(endpoints).containsOnlyKeys("openai", "anthropic");
        assertThat(endpoints.get("openai").baseUrl()).hasToString("https://api.openai.com/v1");
        assertThat(endpoints.get("openai").adminKey()).isEqualTo("sk-admin-1");
        assertThat(endpoints.get("anthropic").adminKey()).as("simulated: the admin key is not needed").isEqualTo(LocalVendors.SIMULATOR_KEY);
    }

    @Test
    void theTaskReconcilesATenantsBillingAccountAgainstTheSimulatorsExport() throws Exception {
        List<String> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer simulator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        simulator.createContext("/", exchange -> {
            fetched.add(exchange.getRequestURI().getPath());
            byte[] body = "{\"data\":[],\"has_more\":false,\"next_page\":null}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        simulator.start();
        Instant now = Instant.parse("2026-11-17T06:30:00Z");
        Tenant tenant = new Tenant("t_a", "A", ZoneId.of("UTC"), EntityStatus.ACTIVE, Instant.EPOCH, Instant.EPOCH, 1);
        TenantPricing pricing = new TenantPricing("t_a", 0, Map.of(), List.of(new VendorTerms("anthropic", LocalDate.of(2026, 1, 1), 0,
                Map.of(), 0, 0, Optional.of("wrkspc_a"), Instant.EPOCH, "admin")), Instant.EPOCH, Instant.EPOCH, 1);
        AccountStore accounts = (AccountStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {AccountStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "listTenants" -> new Page<>(List.of(tenant), Optional.empty());
                    case "findPricing" -> Optional.of(pricing);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        List<String> reconciled = new java.util.concurrent.CopyOnWriteArrayList<>();
        URI base = URI.create("http://127.0.0.1:" + simulator.getAddress().getPort());
        try (var task = ReconcileTask.start(accounts, vendors(ModelCatalog.load(Optional.empty()), base.resolve("/openai/v1"),
                base.resolve("/anthropic")), Map.of(), (t, format, from, to, account, export) ->
                reconciled.add(t + " " + format + " " + from + ".." + to + " " + account.orElseThrow()), Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofDays(1))) {
            assertThat(task.runNow()).isEqualTo(new ScheduledReconciliations.Summary(1, 1, 0, true));
        } finally {
            simulator.stop(0);
        }
        assertThat(reconciled).containsExactly("t_a anthropic 2026-11-01..2026-11-16 wrkspc_a");
        assertThat(fetched).containsExactly("/anthropic/v1/organizations/cost_report", "/anthropic/v1/organizations/usage_report/messages");
    }
}
