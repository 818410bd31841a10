package com.gaterouter.admin.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.admin.routing.CatalogPrices;
import com.gaterouter.admin.testing.AdminHarness;
import com.gaterouter.admin.testing.Fixtures;
import com.gaterouter.common.billing.InvoiceLine.TokenClass;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.DynamoDbLocalExtension.LocalTables;
import com.gaterouter.common.testing.FutureYear;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The reconciliation's price book: the catalog's names and the tenant's terms, as the router prices (hand-computed). */
@ExtendWith(DynamoDbLocalExtension.class)
class ContractPriceBookTest {

    static final CatalogPrices CATALOG = CatalogPrices.load(Optional.empty());

    @Test
    void vendorNamesMapToCatalogModelsSnapshotsRegionPrefixesAndVersionsIncluded() {
        ContractPriceBook book = new ContractPriceBook(null, () -> CATALOG);
        assertThat(book.catalogModel("openai", "gpt-4o-mini")).contains("openai/gpt-4o-mini");
        assertThat(book.catalogModel("openai", "gpt-4o-mini-2024-07-18")).contains("openai/gpt-4o-mini");
        assertThat(book.catalogModel("openai", "gpt-4o-2024-08-06")).contains("openai/gpt-4o");
        assertThat(book.catalogModel("anthropic", "claude-haiku-4-5-20251001")).contains("anthropic/claude-haiku-4-5");
        assertThat(book.catalogModel("bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0")).contains("bedrock/claude-sonnet-4-5");
        assertThat(book.catalogModel("bedrock", "us.amazon.nova-pro-v1:0")).contains("bedrock/nova-pro");
        // a model of another vendor, or none at all
        assertThat(book.catalogModel("anthropic", "gpt-4o-mini")).isEmpty();
        assertThat(book.catalogModel("openai", "gpt-9-ultra")).isEmpty();
    }

    @Test
    void unitPricesAreTheTermsInForceOnTheDayAfterTheirDiscount(LocalTables tables) {
        AdminHarness h = new AdminHarness(tables, FutureYear.instant("YYYY-01-01T08:00:00Z"));
        Fixtures.TenantWithAdmin tenant = new Fixtures(h).tenant("price-book");
        String base = Fixtures.base(tenant.tenantId());
        assertThat(h.as(tenant.adminKey().secret(), "PUT", base + "/contracts/openai", "{\"effectiveFrom\":\"" + FutureYear.text("YYYY-02-01")
                + "\",\"discountPercent\":12.5,\"modelPrices\":{\"openai/gpt-4o\":{\"input\":\"2.00\",\"output\":\"8.00\"}}}").status())
                .isEqualTo(201);
        ContractPriceBook book = new ContractPriceBook(h.accounts, () -> CATALOG);
        String t = tenant.tenantId();
        // before the terms: list ($0.15 in, $0.075 cached, $0.60 out per 1M for gpt-4o-mini)
        assertThat(book.unitPricePer1M(t, "openai/gpt-4o-mini", FutureYear.date(1, 31), TokenClass.INPUT)).contains(new BigDecimal("150000"));
        // from them: 12.5 % off: 150,000 × 0.875 = 131,250; 75,000 × 0.875 = 65,625; 600,000 × 0.875 = 525,000
        assertThat(book.unitPricePer1M(t, "openai/gpt-4o-mini", FutureYear.date(2, 1), TokenClass.INPUT).orElseThrow())
                .isEqualByComparingTo("131250");
        assertThat(book.unitPricePer1M(t, "openai/gpt-4o-mini", FutureYear.date(2, 1), TokenClass.CACHED_INPUT).orElseThrow())
                .isEqualByComparingTo("65625");
        assertThat(book.unitPricePer1M(t, "openai/gpt-4o-mini", FutureYear.date(2, 1), TokenClass.OUTPUT).orElseThrow())
                .isEqualByComparingTo("525000");
        // the negotiated price, discounted too: $8.00 × 0.875 = $7.00
        assertThat(book.unitPricePer1M(t, "openai/gpt-4o", FutureYear.date(2, 1), TokenClass.OUTPUT).orElseThrow())
                .isEqualByComparingTo("7000000");
        // a vendor without terms: list; a model the catalog lacks, or a line that is no token class: none
        assertThat(book.unitPricePer1M(t, "anthropic/claude-haiku-4-5", FutureYear.date(2, 1), TokenClass.OUTPUT).orElseThrow())
                .isEqualByComparingTo("5000000");
        assertThat(book.unitPricePer1M(t, "openai/gpt-9-ultra", FutureYear.date(2, 1), TokenClass.INPUT)).isEmpty();
        assertThat(book.unitPricePer1M(t, "openai/gpt-4o", FutureYear.date(2, 1), TokenClass.OTHER)).isEmpty();
    }
}
