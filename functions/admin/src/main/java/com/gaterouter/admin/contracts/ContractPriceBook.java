package com.gaterouter.admin.contracts;

import com.gaterouter.admin.reconciliation.PriceBook;
import com.gaterouter.admin.routing.CatalogPrices;
import com.gaterouter.common.accounts.AccountStore;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.billing.InvoiceLine;
import com.gaterouter.common.money.ModelPrice;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reconciliation's price book: the catalog's list prices and names, and the tenant's price table
 * as the router prices with it ({@link TenantPricing#priceOf}: the vendor's terms in force on the day,
 * else the tenant-wide terms), so a token the gateway did not see is priced as it would have charged it.
 */
public record ContractPriceBook(AccountStore accounts, Supplier<CatalogPrices> catalog) implements PriceBook {

    private static final BigDecimal FULL = BigDecimal.valueOf(TenantPricing.FULL_PRICE_BASIS_POINTS);

    @Override
    public Optional<String> catalogModel(String vendor, String vendorModel) {
        return catalog.get().byVendorName(vendor, vendorModel);
    }

    @Override
    public Optional<BigDecimal> unitPricePer1M(String tenantId, String catalogModelId, LocalDate day, InvoiceLine.TokenClass tokenClass) {
        CatalogPrices prices = catalog.get();
        Optional<ModelPrice> list = prices.modelPrice(catalogModelId, day);
        Optional<String> vendor = prices.vendorOf(catalogModelId);
        if (list.isEmpty() || vendor.isEmpty() || tokenClass == InvoiceLine.TokenClass.OTHER) {
            return Optional.empty();
        }
        TenantPricing.AppliedPrice applied = accounts.findPricing(tenantId)
                .map(table -> table.priceOf(catalogModelId, vendor.get(), list.get(), day))
                .orElse(new TenantPricing.AppliedPrice(list.get(), 0));
        ModelPrice price = applied.price();
        long perMillion = switch (tokenClass) {
            case INPUT -> price.inputPer1M();
            case CACHED_INPUT -> price.cachedInputPer1M();
            case CACHE_WRITE -> price.cacheWritePer1M();
            case OUTPUT -> price.outputPer1M();
            case OTHER -> throw new IllegalStateException("no unit price for OTHER");
        };
        return Optional.of(BigDecimal.valueOf(perMillion).multiply(FULL.subtract(BigDecimal.valueOf(applied.discountBasisPoints())))
                .divide(FULL));
    }
}
