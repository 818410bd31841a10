package com.gaterouter.admin.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.gaterouter.common.json.Json;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.calibration.LabelledExample;
import com.gaterouter.routing.calibration.ThresholdCalibration.Mode;
import com.gaterouter.routing.calibration.TokenPrice;
import com.gaterouter.routing.classifier.Classification;
import com.gaterouter.routing.classifier.ComplexityClassifier;
import com.gaterouter.routing.policy.EffectiveRouting;
import com.gaterouter.routing.policy.Preference;
import com.gaterouter.routing.policy.RoutingMode;
import com.gaterouter.routing.policy.RoutingRules;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The calibration itself, in plain Java: which models it prices, at which prices, and the figures. */
class CalibrationServiceTest {

    /** Four models; "cheap" got cheaper on 1 June; the default tiers name "mini", "mid" and "big". */
    private static final String CATALOG = """
            {"routing": {"tiers": {"light": ["v/mini"], "standard": ["v/mid"], "heavy": ["v/big"]}},
             "models": [
               {"id": "v/mini", "prices": [{"effective": "2026-01-01", "input": "0.10", "output": "0.40"}]},
               {"id": "v/cheap", "aliases": ["cheap"], "prices": [{"effective": "2026-01-01", "input": "0.20", "output": "0.80"},
                                                                 {"effective": "2026-06-01", "input": "0.05", "output": "0.20"}]},
               {"id": "v/mid", "prices": [{"effective": "2026-01-01", "input": "1", "output": "4"}]},
               {"id": "v/big", "prices": [{"effective": "2026-01-01", "input": "3", "output": "15"}]}]}""";

    private static CatalogPrices catalog() throws Exception {
        return CatalogPrices.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
    }

    private static EffectiveRouting routing(RoutingRules... levels) throws Exception {
        return EffectiveRouting.resolve(catalog().defaultTiers().orElseThrow(), List.of(levels));
    }

    private static RoutingRules rules(Optional<Preference> prefer, Optional<TierThresholds> thresholds, Map<Tier, List<String>> tiers) {
        return new RoutingRules(Optional.<RoutingMode>empty(), prefer, thresholds, tiers, Optional.empty());
    }

    /** Scores by prompt: "easy" 0.1, "hard" 0.8. */
    private static final ComplexityClassifier BY_PROMPT = shape -> new Classification(shape.head().startsWith("hard") ? 0.8 : 0.1, List.of());

    /** A 40-character prompt: 10 input tokens. */
    private static LabelledExample example(String kind, boolean needsStrong) {
        String prompt = (kind + " " + "x".repeat(40)).substring(0, 40);
        return LabelledExample.parse(Json.MAPPER.createObjectNode().put("prompt", prompt).put("needs_strong", needsStrong), true);
    }

    private static final List<LabelledExample> EXAMPLES = List.of(example("hard", true), example("easy", false),
            example("easy", false), example("easy", false));

    @Test
    void theDefaultsPriceTheDefaultLightAndHeavyModels() throws Exception {
        CalibrationService.Calibrated calibrated = CalibrationService.calibrate(EXAMPLES, routing(), catalog(), BY_PROMPT,
                LocalDate.of(2026, 3, 1));
        assertThat(calibrated.weakModel()).isEqualTo("v/mini");
        assertThat(calibrated.strongModel()).isEqualTo("v/big");
        assertThat(calibrated.weakPrice()).isEqualTo(new TokenPrice(0.10, 0.40));
        assertThat(calibrated.strongPrice()).isEqualTo(new TokenPrice(3, 15));
        // per example: weak 10 × 0.10 + 300 × 0.40 = 121, strong 10 × 3 + 300 × 15 = 4530 (per 1M tokens)
        var report = calibrated.report();
        assertThat(report.calibration().size()).isEqualTo(4);
        assertThat(report.calibration().weakQualityShare()).isCloseTo(0.75, within(1e-12));
        // the balanced default sends the hard prompt strong: full quality at (4530 + 3 × 121) / (4 × 4530)
        var current = report.at(calibrated.routing().thresholds());
        assertThat(current.thresholds()).isEqualTo(TierThresholds.BALANCED);
        assertThat(current.figures().strongShare()).isEqualTo(0.25);
        assertThat(current.figures().quality()).isCloseTo(1, within(1e-12));
        assertThat(current.figures().costShare()).isCloseTo((4530 + 3 * 121) / (4.0 * 4530), within(1e-12));
        // every mode sends the hard prompt, and only it, strong; light thresholds stay at or below the tools floor
        for (Mode mode : Mode.values()) {
            assertThat(report.modes().get(mode).thresholds()).isEqualTo(new TierThresholds(com.gaterouter.routing.classifier.HybridClassifier.toolsFloor(), 0.8));
        }
    }

