package com.gaterouter.router.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.common.api.ApiError;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.router.catalog.ModelSpec;
import com.gaterouter.routing.policy.EffectiveRouting;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/models}: {@code auto} (when the catalog offers routing and the caller may use a
 * model it routes to), then exactly the models
 * this caller may use (its tenant's, department's, project's and key's model policies
 * intersected), in OpenAI's list shape plus context window and prices; {@code GET /v1/models/{id}}:
 * one of them, in the same shape.
 */
public final class ModelsService {

    /** The model id that asks the gateway to route by complexity. */
    public static final String AUTO = "auto";

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
            data.add(auto());
        }
        for (ModelSpec model : catalog.models()) {
            if (caller.mayUse(model.id())) {
                data.add(entry(model, today));
            }
        }
        return ApiResponse.json(200, Map.of("x-request-id", requestId), root.toString());
    }

    /**
     * {@code GET /v1/models/{model}}: the entry {@link #list} shows for this model — found by id or
     * alias, or {@code auto} — if the list would show it to this caller; otherwise 404
     * {@code model_not_found}, the same for a model that does not exist and one the caller may not
     * use, so nobody learns which models other keys have.
     */
    public ApiResponse retrieve(String requestId, Caller caller, String requested) {
        if (requested.equals(AUTO)) {
            return autoCanServe(caller) ? ApiResponse.json(200, Map.of("x-request-id", requestId), auto().toString())
                    : notFound(requestId, requested);
        }
        Optional<ModelSpec> model = catalog.resolve(requested).filter(found -> caller.mayUse(found.id()));
        return model.isPresent()
                ? ApiResponse.json(200, Map.of("x-request-id", requestId), entry(model.get(), LocalDate.now(clock)).toString())
                : notFound(requestId, requested);
    }

    private static ApiResponse notFound(String requestId, String requested) {
        // the id is the caller's own text: shown back, but bounded
        String shown = requested.length() > 200 ? requested.substring(0, 200) + "…" : requested;
        return ApiError.notFound("model_not_found", "model",
                "The model '" + shown + "' does not exist or you do not have access to it.").toResponse(requestId);
    }

    /** The gateway's own model: it picks one of the catalog's by the request's complexity (docs/routing.md). */
    private static ObjectNode auto() {
        ObjectNode auto = Json.MAPPER.createObjectNode();
        auto.put("id", AUTO);
        auto.put("object", "model");
        auto.put("created", 0);
        auto.put("owned_by", "gaterouter");
        return auto;
    }

    /** OpenAI's model object plus GateRouter's context window, output limit, capabilities and prices. */
    private static ObjectNode entry(ModelSpec model, LocalDate today) {
        ModelPrice price = model.priceOn(today);
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("id", model.id());
        entry.put("object", "model");
        entry.put("created", price.effective().atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        entry.put("owned_by", model.vendor());
        entry.put("context_window", model.contextWindow());
        entry.put("max_output_tokens", model.maxOutputTokens());
        model.capabilities().stream().sorted().forEach(entry.putArray("capabilities")::add);
        ObjectNode pricing = entry.putObject("pricing");
        pricing.put("currency", "USD");
        pricing.put("unit", "1M tokens");
        pricing.put("input", usd(price.inputPer1M()));
        pricing.put("cached_input", usd(price.cachedInputPer1M()));
        pricing.put("output", usd(price.outputPer1M()));
        pricing.put("effective", price.effective().toString());
        return entry;
    }

    /** Whether {@code auto} has a model this caller may use among those its routing policy names. */
    private boolean autoCanServe(Caller caller) {
        return catalog.routingTiers().map(defaults -> {
            EffectiveRouting routing = EffectiveRouting.resolve(defaults, caller.routing());
            return routing.pinnedModel().map(List::of).orElseGet(() -> routing.candidates().values().stream().flatMap(List::stream).toList())
                    .stream().map(catalog::resolve).flatMap(Optional::stream).anyMatch(model -> caller.mayUse(model.id()));
        }).orElse(false);
    }

    private static BigDecimal usd(long micros) {
        return new BigDecimal(UsdMicros.toDecimalString(micros));
    }
}
