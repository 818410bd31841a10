package com.gaterouter.admin.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.money.ModelPrice;
import com.gaterouter.common.money.UsdMicros;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.calibration.TokenPrice;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a routing calibration needs of the model catalog ({@code infra/catalog/models.json}, bundled
 * as {@value #RESOURCE} like the router's; {@code GATEROUTER_CATALOG} points at another, as for the
 * router): the deployment's default candidates per tier, and each model's list price (input and
 * output per 1M tokens) in force on a day. The router's {@code ModelCatalog} reads the same file for
 * everything else; this reads only these two parts.
 */
public final class CatalogPrices {

    public static final String RESOURCE = "catalog/models.json";

    /** A model's vendor and the name the vendor knows it by (its API's model name, what invoices name). */
    private record Origin(String vendor, String upstream) {
    }

    private final Optional<Map<Tier, List<String>>> defaultTiers;
    private final Map<String, List<ModelPrice>> pricesById;
    private final Map<String, String> idsByAlias;
    private final Map<String, Origin> origins;

    private CatalogPrices(Optional<Map<Tier, List<String>>> defaultTiers, Map<String, List<ModelPrice>> pricesById,
                          Map<String, String> idsByAlias, Map<String, Origin> origins) {
        this.defaultTiers = defaultTiers;
        this.pricesById = pricesById;
        this.idsByAlias = idsByAlias;
        this.origins = origins;
    }

    /** The catalog at {@code override} if given, else the bundled one. */
    public static CatalogPrices load(Optional<Path> override) {
        try {
            if (override.isPresent()) {
                try (InputStream in = Files.newInputStream(override.get())) {
                    return parse(in);
                }
            }
            try (InputStream in = CatalogPrices.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " missing from the class path");
                }
                return parse(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalog", e);
        }
    }

    public static CatalogPrices parse(InputStream json) throws IOException {
        JsonNode root = Json.MAPPER.readTree(json);
        Map<String, List<ModelPrice>> prices = new HashMap<>();
        Map<String, String> aliases = new HashMap<>();
        Map<String, Origin> origins = new HashMap<>();
        for (JsonNode model : root.path("models")) {
            String id = model.path("id").asText();
            List<ModelPrice> history = new ArrayList<>();
            for (JsonNode price : model.path("prices")) {
                // as the router's catalog reads it: cached input and cache writes default to the input price
                String input = price.path("input").asText();
                history.add(new ModelPrice(LocalDate.parse(price.path("effective").asText()), UsdMicros.parseUsd(input),
                        UsdMicros.parseUsd(price.path("cachedInput").asText(input)),
                        UsdMicros.parseUsd(price.path("cacheWrite").asText(input)),
                        UsdMicros.parseUsd(price.path("output").asText())));
            }
            if (id.isEmpty() || history.isEmpty()) {
                throw new IllegalArgumentException("a catalog model needs an id and a price: " + model);
            }
            history.sort(Comparator.comparing(ModelPrice::effective));
            prices.put(id, List.copyOf(history));
            String vendor = model.path("vendor").asText(id.substring(0, Math.max(0, id.indexOf('/'))));
            origins.put(id, new Origin(vendor, model.path("upstream").asText(id.substring(id.indexOf('/') + 1))));
            model.path("aliases").forEach(alias -> aliases.put(alias.asText(), id));
        }
        Optional<Map<Tier, List<String>>> tiers = Optional.empty();
        JsonNode routing = root.path("routing").path("tiers");
        if (routing.isObject()) {
            Map<Tier, List<String>> byTier = new EnumMap<>(Tier.class);
            for (var entry : routing.properties()) {
                Tier tier = Tier.fromWire(entry.getKey())
                        .orElseThrow(() -> new IllegalArgumentException("routing.tiers has unknown tier " + entry.getKey()));
                List<String> ids = new ArrayList<>();
                entry.getValue().forEach(id -> ids.add(id.asText()));
                byTier.put(tier, List.copyOf(ids));
            }
            for (Tier tier : Tier.values()) {
                if (byTier.getOrDefault(tier, List.of()).isEmpty()) {
                    throw new IllegalArgumentException("routing.tiers." + tier.wireName() + " names no model");
                }
                for (String id : byTier.get(tier)) {
                    if (!prices.containsKey(id)) {
                        throw new IllegalArgumentException("routing.tiers." + tier.wireName() + " names " + id + ", which is not in the catalog");
                    }
                }
            }
            tiers = Optional.of(Collections.unmodifiableMap(byTier));
        }
        return new CatalogPrices(tiers, Map.copyOf(prices), Map.copyOf(aliases), Map.copyOf(origins));
    }

    /** The default candidates per tier for {@code model: "auto"}, every tier present; empty when the catalog offers no {@code auto}. */
    public Optional<Map<Tier, List<String>>> defaultTiers() {
        return defaultTiers;
    }

    /** The catalog id of a model named by id or alias, if the catalog has it. */
    public Optional<String> resolve(String idOrAlias) {
        return pricesById.containsKey(idOrAlias) ? Optional.of(idOrAlias) : Optional.ofNullable(idsByAlias.get(idOrAlias));
    }

    /**
     * The list price in force on {@code day} (the latest effective by then; the earliest if the day
     * predates them all, as the router prices), in USD per 1M tokens; empty for a model the catalog lacks.
     */
    public Optional<TokenPrice> listPrice(String idOrAlias, LocalDate day) {
        return modelPrice(idOrAlias, day).map(current ->
                new TokenPrice(current.inputPer1M() / (double) UsdMicros.PER_USD, current.outputPer1M() / (double) UsdMicros.PER_USD));
    }

    /**
     * The whole list price in force on {@code day} (input, cached input, cache write, output; micro-USD per 1M
     * tokens), chosen as the router chooses it; empty for a model the catalog lacks.
     */
    public Optional<ModelPrice> modelPrice(String idOrAlias, LocalDate day) {
        return resolve(idOrAlias).map(pricesById::get).map(history -> {
            ModelPrice current = history.getFirst();
            for (ModelPrice price : history) {
                if (!price.effective().isAfter(day)) {
                    current = price;
                }
            }
            return current;
        });
    }

    /** The vendors the catalog has models of. */
    public java.util.SortedSet<String> vendors() {
        java.util.TreeSet<String> vendors = new java.util.TreeSet<>();
        origins.values().forEach(o -> vendors.add(o.vendor()));
        return vendors;
    }

    /** The vendor of a catalog model. */
    public Optional<String> vendorOf(String id) {
        return Optional.ofNullable(origins.get(id)).map(Origin::vendor);
    }

    /**
     * The catalog model a vendor's own name for it means (what its invoices say): the model whose
     * {@code upstream} name it is — also as a dated snapshot ({@code gpt-4o-mini-2024-07-18},
     * {@code claude-haiku-4-5-20251001}) or a Bedrock id with a region prefix ({@code us.anthropic…})
     * or version suffix ({@code …-v1:0}).
     */
    public Optional<String> byVendorName(String vendor, String vendorModel) {
        String name = vendorModel.strip();
        Optional<String> exact = modelOf(vendor, upstream -> upstream.equals(name));
        return exact.isPresent() ? exact : modelOf(vendor, upstream -> bare(upstream).equals(bare(name)));
    }

    private Optional<String> modelOf(String vendor, java.util.function.Predicate<String> upstream) {
        return origins.entrySet().stream()
                .filter(e -> e.getValue().vendor().equals(vendor) && upstream.test(e.getValue().upstream()))
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    /** A vendor model name without a Bedrock region prefix, a version suffix or a snapshot date. */
    private static String bare(String name) {
        return name.replaceFirst("^(us|eu|apac|global)\\.", "").replaceFirst("-v\\d+(:\\d+)?$", "")
                .replaceFirst("-\\d{4}-?\\d{2}-?\\d{2}$", "");
    }


    /** Input plus output list price per 1M tokens, in micro-USD, as {@code prefer: cost} orders a tier; unknown models last. */
    long comparablePrice(String idOrAlias, LocalDate day) {
        return listPrice(idOrAlias, day).map(p -> Math.round((p.inputPerMillion() + p.outputPerMillion()) * UsdMicros.PER_USD))
                .orElse(Long.MAX_VALUE);
    }
}
