package com.gaterouter.common.billing;

import org.junit.jupiter.api.Test;

import static com.gaterouter.common.billing.ExportFixtures.bytes;
import static com.gaterouter.common.billing.ExportFixtures.line;
import static com.gaterouter.common.billing.ExportFixtures.resource;
import static com.gaterouter.common.billing.ExportFixtures.text;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.CACHED_INPUT;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.INPUT;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.OTHER;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoogleBillingExportTest {

    private final GoogleBillingExport export = new GoogleBillingExport();

    @Test
    void geminiSkusBecomeModelDayAndClassLinesNetOfCredits() {
        assertThat(export.parse(resource("gemini-billing.jsonl"))).containsExactly(
                // two hourly rows: $0.0003 + $0.0000015 = 301.5 micro-USD, rounded once
                line("gemini", "gemini-2.5-flash", "2025-06-01", INPUT, 1005L, null, 302, "my-project"),
                // $0.005 less a $0.001 free-tier credit
                line("gemini", "gemini-2.5-flash", "2025-06-01", OUTPUT, 2000L, null, 4_000, "my-project"),
                // not a token SKU: its description is the model, OTHER
                line("gemini", "Grounding with Google Search requests", "2025-06-02", OTHER, null, null, 35_000, "my-project"),
                line("gemini", "gemini-2.0-flash-lite", "2025-06-02", OUTPUT, 1000L, null, 300, "vertex-project"),
                line("gemini", "gemini-2.5-flash", "2025-06-02", CACHED_INPUT, 2000L, null, 150, "my-project"));
    }

    @Test
    void aJsonArrayOfRowsIsTheSameExport() {
        String array = "[" + String.join(",", text("gemini-billing.jsonl").strip().split("\n")) + "]";
        assertThat(export.parse(bytes(array))).isEqualTo(export.parse(resource("gemini-billing.jsonl")));
    }

    @Test
    void skuDescriptionsMapToModelAndClass() {
        assertThat(GoogleBillingExport.model("Gemini 2.5 Flash Lite Input Text Tokens")).contains("gemini-2.5-flash-lite");
        assertThat(GoogleBillingExport.tokenClass("Gemini 2.5 Flash Lite Input Text Tokens")).isEqualTo(INPUT);
        assertThat(GoogleBillingExport.model("Generate content output token count gemini 2.5 pro long input text")).contains("gemini-2.5-pro");
        assertThat(GoogleBillingExport.tokenClass("Generate content output token count gemini 2.5 pro long input text")).isEqualTo(OUTPUT);
        assertThat(GoogleBillingExport.tokenClass("Context caching storage Gemini 2.5 Pro")).isEqualTo(OTHER);
        assertThat(GoogleBillingExport.model("Imagen 3 image generation")).isEmpty();
    }

    @Test
    void anotherCurrencyIsRefusedByName() {
        String jpy = text("gemini-billing.jsonl").replaceFirst("\"currency\":\"USD\"", "\"currency\":\"JPY\"");
        assertThatThrownBy(() -> export.parse(bytes(jpy)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("row 1: currency is JPY");
    }

    @Test
    void malformedInputNamesTheRowAndField() {
        String badLine = text("gemini-billing.jsonl").replaceFirst("\n", "\n{not json\n");
        assertThatThrownBy(() -> export.parse(bytes(badLine)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("line 2");
        String noCost = text("gemini-billing.jsonl").replaceFirst("\"cost\":0.005,", "");
        assertThatThrownBy(() -> export.parse(bytes(noCost)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("row 3: cost is missing");
        String fractionalTokens = text("gemini-billing.jsonl").replaceFirst("\"amount\":1000.0", "\"amount\":1000.5");
        assertThatThrownBy(() -> export.parse(bytes(fractionalTokens)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("row 1: usage.amount must be a whole number");
        String badTime = text("gemini-billing.jsonl").replaceFirst("2025-06-01 00:00:00 UTC", "June 1");
        assertThatThrownBy(() -> export.parse(bytes(badTime)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("row 1: usage_start_time");
    }
}
