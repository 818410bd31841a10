package com.gaterouter.router;

import static com.gaterouter.router.testing.TestAccounts.allow;
import static com.gaterouter.router.testing.TestAccounts.deny;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.accounts.BudgetScope;
import com.gaterouter.common.accounts.KeyType;
import com.gaterouter.common.accounts.Limits;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.accounts.PolicyScope;
import com.gaterouter.common.accounts.dynamodb.DynamoDbAccountStore;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.tables.GatewayTable;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.testing.AccountsFixture;
import com.gaterouter.router.testing.RouterTestbed;
import com.gaterouter.common.testing.MutableClock;
import com.gaterouter.simulator.SimVendor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Accounts as the router sees them, end to end below the transport: tenants, departments,
 * projects, policies and keys written by the real {@link DynamoDbAccountStore} into DynamoDB Local
 * (tables from template.yaml), the real wiring, the vendor simulator. The router's clock is moved
 * by hand to cross its key cache's TTL.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class AccountScopesIT {

    private static final Duration KEY_CACHE_TTL = Duration.ofSeconds(30);

    @RegisterExtension
    static final RouterTestbed testbed = new RouterTestbed();

    private final MutableClock clock = new MutableClock(Instant.now());
    private DynamoDbAccountStore accounts;
    private AccountsFixture fixture;
    private RouterApp router;
    private RouterSettings settings;

    @BeforeEach
    void newTenantAndRouter() {
        accounts = testbed.accounts();
        fixture = new AccountsFixture(accounts, "t-" + UUID.randomUUID());
        settings = testbed.settings(KEY_CACHE_TTL);
        router = testbed.router(settings, RequestMetrics.NONE, clock);
    }

    private ApiResponse.Buffered chat(String secret, String modelFields) {
        String body = "{" + modelFields + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        return (ApiResponse.Buffered) router.handle(new ApiRequest("POST", "/v1/chat/completions", Map.of(),
                Map.of("Authorization", "Bearer " + secret, "Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8), "req-" + UUID.randomUUID(), clock.instant()));
    }

    private ApiResponse.Buffered models(String secret) {
        return (ApiResponse.Buffered) router.handle(new ApiRequest("GET", "/v1/models", Map.of(),
                Map.of("Authorization", "Bearer " + secret), new byte[0], "req-" + UUID.randomUUID(), clock.instant()));
    }

    private List<String> modelIds(String secret) throws Exception {
        ApiResponse.Buffered response = models(secret);
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    private static JsonNode error(ApiResponse.Buffered response) throws Exception {
        return Json.MAPPER.readTree(response.body()).path("error");
    }

    @Test
    void modelsAndRoutingFollowTenantDepartmentProjectAndKeyPolicies() throws Exception {
        fixture.policy(PolicyScope.TENANT, allow("openai/*", "deepseek/*"));
        fixture.policy(PolicyScope.DEPARTMENT, deny("deepseek/deepseek-reasoner"));
        fixture.policy(PolicyScope.PROJECT, deny("openai/gpt-4o"));
        String key = fixture.appKey(allow("openai/gpt-4o", "openai/gpt-4o-mini", "deepseek/*", "anthropic/claude-sonnet-4-5"));

        assertThat(modelIds(key)).containsExactly("auto", "openai/gpt-4o-mini", "deepseek/deepseek-chat");

        ApiResponse.Buffered ok = chat(key, "\"model\":\"gpt-4o-mini\"");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers()).containsEntry("x-gaterouter-model", "openai/gpt-4o-mini");
        assertThat(testbed.simulator().requests(SimVendor.OPENAI).getLast().body()).contains("\"model\":\"gpt-4o-mini\"");

        int openAiCalls = testbed.simulator().requestCount(SimVendor.OPENAI);
        ApiResponse.Buffered aliasDenied = chat(key, "\"model\":\"gpt-4o\"");
        assertThat(aliasDenied.status()).isEqualTo(403);
        assertThat(error(aliasDenied).path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(error(aliasDenied).path("message").asText()).contains("openai/gpt-4o");

        ApiResponse.Buffered fallback = chat(key, "\"models\":[\"openai/gpt-4o\",\"anthropic/claude-sonnet-4-5\",\"deepseek/deepseek-chat\"]");
        assertThat(fallback.status()).isEqualTo(200);
        assertThat(fallback.headers()).containsEntry("x-gaterouter-model", "deepseek/deepseek-chat").containsEntry("x-gaterouter-attempts", "1");

        ApiResponse.Buffered noneAllowed = chat(key, "\"models\":[\"deepseek/deepseek-reasoner\",\"openai/gpt-4.1\"]");
        assertThat(noneAllowed.status()).isEqualTo(403);
        assertThat(error(noneAllowed).path("param").asText()).isEqualTo("models[0]");
        assertThat(testbed.simulator().requestCount(SimVendor.OPENAI)).as("no disallowed model reached a vendor").isEqualTo(openAiCalls);
    }

    @Test
    void aPolicyChangeReachesAWarmRouterWithinTheKeyCacheTtl() throws Exception {
        String key = fixture.appKey(ModelPolicy.UNRESTRICTED);
        assertThat(modelIds(key)).contains("openai/gpt-4o", "anthropic/claude-sonnet-4-5");

        fixture.policy(PolicyScope.PROJECT, allow("anthropic/*"));
        clock.advance(KEY_CACHE_TTL.minusSeconds(1));
        assertThat(modelIds(key)).as("cached scopes").contains("openai/gpt-4o");
        clock.advance(Duration.ofSeconds(2));
        assertThat(modelIds(key)).contains("auto").filteredOn(id -> !id.equals("auto")).isNotEmpty()
                .allSatisfy(id -> assertThat(id).startsWith("anthropic/"));
    }

    @Test
    void aUserPolicyBindsEveryKeyTheUserHoldsIncludingOnesMintedLater() throws Exception {
        // the finding of issue 13: a key's own deny list binds that key only; a person is bound at user scope
        String limited = fixture.appKey(deny("openai/gpt-4o"));
        String older = fixture.appKey(ModelPolicy.UNRESTRICTED);
        fixture.policy(PolicyScope.USER, deny("openai/gpt-4o"));
        String minted = fixture.appKey(ModelPolicy.UNRESTRICTED); // as if the user created it for themselves

        for (String key : List.of(limited, older, minted)) {
            ApiResponse.Buffered refused = chat(key, "\"model\":\"openai/gpt-4o\"");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(error(refused).path("code").asText()).isEqualTo("model_not_allowed");
            assertThat(modelIds(key)).doesNotContain("openai/gpt-4o").contains("openai/gpt-4o-mini");
        }
        int openAiCalls = testbed.simulator().requestCount(SimVendor.OPENAI);
        assertThat(chat(minted, "\"models\":[\"openai/gpt-4o\",\"openai/gpt-4o-mini\"]").headers())
                .as("a fallback list skips the model the user may not use").containsEntry("x-gaterouter-model", "openai/gpt-4o-mini");
        assertThat(testbed.simulator().requests(SimVendor.OPENAI).subList(openAiCalls, testbed.simulator().requestCount(SimVendor.OPENAI)))
                .noneSatisfy(r -> assertThat(r.body()).contains("\"model\":\"gpt-4o\""));
    }

    @Test
    void aUserPolicyChangeReachesWarmKeysWithinTheKeyCacheTtl() throws Exception {
        String key = fixture.appKey(ModelPolicy.UNRESTRICTED);
        assertThat(chat(key, "\"model\":\"openai/gpt-4o\"").status()).isEqualTo(200);
        fixture.policy(PolicyScope.USER, allow("anthropic/*"));
        clock.advance(KEY_CACHE_TTL.plusSeconds(1));
        assertThat(chat(key, "\"model\":\"openai/gpt-4o\"").status()).isEqualTo(403);
        assertThat(modelIds(key)).filteredOn(id -> !id.equals("auto")).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("anthropic/"));
    }

    @Test
    void aUserBudgetBindsAllTheUsersKeysTogether() throws Exception {
        AccountsFixture.CreatedKey first = fixture.key(KeyType.APP, ModelPolicy.UNRESTRICTED);
        AccountsFixture.CreatedKey second = fixture.key(KeyType.APP, ModelPolicy.UNRESTRICTED);
        fixture.budget(BudgetScope.USER, AccountsFixture.USER, new Limits(OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(1), OptionalLong.empty()));
        // budgets are enforced with the spend counters table, on the test's clock (the minute does not turn by itself)
        router = testbed.router(settings.withSpendTable(testbed.tables().name(GatewayTable.SPEND), true), RequestMetrics.NONE, clock);

        assertThat(chat(first.secret(), "\"model\":\"openai/gpt-4o-mini\"").status()).isEqualTo(200);
        ApiResponse.Buffered refused = chat(second.secret(), "\"model\":\"openai/gpt-4o-mini\"");
        assertThat(refused.status()).as("the user's one request a minute was spent by their other key").isEqualTo(429);
        assertThat(error(refused).path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error(refused).path("message").asText()).contains("user " + AccountsFixture.USER);
        clock.advance(Duration.ofMinutes(1));
        assertThat(chat(second.secret(), "\"model\":\"openai/gpt-4o-mini\"").status()).as("the next minute").isEqualTo(200);
    }

    @Test
    void anAdminKeyCannotCallTheAppApi() throws Exception {
        String admin = fixture.key(KeyType.ADMIN, ModelPolicy.UNRESTRICTED).secret();
        ApiResponse.Buffered response = chat(admin, "\"model\":\"openai/gpt-4o-mini\"");
        assertThat(response.status()).isEqualTo(401);
        assertThat(error(response).path("message").asText()).contains("admin keys cannot call the app API");
        assertThat(models(admin).status()).isEqualTo(401);
    }

    @Test
    void aKeyUnderAnArchivedProjectStopsWithinTheTtlEvenIfNotRevoked() throws Exception {
        String key = fixture.appKey(ModelPolicy.UNRESTRICTED);
        assertThat(chat(key, "\"model\":\"openai/gpt-4o-mini\"").status()).isEqualTo(200);

        fixture.archiveProjectOnly();
        clock.advance(KEY_CACHE_TTL.minusSeconds(1));
        assertThat(models(key).status()).as("warm cache, TTL - 1 s").isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));
        ApiResponse.Buffered rejected = chat(key, "\"model\":\"openai/gpt-4o-mini\"");
        assertThat(rejected.status()).isEqualTo(401);
        assertThat(error(rejected).path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void aRevokedKeyStopsWithinTheTtl() throws Exception {
        var key = fixture.key(KeyType.APP, ModelPolicy.UNRESTRICTED);
        assertThat(models(key.secret()).status()).isEqualTo(200);
        fixture.revoke(key.keyId());
        clock.advance(KEY_CACHE_TTL.minusSeconds(1));
        assertThat(models(key.secret()).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(2));
        assertThat(models(key.secret()).status()).isEqualTo(401);
    }

    @Test
    void aKeysLastUseIsRecordedInTheAccountsTable() throws Exception {
        var key = fixture.key(KeyType.APP, ModelPolicy.UNRESTRICTED);
        Instant usedAt = clock.instant();
        assertThat(models(key.secret()).status()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (accounts.findKey(fixture.tenantId(), key.keyId()).orElseThrow().lastUsedAt().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        var stored = accounts.findKey(fixture.tenantId(), key.keyId()).orElseThrow();
        assertThat(stored.lastUsedAt()).contains(usedAt);
        assertThat(stored.version()).as("a touch is not a change").isEqualTo(1);
    }
}
