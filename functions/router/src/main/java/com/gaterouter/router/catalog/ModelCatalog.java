package com.gaterouter.router.catalog;

import com.gaterouter.common.money.ModelPrice;
import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.money.UsdMicros;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorTimeouts;
import com.gaterouter.routing.Tier;

/**
 * The models the gateway can serve and the vendors behind them, loaded from a JSON file
 * ({@code infra/catalog/models.json}, bundled as {@value #RESOURCE}; a deployment may point
 * {@code GATEROUTER_CATALOG} at its own). Immutable once loaded.
 */
public final class ModelCatalog {

    public static final String RESOURCE = "catalog/models.json";

    private final Map<String, VendorSpec> vendors;
    private final Map<String, ModelSpec> modelsById;
    private final Map<String, ModelSpec> modelsByAlias;
    private final Optional<Map<Tier, List<String>>> routingTiers;

    private ModelCatalog(Map<String, VendorSpec> vendors, List<ModelSpec> models, Optional<Map<Tier, List<String>>> routingTiers) {
        // catalog order, so listings and the local banner read as the file does
        this.vendors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vendors));
        Map<String, ModelSpec> byId = new LinkedHashMap<>();
        Map<String, ModelSpec> byAlias = new LinkedHashMap<>();
        for (ModelSpec model : models) {
            if (!vendors.containsKey(model.vendor())) {
                throw new IllegalArgumentException(model.id() + " names unknown vendor " + model.vendor());
            }
            if (byId.put(model.id(), model) != null) {
                throw new IllegalArgumentException("duplicate model id " + model.id());
            }
            for (String alias : model.aliases()) {
                if (byAlias.put(alias, model) != null) {
                    throw new IllegalArgumentException("alias " + alias + " names two models");
                }
            }
        }
        this.modelsById = java.util.Collections.unmodifiableMap(byId);
        this.modelsByAlias = Map.copyOf(byAlias);
        routingTiers.ifPresent(tiers -> {
            for (Tier tier : Tier.values()) {
                List<String> ids = tiers.get(tier);
                if (ids == null || ids.isEmpty()) {
                    throw new IllegalArgumentException("routing.tiers." + tier.wireName() + " names no model");
                }
                for (String id : ids) {
                    ModelSpec model = byId.get(id);
                    if (model == null || model.supports("embeddings")) {
                        throw new IllegalArgumentException("routing.tiers." + tier.wireName() + " names " + id + ", which is not a chat model here");
                    }
                }
            }
        });
        this.routingTiers = routingTiers.map(tiers -> java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(tiers)));
    }

    /** The catalog at {@code GATEROUTER_CATALOG} if set, else the bundled one. */
    public static ModelCatalog load(Optional<Path> override) {
        try {
            if (override.isPresent()) {
                try (InputStream in = Files.newInputStream(override.get())) {
                    return parse(in);
                }
            }
            try (InputStream in = ModelCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " missing from the class path");
                }
                return parse(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalog", e);
        }
    }

    public static ModelCatalog parse(InputStream json) throws IOException {
        JsonNode root = Json.MAPPER.readTree(json);
        Map<String, VendorSpec> vendors = new LinkedHashMap<>();
        for (var entry : root.path("vendors").properties()) {
            JsonNode v = entry.getValue();
            vendors.put(entry.getKey(), new VendorSpec(entry.getKey(), VendorApi.of(required(v, "api"), entry.getKey()),
                    URI.create(required(v, "baseUrl")), v.path("keyField").asText(entry.getKey()),
                    v.path("baseUrlEnv").asText(null), v.path("keyEnv").asText(null), timeouts(v.path("timeouts"))));
        }
        List<ModelSpec> models = new ArrayList<>();
        for (JsonNode m : root.path("models")) {
            List<ModelPrice> prices = new ArrayList<>();
            for (JsonNode p : m.path("prices")) {
                long input = UsdMicros.parseUsd(required(p, "input"));
                prices.add(new ModelPrice(LocalDate.parse(required(p, "effective")), input,
                        UsdMicros.parseUsd(p.path("cachedInput").asText(required(p, "input"))),
                        UsdMicros.parseUsd(p.path("cacheWrite").asText(required(p, "input"))),
                        UsdMicros.parseUsd(required(p, "output"))));
            }
            List<String> capabilities = new ArrayList<>();
            m.path("capabilities").forEach(c -> capabilities.add(c.asText()));
            List<String> aliases = new ArrayList<>();
            m.path("aliases").forEach(a -> aliases.add(a.asText()));
            models.add(new ModelSpec(required(m, "id"), required(m, "vendor"), required(m, "upstream"),
                    m.path("contextWindow").asInt(0), m.path("maxOutputTokens").asInt(0),
                    new HashSet<>(capabilities), aliases, prices));
        }
        return new ModelCatalog(vendors, models, routingTiers(root.path("routing").path("tiers")));
    }

    /** The catalog's default candidates per tier for {@code auto}; absent: {@code auto} is not offered. */
    private static Optional<Map<Tier, List<String>>> routingTiers(JsonNode tiers) {
        if (!tiers.isObject()) {
            return Optional.empty();
        }
        Map<Tier, List<String>> byTier = new java.util.EnumMap<>(Tier.class);
        for (var entry : tiers.properties()) {
            Tier tier = Tier.fromWire(entry.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("routing.tiers has unknown tier " + entry.getKey()));
            List<String> ids = new ArrayList<>();
            entry.getValue().forEach(id -> ids.add(id.asText()));
            byTier.put(tier, List.copyOf(ids));
        }
        return Optional.of(byTier);
    }

    /** Optional per-vendor limits; any missing one takes the default. */
    private static Optional<VendorTimeouts> timeouts(JsonNode node) {
        if (!node.isObject()) {
            return Optional.empty();
        }
        VendorTimeouts d = VendorTimeouts.DEFAULT;
        return Optional.of(new VendorTimeouts(
                java.time.Duration.ofMillis(node.path("connectMs").asLong(d.connect().toMillis())),
                java.time.Duration.ofMillis(node.path("firstByteMs").asLong(d.firstByte().toMillis())),
                java.time.Duration.ofMillis(node.path("totalMs").asLong(d.total().toMillis()))));
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("catalog entry lacks \"" + field + "\": " + node);
        }
        return value.asText();
    }

    /** A model by id or alias. */
    public Optional<ModelSpec> resolve(String idOrAlias) {
        ModelSpec model = modelsById.get(idOrAlias);
        return model != null ? Optional.of(model) : Optional.ofNullable(modelsByAlias.get(idOrAlias));
    }

    /** The default candidates per tier for {@code model: "auto"}, every tier present; empty when the catalog offers no {@code auto}. */
    public Optional<Map<Tier, List<String>>> routingTiers() {
        return routingTiers;
    }

    public Collection<ModelSpec> models() {
        return modelsById.values();
    }

    public VendorSpec vendor(String name) {
        VendorSpec vendor = vendors.get(name);
        if (vendor == null) {
            throw new IllegalArgumentException("unknown vendor " + name);
        }
        return vendor;
    }

    public Collection<VendorSpec> vendors() {
        return vendors.values();
    }

    /** The same models with some vendors re-pointed (e.g. at the vendor simulator). */
    public ModelCatalog withVendors(UnaryOperator<VendorSpec> change) {
        Map<String, VendorSpec> changed = new LinkedHashMap<>();
        vendors.forEach((name, spec) -> changed.put(name, change.apply(spec)));
        return new ModelCatalog(changed, List.copyOf(modelsById.values()), routingTiers);
    }
}