    @Test
    void theLevelsPolicyChoosesTheModelsAndPreferCostTakesTheCheapestLightModelOnTheDay() throws Exception {
        RoutingRules tenant = rules(Optional.empty(), Optional.of(new TierThresholds(0.2, 0.9)),
                Map.of(Tier.LIGHT, List.of("v/mini", "cheap"), Tier.HEAVY, List.of("v/unknown", "v/mid")));
        // in the policy's order, the light tier's first; the heavy tier's first model the catalog knows
        CalibrationService.Calibrated inOrder = CalibrationService.calibrate(EXAMPLES, routing(tenant), catalog(), BY_PROMPT,
                LocalDate.of(2026, 7, 1));
        assertThat(inOrder.weakModel()).isEqualTo("v/mini");
        assertThat(inOrder.strongModel()).isEqualTo("v/mid");
        assertThat(inOrder.routing().thresholds()).isEqualTo(new TierThresholds(0.2, 0.9));
        // a department that prefers cost: the cheapest light model on the day (by alias, at its June price)
        RoutingRules department = rules(Optional.of(Preference.COST), Optional.empty(), Map.of());
        CalibrationService.Calibrated july = CalibrationService.calibrate(EXAMPLES, routing(tenant, department), catalog(), BY_PROMPT,
                LocalDate.of(2026, 7, 1));
        assertThat(july.weakModel()).isEqualTo("v/cheap");
        assertThat(july.weakPrice()).isEqualTo(new TokenPrice(0.05, 0.20));
        assertThat(july.routing().thresholds()).as("the tenant's explicit thresholds still win").isEqualTo(new TierThresholds(0.2, 0.9));
        // in March "cheap" cost more than "mini"
        CalibrationService.Calibrated march = CalibrationService.calibrate(EXAMPLES, routing(tenant, department), catalog(), BY_PROMPT,
                LocalDate.of(2026, 3, 1));
        assertThat(march.weakModel()).isEqualTo("v/mini");
    }

    @Test
    void examplesTheStrongModelNeverGetsRightAreNothingToCalibrateOn() throws Exception {
        LabelledExample wrong = LabelledExample.parse(Json.MAPPER.readTree("{\"prompt\": \"x\", \"weak_correct\": true, \"strong_correct\": false}"),
                true);
        assertThatThrownBy(() -> CalibrationService.calibrate(List.of(wrong), routing(), catalog(), BY_PROMPT, LocalDate.of(2026, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strong model");
    }

    @Test
    void theBundledCatalogHasTheDefaultTiersAndListPrices() {
        CatalogPrices bundled = CatalogPrices.load(Optional.empty());
        Map<Tier, List<String>> tiers = bundled.defaultTiers().orElseThrow();
        assertThat(tiers.get(Tier.LIGHT)).first().isEqualTo("openai/gpt-4o-mini");
        assertThat(tiers.get(Tier.HEAVY)).first().isEqualTo("anthropic/claude-sonnet-4-5");
        assertThat(bundled.listPrice("openai/gpt-4o-mini", LocalDate.of(2026, 1, 1))).contains(new TokenPrice(0.15, 0.60));
        assertThat(bundled.listPrice("gpt-4o", LocalDate.of(2026, 1, 1))).as("by alias").contains(new TokenPrice(2.50, 10.00));
        assertThat(bundled.listPrice("openai/no-such-model", LocalDate.of(2026, 1, 1))).isEmpty();
    }

    @Test
    void aCatalogWhoseTiersNameUnknownModelsIsRefused() {
        String bad = CATALOG.replace("[\"v/big\"]", "[\"v/gone\"]");
        assertThatThrownBy(() -> CatalogPrices.parse(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v/gone");
    }
}
