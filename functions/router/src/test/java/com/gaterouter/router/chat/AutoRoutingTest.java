package com.gaterouter.router.chat;

import com.gaterouter.router.lifecycle.RequestLifecycle;
import com.gaterouter.router.testing.EndpointUnderTest;
import com.gaterouter.router.planning.CandidatePlanner;
import static org.assertj.core.api.Assertions.assertThat;

import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.ModelAccess;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.spend.spool.FileUsageSpool;
import com.gaterouter.common.usage.RouteDecision;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.auth.Caller;
import com.gaterouter.router.budget.BudgetEnforcer;
import com.gaterouter.router.budget.BudgetPlanner;
import com.gaterouter.router.budget.CallerBudgets;
import com.gaterouter.router.catalog.ModelCatalog;
import com.gaterouter.router.metering.UsageMeter;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.resilience.Attempts;
import com.gaterouter.router.resilience.CircuitBreakers;
import com.gaterouter.router.resilience.RetryPolicy;
import com.gaterouter.router.routing.AutoRouter;
import com.gaterouter.router.testing.InMemorySpendLedger;
import com.gaterouter.router.testing.TestAccounts;
import com.gaterouter.router.vendors.VendorFailure;
import com.gaterouter.router.vendors.VendorApi;
import com.gaterouter.router.vendors.VendorKeys;
import com.gaterouter.routing.Tier;
import com.gaterouter.routing.classifier.Classification;
import com.gaterouter.routing.policy.RoutingMode;
import com.gaterouter.routing.policy.RoutingRules;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@code model: "auto"} through the chat service: a scripted classifier score picks the tier; the
 * tier's models serve, filtered by permissions, budget and vendor health, falling back across
 * tiers; every answer explains itself in headers and in the usage record.
 */
class AutoRoutingTest {

    /** Three vendors, one model each, a tier each: light (cheap), standard, heavy (dear). */
    private static final String CATALOG = """
            {"routing":{"tiers":{"light":["a/light"],"standard":["b/mid"],"heavy":["c/strong"]}},
             "vendors":{"a":{"api":"openai-chat","baseUrl":"http://a","keyField":"a"},
                        "b":{"api":"anthropic-messages","baseUrl":"http://b","keyField":"b"},
                        "c":{"api":"gemini","baseUrl":"http://c","keyField":"c"}},
             "models":[
               {"id":"a/light","vendor":"a","upstream":"light","contextWindow":10000,"maxOutputTokens":100,"capabilities":[],
                "prices":[{"effective":"2025-01-01","input":"0.10","output":"0.40"}]},
               {"id":"b/mid","vendor":"b","upstream":"mid","contextWindow":10000,"maxOutputTokens":100,"capabilities":["tools"],
                "prices":[{"effective":"2025-01-01","input":"1","output":"4"}]},
               {"id":"c/strong","vendor":"c","upstream":"strong","contextWindow":10000,"maxOutputTokens":100,"capabilities":["tools"],
                "prices":[{"effective":"2025-01-01","input":"10","output":"40"}]}]}""";
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private final ChatCompletionsTest.ScriptedVendor light = new ChatCompletionsTest.ScriptedVendor();
    private final ChatCompletionsTest.ScriptedVendor mid = new ChatCompletionsTest.ScriptedVendor();
    private final ChatCompletionsTest.ScriptedVendor strong = new ChatCompletionsTest.ScriptedVendor();
    private final InMemorySpendLedger ledger = new InMemorySpendLedger();
    private final CircuitBreakers breakers = new CircuitBreakers(5, Duration.ofSeconds(30), Clock.systemUTC());
    private final EndpointUnderTest chat;
    private double score = 0.1;
    private List<String> signals = List.of("simple_task");

    AutoRoutingTest() throws Exception {
        ModelCatalog catalog = ModelCatalog.parse(new ByteArrayInputStream(CATALOG.getBytes(StandardCharsets.UTF_8)));
        var secrets = new ChatCompletionsTest.Secrets();
        secrets.values.put("platform", Map.of("a", "key-a", "b", "key-b", "c", "key-c"));
        var router = new AutoRouter(shape -> new Classification(score, signals), catalog);
        var planner = new CandidatePlanner(catalog, Map.of(VendorApi.OPENAI_CHAT, light, VendorApi.ANTHROPIC_MESSAGES, mid, VendorApi.GEMINI, strong), Optional.of(router));
        var attempts = new Attempts(new VendorKeys(secrets, "platform"), RetryPolicy.DEFAULT, breakers, d -> { });
        var meter = new UsageMeter(ledger, FileUsageSpool.inTemporaryDirectory(), UsageMeter.Retries.ONCE, d -> { },
                new com.gaterouter.router.metering.RefusalRecorder(ledger::settle, Runnable::run, 60, 64));
        chat = new EndpointUnderTest(new RequestLifecycle(attempts, meter, RequestMetrics.NONE,
                new BudgetEnforcer(Optional.of(com.gaterouter.router.testing.TestLeases.keeper(ledger, Clock.systemUTC())),
                        Optional.of(ledger), new BudgetPlanner(true), Clock.systemUTC())), new ChatCompletions(planner));
    }

