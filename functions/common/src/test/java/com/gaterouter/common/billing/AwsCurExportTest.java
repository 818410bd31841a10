package com.gaterouter.common.billing;

import org.junit.jupiter.api.Test;

import static com.gaterouter.common.billing.ExportFixtures.bytes;
import static com.gaterouter.common.billing.ExportFixtures.line;
import static com.gaterouter.common.billing.ExportFixtures.resource;
import static com.gaterouter.common.billing.ExportFixtures.text;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.CACHED_INPUT;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.CACHE_WRITE;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.INPUT;
import static com.gaterouter.common.billing.InvoiceLine.TokenClass.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsCurExportTest {

    private static final String ACCOUNT = "123456789012";
    private final AwsCurExport export = new AwsCurExport();

    @Test
    void bedrockUsageLinesSumPerModelDayAndClassAndTheRestIsSkipped() {
        assertThat(export.parse(resource("bedrock-cur.csv"))).containsExactly(
                // two hourly lines, $0.0025 + $0.0000005: 2500.5 micro-USD, rounded once
                line("bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "2025-03-01", INPUT, 10_002L, null, 2_501, ACCOUNT),
                line("bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "2025-03-01", OUTPUT, 4_000L, null, 5_000, ACCOUNT),
                // no resource id: the model as the usage type names it
                line("bedrock", "NovaLite", "2025-03-02", INPUT, 5_000L, null, 300, ACCOUNT),
                line("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "2025-03-02", CACHED_INPUT, 1_000L, null, 300, ACCOUNT),
                // UsageAmount 2 in "1K tokens"
                line("bedrock", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "2025-03-02", CACHE_WRITE, 2_000L, null, 7_500, ACCOUNT));
    }

    @Test
    void cur2SnakeCaseColumnsAndSpacedTimesAreAccepted() {
        String cur2 = """
                line_item_usage_account_id,line_item_line_item_type,line_item_usage_start_date,line_item_product_code,line_item_usage_type,line_item_resource_id,line_item_usage_amount,line_item_unblended_cost,pricing_unit
                123456789012,Usage,2025-03-05 23:00:00,AmazonBedrock,USW2-Claude3Haiku-output-tokens,arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0,800,0.001,tokens
                """;
        assertThat(export.parse(bytes(cur2))).containsExactly(
                line("bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "2025-03-05", OUTPUT, 800L, null, 1_000, ACCOUNT));
    }

    @Test
    void anotherCurrencyIsRefusedByName() {
        String eur = text("bedrock-cur.csv").replaceFirst(",10000,USD,", ",10000,EUR,");
        assertThatThrownBy(() -> export.parse(bytes(eur)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("line 2").hasMessageContaining("is EUR");
    }

    @Test
    void malformedInputNamesTheLineAndColumn() {
        assertThatThrownBy(() -> export.parse(bytes("a,b,c\n1,2,3\n")))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("no column lineitemusagestartdate");
        String badCost = text("bedrock-cur.csv").replaceFirst(",0.005,", ",five,");
        assertThatThrownBy(() -> export.parse(bytes(badCost)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("line 4").hasMessageContaining("lineitemunblendedcost");
        String badDate = text("bedrock-cur.csv").replaceFirst("Usage,2025-03-01T05:00:00Z", "Usage,March 1st");
        assertThatThrownBy(() -> export.parse(bytes(badDate)))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("line 3").hasMessageContaining("March 1st");
        assertThatThrownBy(() -> export.parse(bytes(text("bedrock-cur.csv") + "x,\"unclosed\n")))
                .isInstanceOf(InvoiceFormatException.class).hasMessageContaining("unclosed quote");
    }
}
