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

class OpenAiExportTest {

    private final OpenAiExport export = new OpenAiExport();

    @Test
    void costsAndUsagePagesBecomeOneLinePerModelDayAndClassWithUncachedInput() {
        assertThat(export.parse(resource("openai-export.json"))).containsExactly(
                line("openai", "gpt-4o-2024-08-06", "2025-01-01", INPUT, 5000L, 3L, 12_500, null),
                line("openai", "gpt-4o-2024-08-06", "2025-01-01", CACHED_INPUT, 1000L, 3L, 1_250, null),
                line("openai", "gpt-4o-2024-08-06", "2025-01-01", OUTPUT, 2000L, 3L, 20_000, null),
                // $0.0000015 is 1.5 micro-USD: half up
                line("openai", "gpt-4o-mini-2024-07-18", "2025-01-01", INPUT, 10L, 1L, 2, null),
                line("openai", "gpt-4o-mini-2024-07-18", "2025-01-01", OUTPUT, 0L, 1L, 0, null),
                // two results 0.1234564 + 0.0000001 summed exactly, then rounded once
                line("openai", "gpt-4o-2024-08-06", "2025-01-02", INPUT, 49383L, 2L, 123_457, null),
                line("openai", "gpt-4o-2024-08-06", "2025-01-02", OUTPUT, 0L, 2L, 0, null),
                line("openai", "web search tool calls", "2025-01-02", OTHER, null, null, 25_000, null));
    }

    @Test
    void costsAloneGiveLinesWithoutTokensAndTheProjectAsAccount() {
        String costs = """
                {"costs": {"object": "page", "has_more": false, "next_page": null, "data": [
                  {"object": "bucket", "start_time": 1735689600, "end_time": 1735776000, "results": [
                    {"object": "organization.costs.result", "amount": {"value": 1.5, "currency": "usd"},
                     "line_item": "o3-mini-2025-01-31, output", "project_id": "proj_abc"}]}]}}
                """;
        assertThat(export.parse(bytes(costs))).containsExactly(
                line("openai", "o3-mini-2025-01-31", "2025-01-01", OUTPUT, null, null, 1_500_000, "proj_abc"));
    }

    @Test
    void anotherCurrencyIsRefusedByName() {
        String eur = text("openai-export.json").replaceFirst("\"currency\": \"usd\"", "\"currency\": \"eur\"");
        assertThatThrownBy(() -> export.parse(bytes(eur)))
                .isInstanceOf(InvoiceFormatException.class)
                .hasMessageContaining("costs[0].data[0].results[0].amount.currency is eur");
    }

    @Test
    void malformedInputNamesTheField() {
        assertThatThrownBy(() -> export.parse(bytes("{\"usage\": []}")))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("\"costs\"");
        assertThatThrownBy(() -> export.parse(bytes("{\"costs\": [")))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("not JSON");
        String noLineItem = text("openai-export.json").replaceFirst("\"line_item\": \"gpt-4o-2024-08-06, input\"", "\"line_item\": null");
        assertThatThrownBy(() -> export.parse(bytes(noLineItem)))
                .isInstanceOf(InvoiceFormatException.class)
                .hasMessageContaining("costs[0].data[0].results[0].line_item is missing").hasMessageContaining("group_by=line_item");
        String stringAmount = text("openai-export.json").replaceFirst("\"value\": 0.0125", "\"value\": \"lots\"");
        assertThatThrownBy(() -> export.parse(bytes(stringAmount)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("results[0].amount.value must be a number");
        String weekly = text("openai-export.json").replaceFirst("\"end_time\": 1735776000", "\"end_time\": 1736294400");
        assertThatThrownBy(() -> export.parse(bytes(weekly)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("bucket_width=1d");
        String moreCachedThanInput = text("openai-export.json").replaceFirst("\"input_cached_tokens\": 1000", "\"input_cached_tokens\": 7000");
        assertThatThrownBy(() -> export.parse(bytes(moreCachedThanInput)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("usage[0].data[0].results[0].input_cached_tokens");
    }
}
