package com.gaterouter.admin.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.TenantPricing;
import com.gaterouter.common.accounts.TenantPricing.PriceOverride;
import com.gaterouter.common.money.UsdMicros;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's pricing as the admin API shows and takes it: {@code discountBasisPoints} (0 to
 * 10,000) and {@code models}, model id → {@code {input, cachedInput?, cacheWrite?, output}} in USD
 * per 1M tokens like the catalog (exact decimals, at most 6 places; cached input and cache writes
 * default to input). Answers add each price in integer micro-USD ({@code inputMicros}, …).
 */
public final class PricingJson {

    static final int MAX_MODELS = 100;
    private static final String[] PRICE_FIELDS = {"input", "cachedInput", "cacheWrite", "output"};

    private PricingJson() {
    }

    /** What a PUT sets: the discount and the overrides (absent fields: no discount, no overrides). */
    record Terms(int discountBasisPoints, Map<String, PriceOverride> overrides) {
    }

    static Terms parse(JsonBody body) {
        body.only("discountBasisPoints", "models");
        int discount = body.integer("discountBasisPoints", 0, TenantPricing.FULL_PRICE_BASIS_POINTS).orElse(0);
        Map<String, PriceOverride> overrides = models(body, "models");
        return new Terms(discount, overrides);
    }

    /**
     * {@code field}: model id → {@code {input, cachedInput?, cacheWrite?, output}} in USD per 1M tokens (at most
     * {@value #MAX_MODELS} models); empty when absent. Tenant pricing's {@code models} and a contract's {@code modelPrices}.
     */
    public static Map<String, PriceOverride> models(JsonBody body, String field) {
        Map<String, PriceOverride> overrides = new TreeMap<>();
        JsonBody models = body.object(field).orElse(null);
        if (models != null) {
            JsonNode raw = body.node(field).orElseThrow();
            if (raw.size() > MAX_MODELS) {
                throw AdminException.invalid(field, "'" + field + "' has more than " + MAX_MODELS + " entries.");
            }
            for (Iterator<String> names = raw.fieldNames(); names.hasNext(); ) {
                String model = names.next();
                String param = models.param(model);
                Check.modelId(param, model);
                JsonBody price = models.object(model).orElseThrow(() -> AdminException.invalid(param, "'" + param + "' must be an object."));
                price.only(PRICE_FIELDS);
                long input = usd(price, "input").orElseThrow(() -> price.missing("input"));
                long output = usd(price, "output").orElseThrow(() -> price.missing("output"));
                overrides.put(model, new PriceOverride(input, usd(price, "cachedInput").orElse(input),
                        usd(price, "cacheWrite").orElse(input), output));
            }
        }
        return overrides;
    }

    /** A model's prices as answers show them: each as an exact decimal and in micro-USD. */
    public static void putPrices(ObjectNode m, PriceOverride price) {
        putPrice(m, "input", price.inputPer1M());
        putPrice(m, "cachedInput", price.cachedInputPer1M());
        putPrice(m, "cacheWrite", price.cacheWritePer1M());
        putPrice(m, "output", price.outputPer1M());
    }

    private static java.util.Optional<Long> usd(JsonBody body, String field) {
        return body.node(field).map(v -> Check.usdMicros(body.param(field), v));
    }

    public static ObjectNode render(TenantPricing pricing) {
        ObjectNode node = Views.object();
        node.put("tenantId", pricing.tenantId());
        node.put("discountBasisPoints", pricing.discountBasisPoints());
        ObjectNode models = node.putObject("models");
        pricing.overrides().forEach((model, price) -> putPrices(models.putObject(model), price));
        Views.putInstant(node, "createdAt", pricing.createdAt());
        Views.putInstant(node, "updatedAt", pricing.updatedAt());
        node.put("version", pricing.version());
        return node;
    }

    /** A tenant that never had pricing set pays list prices: no discount, no overrides, no version yet. */
    public static ObjectNode renderListPrices(String tenantId) {
        ObjectNode node = Views.object();
        node.put("tenantId", tenantId);
        node.put("discountBasisPoints", 0);
        node.putObject("models");
        node.putNull("createdAt");
        node.putNull("updatedAt");
        node.putNull("version");
        return node;
    }

    private static void putPrice(ObjectNode node, String field, long microsPer1M) {
        node.put(field, UsdMicros.toDecimalString(microsPer1M));
        node.put(field + "Micros", microsPer1M);
    }
}