    private ApiResponse.Buffered send(String body, Caller caller) {
        return (ApiResponse.Buffered) chat.serve(new ApiRequest("POST", "/v1/chat/completions", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime(), AT), caller);
    }

    private ApiResponse.Buffered auto(Caller caller) {
        return send("{\"model\":\"auto\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}", caller);
    }

    private static Caller caller(RoutingRules... routing) {
        return new Caller(TestAccounts.appKey("hash", "key_1", ModelPolicy.UNRESTRICTED), ModelAccess.UNRESTRICTED,
                CallerBudgets.NONE, List.of(routing));
    }

    private UsageRecord onlyRecord() {
        assertThat(ledger.settled).hasSize(1);
        return ledger.settled.get(0);
    }

    private static RoutingRules rules(Optional<RoutingMode> mode, Optional<String> pin) {
        return new RoutingRules(mode, Optional.empty(), Optional.empty(), Map.of(), pin);
    }

    @Test
    void aLowScoreIsServedByTheLightTierAndExplainsItself() {
        var response = auto(caller());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-model", "a/light").containsEntry("x-gaterouter-tier", "light")
                .containsEntry("x-gaterouter-route-score", "0.100").containsEntry("x-gaterouter-route-reason", "auto,simple_task");
        assertThat(response.bodyText()).contains("\"model\":\"a/light\"");
        RouteDecision route = onlyRecord().route().orElseThrow();
        assertThat(route.tier()).isEqualTo("light");
        assertThat(route.score()).isEqualTo(0.1);
        assertThat(route.shadow()).isFalse();
        assertThat(route.routedModel()).isEqualTo("a/light");
        assertThat(route.referenceModel()).isEqualTo("c/strong");
        // 10 prompt + 5 completion tokens: on a/light 1 + 2 = 3 micro-USD, on c/strong 100 + 200
        assertThat(onlyRecord().costMicros()).isEqualTo(3);
        assertThat(route.referenceCostMicros()).as("what always-strong would have cost").isEqualTo(300);
        assertThat(onlyRecord().requestedModel()).isEqualTo("auto");
    }

    @Test
    void aHighScoreGoesHeavyAndAFailingHeavyVendorFallsBackAcrossTiers() {
        score = 0.93;
        signals = List.of("code", "reasoning");
        for (int i = 0; i < 3; i++) {
            strong.failures.add(VendorFailure.of(VendorFailure.Kind.SERVER_ERROR, 503, "overloaded"));
        }

        var response = auto(caller());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-tier", "heavy").containsEntry("x-gaterouter-model", "b/mid")
                .containsEntry("x-gaterouter-route-reason", "auto,code,reasoning,fallback");
        assertThat(strong.calls).isEqualTo(3);
        assertThat(mid.calls).as("heavy falls back down to standard first").isEqualTo(1);
        assertThat(onlyRecord().failedAttempts()).hasSize(3);
        assertThat(onlyRecord().route().orElseThrow().routedModel()).isEqualTo("c/strong");
    }

    @Test
    void modelsTheCallerMayNotUseAreSkippedAndSaidSo() {
        score = 0.93;
        Caller noStrong = new Caller(TestAccounts.appKey("hash", "key_1", TestAccounts.deny("c/*")),
                new ModelAccess(List.of(TestAccounts.deny("c/*"))), CallerBudgets.NONE, List.of());

        var response = auto(noStrong);

        assertThat(response.headers()).containsEntry("x-gaterouter-model", "b/mid").containsEntry("x-gaterouter-tier", "heavy")
                .containsEntry("x-gaterouter-route-reason", "auto,simple_task,not_permitted");
        assertThat(strong.calls).isZero();
    }

