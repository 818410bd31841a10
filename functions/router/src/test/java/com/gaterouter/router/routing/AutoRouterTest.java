package com.gaterouter.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.ModelAccess;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.CallerBudgets;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.planning.ChatRequest;
import com.gaterouter.router.chat.ChatRequestParser;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.TierThresholds;
import com.gaterouter.routing.classifier.Classification;
import com.gaterouter.routing.policy.Preference;
import com.gaterouter.routing.policy.RoutingRules;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision alone, over the bundled catalog's default tiers and a scripted classifier score. */
class AutoRouterTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private final ModelCatalog catalog = ModelCatalog.load(Optional.empty());
    private double score;

    private Optional<RouteChoice> decide(String model, RoutingRules... policies) {
        AutoRouter router = new AutoRouter(shape -> new Classification(score, List.of("signal")), catalog);
        String body = "{" + (model == null ? "" : "\"model\":\"" + model + "\",") + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        ChatRequest request = ((ChatRequestParser.Valid) new ChatRequestParser().parse(body.getBytes(StandardCharsets.UTF_8))).request();
        Caller caller = new Caller(TestAccounts.appKey("h", "key_1", ModelPolicy.UNRESTRICTED), ModelAccess.UNRESTRICTED,
                CallerBudgets.NONE, List.of(policies));
        return router.decide(request.body(), request.auto(), caller, AT);
    }

    private static RoutingRules prefer(Preference preference) {
        return new RoutingRules(Optional.empty(), Optional.of(preference), Optional.empty(), Map.of(), Optional.empty());
    }

    @Test
    void theDefaultThresholdsSplitTheScoreIntoThreeTiers() {
        score = TierThresholds.BALANCED.lightBelow() - 0.001;
        assertThat(decide("auto").orElseThrow().tier()).isEqualTo(Tier.LIGHT);
        score = TierThresholds.BALANCED.lightBelow();
        assertThat(decide("auto").orElseThrow().tier()).isEqualTo(Tier.STANDARD);
        score = TierThresholds.BALANCED.heavyFrom();
        assertThat(decide("auto").orElseThrow().tier()).isEqualTo(Tier.HEAVY);
    }

    @Test
    void aLightRequestTriesTheLightTierThenFallsBackUpwards() {
        score = 0.01;
        RouteChoice choice = decide("auto").orElseThrow();

        List<String> light = catalog.routingTiers().orElseThrow().get(Tier.LIGHT);
        List<String> heavy = catalog.routingTiers().orElseThrow().get(Tier.HEAVY);
        assertThat(choice.decision()).isEqualTo(RouteChoice.Decision.AUTO);
        assertThat(choice.serve()).startsWith(light.toArray(String[]::new)).endsWith(heavy.toArray(String[]::new)).doesNotHaveDuplicates();
        assertThat(choice.routedModel().id()).isEqualTo(light.get(0));
        assertThat(choice.referenceModel().id()).isEqualTo(heavy.get(0));
        assertThat(choice.shadow()).isFalse();
    }

    @Test
    void noModelAtAllIsRoutedLikeAuto() {
        score = 0.9;
        assertThat(decide(null)).isPresent().get().extracting(RouteChoice::tier).isEqualTo(Tier.HEAVY);
    }

    @Test
    void aNamedModelIsNotDecidedUnlessTheTenantIsInShadowMode() {
        assertThat(decide("openai/gpt-4o")).isEmpty();
    }

    @Test
    void preferCostRaisesTheThresholdsAndPutsTheCheapestOfATierFirst() {
        score = (TierThresholds.BALANCED.lightBelow() + TierThresholds.COST.lightBelow()) / 2;
        assertThat(decide("auto").orElseThrow().tier()).isEqualTo(Tier.STANDARD);

        RouteChoice cost = decide("auto", prefer(Preference.COST)).orElseThrow();

        assertThat(cost.tier()).isEqualTo(Tier.LIGHT);
        // light: gpt-4o-mini ($0.75 in + out per 1M), gemini-2.5-flash-lite ($0.50), claude-haiku-4-5 ($6)
        assertThat(cost.serve()).startsWith("gemini/gemini-2.5-flash-lite", "openai/gpt-4o-mini", "anthropic/claude-haiku-4-5");
    }

    @Test
    void preferQualityLowersTheThresholdsAndExplicitThresholdsWinOverAnyPreference() {
        score = (TierThresholds.QUALITY.heavyFrom() + TierThresholds.BALANCED.heavyFrom()) / 2;
        assertThat(decide("auto").orElseThrow().tier()).isEqualTo(Tier.STANDARD);
        assertThat(decide("auto", prefer(Preference.QUALITY)).orElseThrow().tier()).isEqualTo(Tier.HEAVY);

        RoutingRules explicit = new RoutingRules(Optional.empty(), Optional.empty(), Optional.of(new TierThresholds(0.99, 1.0)),
                Map.of(), Optional.empty());
        assertThat(decide("auto", prefer(Preference.QUALITY), explicit).orElseThrow().tier())
                .as("a department's thresholds over its tenant's preference").isEqualTo(Tier.LIGHT);
    }

    @Test
    void theScoreIsRoundedToThreeDecimalsBeforeTheThresholdApplies() {
        // just under the balanced heavy threshold, but the client sees it rounded to the threshold
        score = TierThresholds.BALANCED.heavyFrom() - 0.00004;
        RouteChoice choice = decide("auto").orElseThrow();
        assertThat(choice.score()).isEqualTo(TierThresholds.BALANCED.heavyFrom());
        assertThat(choice.tier()).as("the tier agrees with the score the client sees").isEqualTo(Tier.HEAVY);
    }

    @Test
    void modelsAPolicyNamesThatTheCatalogLacksDoNotBreakTheDecision() {
        score = 0.9;
        RoutingRules unknown = new RoutingRules(Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(Tier.HEAVY, List.of("nowhere/model")), Optional.empty());

        RouteChoice choice = decide("auto", unknown).orElseThrow();

        assertThat(choice.serve()).first().isEqualTo("nowhere/model");
        assertThat(choice.routedModel().id()).as("the first real model on the way").isNotEqualTo("nowhere/model");
    }

    @Test
    void aCatalogWithoutRoutingTiersOffersNoAuto() throws Exception {
        String json = """
                {"vendors":{"a":{"api":"openai-chat","baseUrl":"http://a"}},
                 "models":[{"id":"a/m","vendor":"a","upstream":"m","prices":[{"effective":"2025-01-01","input":"1","output":"1"}]}]}""";
        ModelCatalog bare = ModelCatalog.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        AutoRouter router = new AutoRouter(shape -> new Classification(0.5, List.of()), bare);
        ChatRequest request = ((ChatRequestParser.Valid) new ChatRequestParser().parse(
                "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8))).request();

        assertThat(router.decide(request.body(), request.auto(), TestAccounts.unrestricted(), AT)).isEmpty();
    }
}
