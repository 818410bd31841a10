package com.gaterouter.admin.reconciliation;

import com.gaterouter.common.billing.InvoiceLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Port: what the catalog and the tenant's contract terms say a vendor's line should have cost. The
 * reconciliation asks it which catalog model a vendor's model name means, and the unit price that
 * prices tokens the gateway did not see (bypass) and checks the invoice's prices (price change).
 */
public interface PriceBook {

    /**
     * The catalog model id ("vendor/model") a vendor export's model name means: the catalog's
     * {@code upstream} name, also with a dated snapshot suffix (gpt-4o-mini-2024-07-18 -> openai/gpt-4o-mini;
     * Bedrock ids like anthropic.claude-3-haiku-20240307-v1:0 and us. prefixes); empty if the catalog has none.
     */
    Optional<String> catalogModel(String vendor, String vendorModel);

    /**
     * What the tenant's terms in force on {@code day} price one token class of the model at, in
     * micro-USD per 1M tokens after the contract discount — exact, so a BigDecimal; empty if the
     * catalog does not know the model.
     */
    Optional<BigDecimal> unitPricePer1M(String tenantId, String catalogModelId, LocalDate day, InvoiceLine.TokenClass tokenClass);

    /** A price book that knows no model (every invoice line is {@code unknown_model}). */
    static PriceBook empty() {
        return new PriceBook() {
            @Override
            public Optional<String> catalogModel(String vendor, String vendorModel) {
                return Optional.empty();
            }

            @Override
            public Optional<BigDecimal> unitPricePer1M(String tenantId, String catalogModelId, LocalDate day,
                                                       InvoiceLine.TokenClass tokenClass) {
                return Optional.empty();
            }
        };
    }
}
