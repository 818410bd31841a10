package com.gaterouter.router.vendors.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.router.catalog.VendorSpec;
import com.gaterouter.router.vendors.VendorCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import com.gaterouter.router.vendors.VendorApi;

/** Models, vendors and calls shared by the Gemini tests. */
final class GeminiFixtures {

    static final String KEY = "AIzaSy-test-key-1234";

    private GeminiFixtures() {
    }

    /** A catalog entry as {@code infra/catalog/models.json} would describe a Gemini model. */
    static ModelSpec model(String upstream, String... capabilities) {
        return new ModelSpec("gemini/" + upstream, "gemini", upstream, 1_048_576, 65_536,
                Set.copyOf(Arrays.asList(capabilities)), List.of(),
                List.of(new ModelPrice(LocalDate.of(2025, 6, 17), 300_000, 75_000, 300_000, 2_500_000)));
    }

    static VendorSpec vendor(URI baseUrl) {
        return new VendorSpec("gemini", VendorApi.GEMINI, baseUrl, "gemini", "GEMINI_BASE_URL", "GEMINI_API_KEY");
    }

    static VendorCall call(ModelSpec model, URI baseUrl, ObjectNode request) {
        return new VendorCall(model, vendor(baseUrl), KEY, request, "req-test");
    }

    /** A node as it would read back from its JSON text: compares by value, not by Int/Long node class. */
    static JsonNode reparse(JsonNode node) {
        try {
            return Json.MAPPER.readTree(node.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
