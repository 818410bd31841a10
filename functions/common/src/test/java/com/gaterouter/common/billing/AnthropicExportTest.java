package com.gaterouter.common.billing;

import org.junit.jupiter.api.Test;

import static com.gaterouter.common.billing.ExportFixtures.bytes;
import static com.gaterouter.common.billing.ExportFixtures.line;
import static com.gaterouter.common.billing.ExportFixtures.resource;
import static com.gaterouter.common.billing.ExportFixtures.text;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.CACHED_INPUT;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.CACHE_WRITE;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.INPUT;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.OTHER;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicExportTest {

    private final AnthropicExport export = new AnthropicExport();

    @Test
    void centStringsBecomeMicrosAndBothCacheWritesAreOneLine() {
        assertThat(export.parse(resource("anthropic-export.json"))).containsExactly(
                line("anthropic", "Web Search", "2025-08-01", OTHER, null, null, 10_000, null),
                line("anthropic", "claude-sonnet-4-20250514", "2025-08-01", INPUT, 1000L, null, 3_000, "wrkspc_01"),
                line("anthropic", "claude-sonnet-4-20250514", "2025-08-01", CACHED_INPUT, 1000L, null, 300, "wrkspc_01"),
                line("anthropic", "claude-sonnet-4-20250514", "2025-08-01", CACHE_WRITE, 1500L, null, 6_750, "wrkspc_01"),
                // "3.00001" cents is $0.0300001: 30000.1 micro-USD, rounded
                line("anthropic", "claude-sonnet-4-20250514", "2025-08-01", OUTPUT, 2000L, null, 30_000, "wrkspc_01"),
                // "123.45" cents is $1.2345
                line("anthropic", "claude-3-haiku-20240307", "2025-08-02", INPUT, 4_938_000L, null, 1_234_500, "wrkspc_01"),
                line("anthropic", "claude-3-haiku-20240307", "2025-08-02", OUTPUT, 0L, null, 0, "wrkspc_01"));
    }

    @Test
    void anotherCurrencyIsRefusedByName() {
        String gbp = text("anthropic-export.json").replaceFirst("\"currency\": \"USD\"", "\"currency\": \"GBP\"");
        assertThatThrownBy(() -> export.parse(bytes(gbp)))
                .isInstanceOf(InvoiceFormatException.class)
                .hasMessageContaining("cost_report[0].data[0].results[0].currency is GBP");
    }

    @Test
    void malformedInputNamesTheField() {
        String numberAmount = text("anthropic-export.json").replaceFirst("\"amount\": \"0.3\"", "\"amount\": 0.3");
        assertThatThrownBy(() -> export.parse(bytes(numberAmount)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("results[0].amount must be a string");
        String badAmount = text("anthropic-export.json").replaceFirst("\"amount\": \"0.3\"", "\"amount\": \"3 cents\"");
        assertThatThrownBy(() -> export.parse(bytes(badAmount)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("results[0].amount is not a decimal: \"3 cents\"");
        String badTime = text("anthropic-export.json").replaceFirst("\"starting_at\": \"2025-08-01T00:00:00Z\"", "\"starting_at\": \"yesterday\"");
        assertThatThrownBy(() -> export.parse(bytes(badTime)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("cost_report[0].data[0].starting_at");
        String noTokens = text("anthropic-export.json").replaceFirst("\"output_tokens\": 2000, ", "");
        assertThatThrownBy(() -> export.parse(bytes(noTokens)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("usage_report[0].data[0].results[0].output_tokens is missing");
        assertThatThrownBy(() -> export.parse(bytes("[]")))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("\"cost_report\"");
    }
}
