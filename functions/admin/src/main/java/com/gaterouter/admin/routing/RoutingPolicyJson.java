package com.gaterouter.admin.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.gaterouter.admin.http.AdminException;
import com.gaterouter.admin.http.Check;
import com.gaterouter.admin.http.JsonBody;
import com.gaterouter.admin.support.Views;
import com.gaterouter.common.accounts.RoutingPolicy;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.policy.Preference;
import com.gaterouter.routing.policy.RoutingMode;
import com.gaterouter.routing.policy.RoutingRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A routing policy as the admin API shows and takes it (docs/routing.md): every knob optional —
 * {@code mode} ({@code route|shadow}), {@code prefer} ({@code cost|balanced|quality}),
 * {@code thresholds} ({@code {lightBelow, heavyFrom}}, both, each 0 to 1 with at most 3 decimals,
 * lightBelow ≤ heavyFrom), {@code tiers} (tier → 1 to 5 distinct catalog model ids, in the order to
 * try them) and {@code pinnedModel} (a catalog model id). A knob absent or {@code null} is not set
 * at this level and inherits from the level above. Model ids are checked for their form only: the
 * admin API has no catalog, and the router skips (and reports) ids it does not know.
 */
public final class RoutingPolicyJson {

    static final String[] KNOBS = {"mode", "prefer", "thresholds", "tiers", "pinnedModel"};
    /** Threshold precision: finer steps than 0.001 are noise against the classifier's calibration. */
    static final int THRESHOLD_DECIMALS = 3;

    private RoutingPolicyJson() {
    }

    /** The rules a PUT sets; 400 naming the field for anything malformed, and for a body that sets no knob at all. */
    static RoutingRules parse(JsonBody body) {
        body.only(KNOBS);
        Optional<RoutingMode> mode = body.string("mode").map(value -> RoutingMode.fromWire(value)
                .orElseThrow(() -> AdminException.invalid(body.param("mode"), "'mode' must be route or shadow.")));
        Optional<Preference> prefer = body.string("prefer").map(value -> Preference.fromWire(value)
                .orElseThrow(() -> AdminException.invalid(body.param("prefer"), "'prefer' must be cost, balanced or quality.")));
        Optional<TierThresholds> thresholds = body.object("thresholds").map(RoutingPolicyJson::thresholds);
        Map<Tier, List<String>> candidates = body.object("tiers").map(RoutingPolicyJson::tiers).orElse(Map.of());
        Optional<String> pinned = body.node("pinnedModel").map(value -> Check.modelId(body.param("pinnedModel"), value));
        RoutingRules rules = new RoutingRules(mode, prefer, thresholds, candidates, pinned);
        if (rules.equals(RoutingRules.NONE)) {
            throw AdminException.invalid(null, "A routing policy sets at least one of " + String.join(", ", KNOBS)
                    + "; to remove this level's routing policy (and inherit everything), DELETE it.");
        }
        return rules;
    }

    private static TierThresholds thresholds(JsonBody thresholds) {
        thresholds.only("lightBelow", "heavyFrom");
        BigDecimal lightBelow = threshold(thresholds, "lightBelow");
        BigDecimal heavyFrom = threshold(thresholds, "heavyFrom");
        if (lightBelow.compareTo(heavyFrom) > 0) {
            String param = thresholds.param("lightBelow");
            throw AdminException.invalid(param, "'" + param + "' must not be above '" + thresholds.param("heavyFrom")
                    + "' (equal means no standard tier).");
        }
        return new TierThresholds(lightBelow.doubleValue(), heavyFrom.doubleValue());
    }

    /** A score boundary: a JSON number from 0 to 1 with at most {@value #THRESHOLD_DECIMALS} decimal places. */
    private static BigDecimal threshold(JsonBody thresholds, String field) {
        String param = thresholds.param(field);
        JsonNode value = thresholds.node(field).orElseThrow(() -> thresholds.missing(field));
        if (!value.isNumber()) {
            throw AdminException.invalid(param, "'" + param + "' must be a number from 0 to 1.");
        }
        BigDecimal score = value.decimalValue();
        if (score.signum() < 0 || score.compareTo(BigDecimal.ONE) > 0) {
            throw AdminException.invalid(param, "'" + param + "' must be a number from 0 to 1.");
        }
        if (score.stripTrailingZeros().scale() > THRESHOLD_DECIMALS) {
            throw AdminException.invalid(param, "'" + param + "' has more than " + THRESHOLD_DECIMALS + " decimal places.");
        }
        return score;
    }

    private static Map<Tier, List<String>> tiers(JsonBody tiers) {
        String[] names = new String[Tier.values().length];
        for (Tier tier : Tier.values()) {
            names[tier.ordinal()] = tier.wireName();
        }
        tiers.only(names);
        Map<Tier, List<String>> candidates = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            String param = tiers.param(tier.wireName());
            tiers.array(tier.wireName()).ifPresent(values -> {
                if (values.isEmpty() || values.size() > RoutingRules.MAX_CANDIDATES_PER_TIER) {
                    throw AdminException.invalid(param, "'" + param + "' must list 1 to " + RoutingRules.MAX_CANDIDATES_PER_TIER
                            + " models (leave the tier out to inherit it).");
                }
                List<String> models = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    String itemParam = param + "[" + i + "]";
                    String model = Check.modelId(itemParam, values.get(i));
                    if (models.contains(model)) {
                        throw AdminException.invalid(itemParam, "'" + itemParam + "' repeats " + model + " (at "
                                + param + "[" + models.indexOf(model) + "]).");
                    }
                    models.add(model);
                }
                candidates.put(tier, models);
            });
        }
        return candidates;
    }

    public static ObjectNode render(RoutingPolicy policy) {
        RoutingRules rules = policy.rules();
        ObjectNode node = Views.object();
        node.put("tenantId", policy.tenantId());
        node.put("scope", policy.scope().wireName());
        node.put("scopeId", policy.scopeId());
        Views.put(node, "mode", rules.mode().map(RoutingMode::wireName));
        Views.put(node, "prefer", rules.prefer().map(Preference::wireName));
        if (rules.thresholds().isPresent()) {
            ObjectNode thresholds = node.putObject("thresholds");
            thresholds.put("lightBelow", BigDecimal.valueOf(rules.thresholds().get().lightBelow()));
            thresholds.put("heavyFrom", BigDecimal.valueOf(rules.thresholds().get().heavyFrom()));
        } else {
            node.putNull("thresholds");
        }
        ObjectNode tiers = node.putObject("tiers");
        for (Tier tier : Tier.values()) {
            List<String> models = rules.candidates().get(tier);
            if (models == null) {
                tiers.putNull(tier.wireName());
            } else {
                ArrayNode array = tiers.putArray(tier.wireName());
                models.forEach(array::add);
            }
        }
        Views.put(node, "pinnedModel", rules.pinnedModel());
        Views.putInstant(node, "createdAt", policy.createdAt());
        Views.putInstant(node, "updatedAt", policy.updatedAt());
        node.put("version", policy.version());
        return node;
    }
}
