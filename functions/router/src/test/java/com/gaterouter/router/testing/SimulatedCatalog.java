package com.gaterouter.router.testing;

import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.simulator.VendorSimulator;
import java.util.Optional;

/** The real catalog with every vendor pointed at the vendor simulator, each at its own wire format. */
public final class SimulatedCatalog {

    private SimulatedCatalog() {
    }

    public static ModelCatalog pointedAt(VendorSimulator simulator) {
        return ModelCatalog.load(Optional.empty()).withVendors(v -> v.withBaseUrl(switch (v.name()) {
            case "deepseek" -> simulator.deepSeekBaseUrl();
            case "anthropic" -> simulator.anthropicBaseUrl();
            case "gemini" -> simulator.geminiBaseUrl();
            case "bedrock" -> simulator.bedrockBaseUrl();
            default -> simulator.openAiBaseUrl();
        }));
    }
}