    @Test
    void whenNoRoutedModelIsAllowedTheAnswerExplainsTheRouting() {
        Caller nothing = new Caller(TestAccounts.appKey("hash", "key_1", TestAccounts.allow("x/*")),
                new ModelAccess(List.of(TestAccounts.allow("x/*"))), CallerBudgets.NONE, List.of());

        var response = auto(nothing);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.bodyText()).contains("model_not_allowed").contains("light tier").contains("'auto'");
        assertThat(ledger.settled).as("refused before anything was reserved").isEmpty();
        // counted as a refusal of the model routing chose first, in the tier it chose
        assertThat(ledger.refusals).singleElement().satisfies(r -> {
            assertThat(r.httpStatus()).isEqualTo(403);
            assertThat(r.requestedModel()).isEqualTo("auto");
            assertThat(r.tier()).hasValue("light");
            assertThat(r.route().orElseThrow().reasons()).contains("not_permitted");
            assertThat(r.costMicros()).isZero();
        });
    }

    @Test
    void aBudgetTooSmallForTheHeavyTierIsServedByACheaperOneRatherThanRefused() {
        score = 0.93;
        // the worst case on c/strong is ~4,000 micro-USD (100 output tokens at $40 per 1M); on b/mid ~400
        Caller tight = new Caller(TestAccounts.appKey("hash", "key_1", ModelPolicy.UNRESTRICTED), ModelAccess.UNRESTRICTED,
                new CallerBudgets(ZoneOffset.UTC, Optional.empty(), Optional.empty(), Map.of(BudgetScope.PROJECT,
                        new Limits(OptionalLong.of(1_000), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                                OptionalLong.empty(), OptionalLong.empty()))), List.of());

        var response = auto(tight);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("x-gaterouter-model", "b/mid").containsEntry("x-gaterouter-tier", "heavy")
                .containsEntry("x-gaterouter-route-reason", "auto,simple_task,budget");
        assertThat(strong.calls).isZero();
    }

    @Test
    void aNamedModelIsNeverRerouted() {
        score = 0.93;
        var response = send("{\"model\":\"a/light\",\"messages\":[{\"role\":\"user\",\"content\":\"prove it\"}]}", caller());

        assertThat(response.headers()).containsEntry("x-gaterouter-model", "a/light").containsEntry("x-gaterouter-route-reason", "pinned")
                .doesNotContainKeys("x-gaterouter-tier", "x-gaterouter-route-score");
        assertThat(onlyRecord().route()).isEmpty();
    }

    @Test
    void anOpenCircuitSendsTheTierToAHealthyVendorFirst() {
        for (int i = 0; i < 5; i++) {
            breakers.forVendor("a").onFailure();
        }

        var response = auto(caller());

        assertThat(response.headers()).containsEntry("x-gaterouter-model", "b/mid")
                .containsEntry("x-gaterouter-route-reason", "auto,simple_task,vendor_unhealthy");
        assertThat(light.calls).isZero();
    }

    @Test
    void aPolicyPinWinsOverTheTierButTheDecisionIsRecorded() {
        score = 0.93;
        var response = auto(caller(rules(Optional.empty(), Optional.of("a/light"))));

        assertThat(response.headers()).containsEntry("x-gaterouter-model", "a/light").containsEntry("x-gaterouter-tier", "heavy")
                .containsEntry("x-gaterouter-route-reason", "policy_pin,simple_task");
        assertThat(onlyRecord().route().orElseThrow().routedModel()).as("what routing alone would have chosen").isEqualTo("c/strong");
    }

    @Test
    void shadowModeServesAFixedModelAndRecordsWhatRoutingWouldHaveDone() {
        score = 0.93;
        var response = auto(caller(rules(Optional.of(RoutingMode.SHADOW), Optional.empty())));

        assertThat(response.headers()).as("the standard tier's first model is the fixed one")
                .containsEntry("x-gaterouter-model", "b/mid").containsEntry("x-gaterouter-tier", "heavy")
                .containsEntry("x-gaterouter-route-reason", "shadow,simple_task");
        RouteDecision route = onlyRecord().route().orElseThrow();
        assertThat(route.shadow()).isTrue();
        assertThat(route.routedModel()).isEqualTo("c/strong");
    }

    @Test
    void shadowModeClassifiesNamedModelRequestsTooAndServesThemAsNamed() {
        score = 0.05;
        Caller shadow = caller(rules(Optional.of(RoutingMode.SHADOW), Optional.empty()));
        var response = send("{\"model\":\"c/strong\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", shadow);

        assertThat(response.headers()).containsEntry("x-gaterouter-model", "c/strong").containsEntry("x-gaterouter-tier", "light")
                .containsEntry("x-gaterouter-route-reason", "pinned,shadow,simple_task");
        RouteDecision route = onlyRecord().route().orElseThrow();
        assertThat(route.shadow()).isTrue();
        assertThat(route.routedModel()).isEqualTo("a/light");
        assertThat(route.routedCostMicros()).as("what routing would have cost").isLessThan(onlyRecord().costMicros());
    }

    @Test
    void aDepartmentOverridesItsTenantsTierCandidates() {
        score = 0.93;
        RoutingRules tenant = rules(Optional.empty(), Optional.empty());
        RoutingRules department = new RoutingRules(Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(Tier.HEAVY, List.of("b/mid")), Optional.empty());

        var response = auto(caller(tenant, department));

        assertThat(response.headers()).containsEntry("x-gaterouter-model", "b/mid").containsEntry("x-gaterouter-route-reason", "auto,simple_task");
        assertThat(strong.calls).isZero();
    }
}
