package com.gaterouter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.simulator.SimulatorConfig;
import com.gaterouter.simulator.VendorSimulator;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every API shape of the registry has its own simulator route; a vendor with a key of its own calls the vendor. */
class LocalVendorsTest {

    private static VendorSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static VendorSpec vendor(String name, VendorApi api) {
        return new VendorSpec(name, api, URI.create("https://vendor.example"), name, null, name.toUpperCase() + "_API_KEY");
    }

    @Test
    void everyApiShapeHasASimulatorRouteOfItsOwn() {
        Set<URI> routes = Arrays.stream(VendorApi.values())
                .map(api -> LocalVendors.simulatorUrl(vendor("v-" + api.wireName(), api), simulator))
                .collect(Collectors.toSet());

        assertThat(routes).hasSize(VendorApi.values().length)
                .allSatisfy(route -> assertThat(route.toString()).startsWith(simulator.baseUri().toString()));
    }

    @Test
    void deepSeekSpeaksOpenAiChatAtItsOwnRoute() {
        assertThat(LocalVendors.simulatorUrl(vendor("deepseek", VendorApi.OPENAI_CHAT), simulator)).isEqualTo(simulator.deepSeekBaseUrl());
        assertThat(LocalVendors.simulatorUrl(vendor("openai", VendorApi.OPENAI_CHAT), simulator)).isEqualTo(simulator.openAiBaseUrl());
    }

    @Test
    void aVendorWithAKeyInTheEnvironmentKeepsItsRealEndpointAndOthersAreSimulated() {
        ModelCatalog bundled = ModelCatalog.load(Optional.empty());
        VendorSpec openAi = bundled.vendor("openai");

        // Bedrock's credentials given too: a simulated Bedrock would set placeholder AWS credentials for the whole JVM
        LocalVendors vendors = LocalVendors.configure(bundled,
                Map.of(openAi.keyEnv(), "sk-real", bundled.vendor("bedrock").keyEnv(), "AKIAREAL"), () -> simulator);

        assertThat(vendors.catalog().vendor("openai").baseUrl()).isEqualTo(openAi.baseUrl());
        assertThat(vendors.keyFields()).containsEntry(openAi.keyField(), "sk-real");
        assertThat(vendors.simulated()).containsEntry("openai", false).containsEntry("anthropic", true);
        assertThat(vendors.catalog().vendor("anthropic").baseUrl()).isEqualTo(simulator.anthropicBaseUrl());
        assertThat(vendors.catalog().vendor("gemini").baseUrl()).isEqualTo(simulator.geminiBaseUrl());
        assertThat(vendors.catalog().vendor("deepseek").baseUrl()).isEqualTo(simulator.deepSeekBaseUrl());
    }

    @Test
    void theSimulatorBillsAtTheCatalogsListPricesByUpstreamName() {
        ModelCatalog catalog = ModelCatalog.load(Optional.empty());
        var prices = LocalVendors.listPrices(catalog, java.time.LocalDate.of(2026, 1, 1));
        com.gaterouter.router.catalog.ModelSpec sonnet = catalog.resolve("bedrock/claude-sonnet-4-5").orElseThrow();
        var price = sonnet.priceOn(java.time.LocalDate.of(2026, 1, 1));
        assertThat(prices.get(com.gaterouter.simulator.SimVendor.BEDROCK).get(sonnet.upstream()))
                .isEqualTo(new com.gaterouter.simulator.SimPrice(price.inputPer1M(), price.cachedInputPer1M(),
                        price.cacheWritePer1M(), price.outputPer1M()));
        assertThat(prices.keySet()).extracting(com.gaterouter.simulator.SimVendor::id)
                .contains("openai", "anthropic", "gemini", "bedrock", "deepseek");
    }
}
