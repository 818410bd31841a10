package com.gaterouter.local;

import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.simulator.SimPrice;
import com.gaterouter.simulator.SimVendor;
import com.gaterouter.simulator.VendorSimulator;
import java.net.URI;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides, per vendor, whether the local gateway calls the real vendor (its key is in the
 * environment under the name the vendor's own SDK uses) or the built-in simulator.
 *
 * @param catalog    the catalog with simulated vendors re-pointed at the simulator
 * @param keyFields  the vendor-keys secret's fields (real keys, or a placeholder for the simulator)
 * @param simulated  vendor name → true when the simulator serves it (for the banner)
 */
public record LocalVendors(ModelCatalog catalog, Map<String, String> keyFields, Map<String, Boolean> simulated) {

    /** The simulator accepts any key; this one makes simulated traffic obvious in its request log. */
    static final String SIMULATOR_KEY = "sk-gaterouter-simulator";

    public static LocalVendors configure(ModelCatalog catalog, Map<String, String> env, Supplier<VendorSimulator> simulator) {
        Map<String, String> keyFields = new LinkedHashMap<>();
        Map<String, Boolean> simulated = new LinkedHashMap<>();
        ModelCatalog configured = catalog.withVendors(vendor -> {
            Optional<String> key = Optional.ofNullable(vendor.keyEnv()).map(env::get).filter(k -> !k.isBlank());
            if (key.isPresent()) {
                keyFields.put(vendor.keyField(), key.get());
                simulated.put(vendor.name(), false);
                return Optional.ofNullable(vendor.baseUrlEnv()).map(env::get).filter(u -> !u.isBlank())
                        .map(u -> vendor.withBaseUrl(URI.create(u))).orElse(vendor);
            }
            keyFields.put(vendor.keyField(), SIMULATOR_KEY);
            simulated.put(vendor.name(), true);
            if (vendor.api().auth() == VendorApi.Auth.IAM_SIGV4) {
                useSimulatorAwsCredentials();
            }
            return vendor.withBaseUrl(simulatorUrl(vendor, simulator.get()));
        });
        return new LocalVendors(configured, Map.copyOf(keyFields), java.util.Collections.unmodifiableMap(simulated));
    }

    /**
     * Bedrock signs with AWS credentials rather than a key. Without any in the environment the
     * simulator serves Bedrock, and it only needs well-formed SigV4: give the default credential
     * chain placeholder ones (system properties come first in it), without touching real ones.
     */
    private static void useSimulatorAwsCredentials() {
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "AKIAGATEROUTERLOCAL");
            System.setProperty("aws.secretAccessKey", "gaterouter-local-simulator");
        }
        if (System.getProperty("aws.region") == null && System.getenv("AWS_REGION") == null) {
            System.setProperty("aws.region", "us-east-1");
        }
    }

    /**
     * The simulator route of each API shape of the {@link VendorApi} registry (a new shape does not
     * compile until it has one); DeepSeek, an OpenAI-shaped vendor, has a route of its own.
     */
    static URI simulatorUrl(VendorSpec vendor, VendorSimulator simulator) {
        return switch (vendor.api()) {
            case OPENAI_CHAT -> vendor.name().equals("deepseek") ? simulator.deepSeekBaseUrl() : simulator.openAiBaseUrl();
            case ANTHROPIC_MESSAGES -> simulator.anthropicBaseUrl();
            case GEMINI -> simulator.geminiBaseUrl();
            case BEDROCK_CONVERSE -> simulator.bedrockBaseUrl();
        };
    }

    /**
     * The catalog's list prices in force on {@code day}, by vendor and upstream model name: what the
     * simulator bills in its usage and cost exports (a vendor the simulator does not know is skipped).
     */
    static Map<SimVendor, Map<String, SimPrice>> listPrices(ModelCatalog catalog, LocalDate day) {
        Map<SimVendor, Map<String, SimPrice>> prices = new EnumMap<>(SimVendor.class);
        for (ModelSpec model : catalog.models()) {
            SimVendor.fromId(model.vendor()).ifPresent(vendor -> {
                ModelPrice price = model.priceOn(day);
                prices.computeIfAbsent(vendor, v -> new LinkedHashMap<>()).putIfAbsent(model.upstream(), new SimPrice(
                        price.inputPer1M(), price.cachedInputPer1M(), price.cacheWritePer1M(), price.outputPer1M()));
            });
        }
        return prices;
    }
}
