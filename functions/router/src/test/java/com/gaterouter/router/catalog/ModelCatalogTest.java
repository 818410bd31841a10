package com.gaterouter.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.gaterouter.common.usage.TokenUsage;
import com.gaterouter.router.vendors.VendorApi;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static ModelCatalog parse(String json) throws Exception {
        return ModelCatalog.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void bundledCatalogLoadsAndResolvesIdsAndAliases() {
        ModelCatalog catalog = ModelCatalog.load(Optional.empty());
        assertThat(catalog.resolve("openai/gpt-4o-mini")).isPresent();
        assertThat(catalog.resolve("gpt-4o-mini")).map(ModelSpec::id).contains("openai/gpt-4o-mini");
        assertThat(catalog.resolve("no/such-model")).isEmpty();
        assertThat(catalog.models()).allSatisfy(m -> assertThat(m.id()).startsWith(m.vendor() + "/"));
    }

    @Test
    void pricesAreExactMicrosAndFollowEffectiveDates() throws Exception {
        ModelCatalog catalog = parse("""
                {"vendors":{"v":{"api":"openai-chat","baseUrl":"http://x"}},
                 "models":[{"id":"v/m","vendor":"v","upstream":"m","prices":[
                   {"effective":"2025-01-01","input":"1.00","cachedInput":"0.10","output":"2.00"},
                   {"effective":"2026-01-01","input":"0.50","output":"1.00"}]}]}""");
        ModelSpec model = catalog.resolve("v/m").orElseThrow();
        assertThat(model.priceOn(LocalDate.parse("2025-06-01")).inputPer1M()).isEqualTo(1_000_000);
        assertThat(model.priceOn(LocalDate.parse("2026-01-01")).inputPer1M()).isEqualTo(500_000);
        // cached input defaults to the input price when the vendor has no discount
        assertThat(model.priceOn(LocalDate.parse("2026-01-01")).cachedInputPer1M()).isEqualTo(500_000);
        // 1,000 prompt tokens of which 400 cached + 200 output at the 2025 price:
        // 600 × 1.00 + 400 × 0.10 + 200 × 2.00 = 600 + 40 + 400 = 1,040 micro-USD
        assertThat(model.priceOn(LocalDate.parse("2025-06-01")).costOf(new TokenUsage(1_000, 400, 0, 200, 0))).isEqualTo(1_040);
    }

    @Test
    void vendorsMaySetTheirOwnTimeLimits() throws Exception {
        ModelCatalog catalog = parse("""
                {"vendors":{"slow":{"api":"openai-chat","baseUrl":"http://x","timeouts":{"firstByteMs":90000}},
                            "fast":{"api":"openai-chat","baseUrl":"http://y"}},
                 "models":[]}""");
        var defaults = com.gaterouter.router.vendors.VendorTimeouts.DEFAULT;
        assertThat(catalog.vendor("slow").timeoutsOr(defaults).firstByte()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(catalog.vendor("slow").timeoutsOr(defaults).total()).isEqualTo(defaults.total());
        assertThat(catalog.vendor("fast").timeoutsOr(defaults)).isEqualTo(defaults);
        assertThat(catalog.vendor("slow").withBaseUrl(java.net.URI.create("http://z")).timeouts()).isPresent();
    }

    @Test
    void rejectsAVendorWhoseApiShapeIsNotRegisteredAtStartUp() {
        assertThatThrownBy(() -> parse("""
                {"vendors":{"v":{"api":"openai-responses","baseUrl":"http://x"}},"models":[]}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vendor v names api 'openai-responses'")
                .hasMessageContaining("openai-chat, anthropic-messages, gemini, bedrock-converse");
    }

    /** A registered shape nobody in the bundled catalog speaks is an adapter without a catalog entry (or a dead one). */
    @Test
    void everyRegisteredApiShapeIsSpokenByABundledVendor() {
        ModelCatalog catalog = ModelCatalog.load(Optional.empty());

        assertThat(catalog.vendors()).extracting(VendorSpec::api).containsAll(java.util.List.of(VendorApi.values()));
        assertThat(catalog.vendors()).allSatisfy(vendor -> assertThat(catalog.models())
                .as("models of vendor %s, each with a price", vendor.name())
                .anySatisfy(model -> {
                    assertThat(model.vendor()).isEqualTo(vendor.name());
                    assertThat(model.prices()).isNotEmpty();
                }));
    }

    @Test
    void rejectsInconsistentCatalogs() {
        assertThatThrownBy(() -> parse("""
                {"vendors":{},"models":[{"id":"v/m","vendor":"v","upstream":"m","prices":[{"effective":"2025-01-01","input":"1","output":"1"}]}]}"""))
                .hasMessageContaining("unknown vendor");
        assertThatThrownBy(() -> parse("""
                {"vendors":{"v":{"api":"openai-chat","baseUrl":"http://x"}},
                 "models":[{"id":"m","vendor":"v","upstream":"m","prices":[{"effective":"2025-01-01","input":"1","output":"1"}]}]}"""))
                .hasMessageContaining("v/<model>");
        assertThatThrownBy(() -> parse("""
                {"vendors":{"v":{"api":"openai-chat","baseUrl":"http://x"}},
                 "models":[{"id":"v/m","vendor":"v","upstream":"m","prices":[{"effective":"2025-01-01","input":"0.0000001","output":"1"}]}]}"""))
                .hasMessageContaining("6 decimal");
    }
}
