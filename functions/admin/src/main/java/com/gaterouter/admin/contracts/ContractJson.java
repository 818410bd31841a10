package com.gaterouter.admin.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.pricing.PricingJson;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.TenantPricing.PriceOverride;
import com.gaterouter.common.accounts.VendorTerms;
import com.gaterouter.common.money.UsdMicros;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * A vendor contract as the admin API takes and shows it (docs/finops.md): {@code effectiveFrom}
 * (a UTC day), {@code discountPercent} (0 to 100, at most two decimals: 12.5 = 1,250 basis points),
 * {@code modelPrices} (catalog model → {@code {input, cachedInput?, cacheWrite?, output}}, USD per 1M
 * tokens, as tenant pricing's {@code models}), {@code creditsUsd} and {@code monthlyCommitUsd}
 * (exact USD, at most six decimals), {@code billingAccount} (the vendor-side account whose usage is the
 * tenant's: what the scheduled fetch reconciles). Answers show money as decimals and micro-USD.
 */
public final class ContractJson {

    private static final java.util.regex.Pattern BILLING_ACCOUNT = java.util.regex.Pattern.compile("^[A-Za-z0-9_.:-]{1,128}$");

    private ContractJson() {
    }

    /** What a PUT says of one vendor's terms; who and when come from the call. */
    record Terms(LocalDate effectiveFrom, int discountBasisPoints, Map<String, PriceOverride> modelPrices, long creditsMicros,
                 long monthlyCommitMicros, Optional<String> billingAccount) {
    }

    static Terms parse(JsonBody body, String vendor, java.util.function.Predicate<String> modelOfVendor) {
        body.only("effectiveFrom", "discountPercent", "modelPrices", "creditsUsd", "monthlyCommitUsd", "billingAccount");
        LocalDate from = day(body.param("effectiveFrom"), body.requiredString("effectiveFrom"));
        int discount = body.node("discountPercent").map(v -> discountBasisPoints(body.param("discountPercent"), v)).orElse(0);
        Map<String, PriceOverride> prices = PricingJson.models(body, "modelPrices");
        for (String model : prices.keySet()) {
            if (!modelOfVendor.test(model)) {
                throw AdminException.invalid(body.param("modelPrices") + "." + model,
                        "'" + model + "' is not a catalog model of " + vendor + ".");
            }
        }
        long credits = body.node("creditsUsd").map(v -> Check.usdMicros(body.param("creditsUsd"), v)).orElse(0L);
        long commit = body.node("monthlyCommitUsd").map(v -> Check.usdMicros(body.param("monthlyCommitUsd"), v)).orElse(0L);
        Optional<String> account = body.string("billingAccount").map(a -> {
            if (!BILLING_ACCOUNT.matcher(a).matches()) {
                throw AdminException.invalid(body.param("billingAccount"),
                        "'billingAccount' must be the vendor's account id: 1 to 128 letters, digits, '-', '_', '.' or ':'.");
            }
            return a;
        });
        return new Terms(from, discount, prices, credits, commit, account);
    }

    /** A UTC day, {@code YYYY-MM-DD}. */
    public static LocalDate day(String param, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw AdminException.invalid(param, "'" + param + "' must be a day as YYYY-MM-DD, not '" + value + "'.");
        }
    }

    private static int discountBasisPoints(String param, JsonNode value) {
        BigDecimal percent;
        try {
            percent = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().strip());
        } catch (NumberFormatException e) {
            throw AdminException.invalid(param, "'" + param + "' must be a percentage from 0 to 100, such as 20 or \"12.5\".");
        }
        if (!(value.isNumber() || value.isTextual()) || percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw AdminException.invalid(param, "'" + param + "' must be a percentage from 0 to 100, such as 20 or \"12.5\".");
        }
        if (percent.stripTrailingZeros().scale() > 2) {
            throw AdminException.invalid(param, "'" + param + "' has more than 2 decimal places (it is kept in basis points).");
        }
        return percent.movePointRight(2).intValueExact();
    }

    /** The whole table's contracts: {@code {tenantId, version, contracts: [terms, oldest first per vendor]}}. */
    static ObjectNode renderTable(String tenantId, Optional<TenantPricing> table, LocalDate today) {
        ObjectNode node = Views.object();
        node.put("tenantId", tenantId);
        if (table.isPresent()) {
            node.put("version", table.get().version());
        } else {
            node.putNull("version");
        }
        ArrayNode contracts = node.putArray("contracts");
        table.ifPresent(t -> t.contracts().forEach(terms -> contracts.add(render(terms, t.termsOn(terms.vendor(), today)))));
        return node;
    }

    /** One vendor's terms: {@code {tenantId, vendor, version, inForce, terms: [oldest first]}}. */
    static ObjectNode renderVendor(TenantPricing table, String vendor, LocalDate today) {
        ObjectNode node = Views.object();
        node.put("tenantId", table.tenantId());
        node.put("vendor", vendor);
        node.put("version", table.version());
        Optional<VendorTerms> inForce = table.termsOn(vendor, today);
        if (inForce.isPresent()) {
            node.set("inForce", render(inForce.get(), inForce));
        } else {
            node.putNull("inForce");
        }
        ArrayNode terms = node.putArray("terms");
        table.contractsOf(vendor).forEach(t -> terms.add(render(t, inForce)));
        return node;
    }

    static ObjectNode render(VendorTerms terms, Optional<VendorTerms> inForce) {
        ObjectNode node = Views.object();
        node.put("vendor", terms.vendor());
        node.put("effectiveFrom", terms.effectiveFrom().toString());
        node.put("inForce", inForce.map(terms::equals).orElse(false));
        node.put("discountPercent", BigDecimal.valueOf(terms.discountBasisPoints(), 2).stripTrailingZeros().toPlainString());
        node.put("discountBasisPoints", terms.discountBasisPoints());
        ObjectNode prices = node.putObject("modelPrices");
        terms.modelPrices().forEach((model, price) -> PricingJson.putPrices(prices.putObject(model), price));
        node.put("creditsUsd", UsdMicros.toDecimalString(terms.creditsMicros()));
        node.put("creditsUsdMicros", terms.creditsMicros());
        node.put("monthlyCommitUsd", UsdMicros.toDecimalString(terms.monthlyCommitMicros()));
        node.put("monthlyCommitUsdMicros", terms.monthlyCommitMicros());
        if (terms.billingAccount().isPresent()) {
            node.put("billingAccount", terms.billingAccount().get());
        } else {
            node.putNull("billingAccount");
        }
        Views.putInstant(node, "setAt", terms.setAt());
        node.put("setBy", terms.setBy());
        return node;
    }
}
