package com.gaterouter.router.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.catalog.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.routing.policy.EffectiveRouting;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models}: {@code auto} (when the catalog offers routing and the caller may use a
 * model it routes to), then exactly the models
 * this caller may use (its tenant's, department's, project's and key's model policies
 * intersected), in OpenAI's list shape plus context window and prices.
 */
public final class ModelsService {

    private final ModelCatalog catalog;
    private final Clock clock;

    public ModelsService(ModelCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public ApiResponse list(String requestId, Caller caller) {
        LocalDate today = LocalDate.now(clock);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        if (autoCanServe(caller)) {
            // the gateway's own model: it picks one of the models below by the request's complexity (docs/routing.md)
            ObjectNode auto = data.addObject();
            auto.put("id", "auto");
            auto.put("object", "model");
            auto.put("created", 0);
            auto.put("owned_by", "gaterouter");
        }
        for (ModelSpec model : catalog.models()) {
            if (!caller.mayUse(model.id())) {
                continue;
            }
            ObjectNode entry = data.addObject();
            entry.put("id", model.id());
            entry.put("object", "model");
            entry.put("created", model.priceOn(today).effective().atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond());
            entry.put("owned_by", model.vendor());
            entry.put("context_window", model.contextWindow());
            entry.put("max_output_tokens", model.maxOutputTokens());
            model.capabilities().stream().sorted().forEach(entry.putArray("capabilities")::add);
            ModelPrice price = model.priceOn(today);
            ObjectNode pricing = entry.putObject("pricing");
            pricing.put("currency", "USD");
            pricing.put("unit", "1M tokens");
            pricing.put("input", usd(price.inputPer1M()));
            pricing.put("cached_input", usd(price.cachedInputPer1M()));
            pricing.put("output", usd(price.outputPer1M()));
            pricing.put("effective", price.effective().toString());
        }
        return ApiResponse.json(200, Map.of("x-request-id", requestId), root.toString());
    }

    /** Whether {@code auto} has a model this caller may use among those its routing policy names. */
    private boolean autoCanServe(Caller caller) {
        return catalog.routingTiers().map(defaults -> {
            EffectiveRouting routing = EffectiveRouting.resolve(defaults, caller.routing());
            return routing.pinnedModel().map(List::of).orElseGet(() -> routing.candidates().values().stream().flatMap(List::stream).toList())
                    .stream().map(catalog::resolve).flatMap(java.util.Optional::stream).anyMatch(model -> caller.mayUse(model.id()));
        }).orElse(false);
    }

    private static BigDecimal usd(long micros) {
        return new BigDecimal(UsdMicros.toDecimalString(micros));
    }
}
