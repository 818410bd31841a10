package com.gaterouter.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gaterouter.common.accounts.ModelPolicy;
import com.gaterouter.common.api.ApiRequest;
import com.gaterouter.common.api.ApiResponse;
import com.gaterouter.common.api.SseStream.StreamResult;
import com.gaterouter.common.json.Json;
import com.gaterouter.common.testing.ClientHeaders;
import com.gaterouter.common.testing.DynamoDbLocalExtension;
import com.gaterouter.common.testing.RecordingSseSink;
import com.gaterouter.common.usage.UsageRecord;
import com.gaterouter.router.observability.RequestMetrics;
import com.gaterouter.router.testing.AccountsFixture;
import com.gaterouter.router.testing.RouterTestbed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the router core does around every route, with the real wiring on DynamoDB Local and the
 * vendor simulator: {@code GET /v1/models/{id}}, CORS per tenant (preflight without a key; the
 * headers on answers, refusals and streams only for the origins the key's tenant allows), and the
 * request metrics it reports.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RouterAppIT {

    private static final String APP_ORIGIN = "https://app.example.com";
    @RegisterExtension
    static final RouterTestbed testbed = new RouterTestbed();

    private final List<RequestMetrics.Served> served = new CopyOnWriteArrayList<>();
    private final List<UsageRecord> settled = new CopyOnWriteArrayList<>();
    private RouterApp router;
    private AccountsFixture accounts;
    private String key;

    /** A fresh router (key cache 0 s, so tenant changes apply at once) and tenant per test. */
    @BeforeEach
    void newRouterTenantAndKey() {
        RequestMetrics recording = new RequestMetrics() {
            @Override
            public void record(RequestOutcome outcome) {
            }

            @Override
            public void served(Served s) {
                served.add(s);
            }

            @Override
            public void settled(UsageRecord usage) {
                settled.add(usage);
            }
        };
        router = testbed.router(testbed.settings(Duration.ZERO), recording, Clock.systemUTC());
        accounts = new AccountsFixture(testbed.accounts(), "t-" + UUID.randomUUID());
        key = accounts.appKey(ModelPolicy.UNRESTRICTED);
    }

    private static ApiRequest request(String method, String path, String key, String body, String... headers) {
        return new ApiRequest(method, path, Map.of(), ClientHeaders.of(key, body != null, headers), body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "req-" + UUID.randomUUID(), Instant.now());
    }

    private ApiResponse.Buffered get(String path, String... headers) {
        return (ApiResponse.Buffered) router.handle(request("GET", path, key, null, headers));
    }

    private static JsonNode json(ApiResponse.Buffered response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static final String CHAT = """
            {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}""";

    // ------------------------------------------------------------------ GET /v1/models/{id}

    @Test
    void aModelIsRetrievedByItsIdPlainOrPercentEncodedAsTheListShowsIt() throws Exception {
        JsonNode listed = null;
        for (JsonNode entry : json(get("/v1/models")).path("data")) {
            if (entry.path("id").asText().equals("openai/gpt-4o-mini")) {
                listed = entry;
            }
        }
        assertThat(listed).as("the list shows it").isNotNull();
        for (String path : List.of("/v1/models/openai/gpt-4o-mini", "/v1/models/openai%2Fgpt-4o-mini", "/v1/models/openai%2fgpt-4o-mini",
                "/v1/models/openai/gpt-4o-mini/")) {
            ApiResponse.Buffered response = get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(json(response)).as(path).isEqualTo(listed);
            assertThat(response.headers()).containsKey("x-request-id");
        }
        JsonNode model = json(get("/v1/models/openai/gpt-4o-mini"));
        assertThat(model.path("object").asText()).isEqualTo("model");
        assertThat(model.path("owned_by").asText()).isEqualTo("openai");
        assertThat(model.path("created").asLong()).isPositive();
        assertThat(model.path("pricing").path("input").isNumber()).isTrue();
    }

    @Test
    void anAliasAnswersWithTheCatalogModelAndAutoWithTheGatewaysOwn() throws Exception {
        assertThat(json(get("/v1/models/gpt-4o-mini")).path("id").asText()).isEqualTo("openai/gpt-4o-mini");
        JsonNode auto = json(get("/v1/models/auto"));
        assertThat(auto.path("id").asText()).isEqualTo("auto");
        assertThat(auto.path("owned_by").asText()).isEqualTo("gaterouter");
    }

    @Test
    void anUnknownModelAndOneTheKeyMayNotUseAreTheSame404() throws Exception {
        String narrow = accounts.appKey(ModelPolicy.allowOnly(java.util.Set.of("anthropic/*")));
        ApiResponse.Buffered unknown = get("/v1/models/openai/gpt-9");
        ApiResponse.Buffered denied = (ApiResponse.Buffered) router.handle(request("GET", "/v1/models/openai/gpt-4o-mini", narrow, null));
        ApiResponse.Buffered autoDenied = (ApiResponse.Buffered) router.handle(request("GET", "/v1/models/auto",
                accounts.appKey(ModelPolicy.allowOnly(java.util.Set.of("openai/text-embedding-3-small"))), null));
        for (ApiResponse.Buffered response : List.of(unknown, denied, autoDenied)) {
            assertThat(response.status()).isEqualTo(404);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").asText()).isEqualTo("not_found_error");
            assertThat(error.path("code").asText()).isEqualTo("model_not_found");
            assertThat(error.path("param").asText()).isEqualTo("model");
        }
        assertThat(json(denied).path("error").path("message").asText())
                .isEqualTo("The model 'openai/gpt-4o-mini' does not exist or you do not have access to it.");
        assertThat(((ApiResponse.Buffered) router.handle(request("GET", "/v1/models/anthropic/claude-sonnet-4-5", narrow, null))).status())
                .as("what the key may use it may read").isEqualTo(200);
    }

    @Test
    void retrievingNeedsAKeyLikeEveryRoute() throws Exception {
        ApiResponse.Buffered response = (ApiResponse.Buffered) router.handle(request("GET", "/v1/models/openai/gpt-4o-mini", null, null));
        assertThat(response.status()).isEqualTo(401);
        assertThat(((ApiResponse.Buffered) router.handle(request("POST", "/v1/models/openai/gpt-4o-mini", key, "{}"))).status())
                .as("only GET retrieves").isEqualTo(404);
    }

    // ------------------------------------------------------------------ CORS

    @Test
    void aPreflightIsAnsweredWithoutAKeyForAnyOrigin() {
        ApiResponse.Buffered preflight = (ApiResponse.Buffered) router.handle(request("OPTIONS", "/v1/chat/completions", null, null,
                "Origin", "https://anyone.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "Authorization, Content-Type, X-Stainless-OS, x-stainless-retry-count"));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.body()).isEmpty();
        assertThat(preflight.headers())
                .containsEntry("access-control-allow-origin", "https://anyone.example")
                .containsEntry("access-control-allow-methods", "GET, POST, OPTIONS")
                .containsEntry("access-control-allow-headers", "authorization, content-type, x-stainless-os, x-stainless-retry-count")
                .containsEntry("access-control-max-age", "7200")
                .containsEntry("vary", "Origin, Access-Control-Request-Headers")
                .doesNotContainKey("access-control-allow-credentials");

        ApiResponse.Buffered plain = (ApiResponse.Buffered) router.handle(request("OPTIONS", "/v1/models", null, null,
                "Origin", "https://anyone.example"));
        assertThat(plain.headers()).containsEntry("access-control-allow-headers", "authorization, content-type");

        ApiResponse.Buffered noOrigin = (ApiResponse.Buffered) router.handle(request("OPTIONS", "/v1/models", null, null));
        assertThat(noOrigin.status()).isEqualTo(204);
        assertThat(noOrigin.headers()).containsEntry("allow", "GET, POST, OPTIONS").doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void anAllowedOriginReadsTheAnswerWithItsHeadersAndAnotherDoesNot() throws Exception {
        accounts.allowOrigins(APP_ORIGIN, "http://localhost:5173");
        ApiResponse.Buffered allowed = (ApiResponse.Buffered) router.handle(request("POST", "/v1/chat/completions", key, CHAT,
                "Origin", APP_ORIGIN));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.headers()).containsEntry("access-control-allow-origin", APP_ORIGIN).containsEntry("vary", "Origin");
        List<String> exposed = List.of(allowed.headers().get("access-control-expose-headers").split(", "));
        assertThat(exposed).contains("x-request-id", "x-gaterouter-model", "x-gaterouter-vendor", "x-gaterouter-attempts",
                "x-gaterouter-route-reason", "x-gaterouter-cost-usd").doesNotContain("content-type");
        assertThat(exposed).containsExactlyInAnyOrderElementsOf(allowed.headers().keySet().stream()
                .filter(h -> h.startsWith("x-")).toList());

        ApiResponse.Buffered other = (ApiResponse.Buffered) router.handle(request("POST", "/v1/chat/completions", key, CHAT,
                "Origin", "https://evil.example"));
        assertThat(other.status()).as("the request is served; the browser just may not show it").isEqualTo(200);
        assertThat(other.headers()).containsEntry("vary", "Origin").doesNotContainKeys("access-control-allow-origin",
                "access-control-expose-headers");
    }

    @Test
    void aTenantThatAllowsNoOriginGetsItsAnswersUnchanged() {
        ApiResponse.Buffered response = get("/v1/models", "Origin", APP_ORIGIN);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().keySet()).noneMatch(h -> h.startsWith("access-control-") || h.equals("vary"));
    }

    @Test
    void aStarLetsEveryOriginRead() {
        accounts.allowOrigins("*");
        assertThat(get("/v1/models", "Origin", "https://whoever.example").headers())
                .containsEntry("access-control-allow-origin", "*");
    }

    @Test
    void refusalsCarryTheHeadersTooSoABrowserAppCanReadThem() throws Exception {
        accounts.allowOrigins(APP_ORIGIN);
        String narrow = accounts.appKey(ModelPolicy.allowOnly(java.util.Set.of("anthropic/*")));
        AccountsFixture.CreatedKey revoked = accounts.key(com.gaterouter.common.accounts.KeyType.APP, ModelPolicy.UNRESTRICTED);
        accounts.revoke(revoked.keyId());
        Map<String, ApiResponse.Buffered> refusals = new LinkedHashMap<>();
        refusals.put("400", (ApiResponse.Buffered) router.handle(request("POST", "/v1/chat/completions", key, "{\"model\":1}",
                "Origin", APP_ORIGIN)));
        refusals.put("403", (ApiResponse.Buffered) router.handle(request("POST", "/v1/chat/completions", narrow, CHAT,
                "Origin", APP_ORIGIN)));
        refusals.put("404", get("/v1/models/openai/gpt-9", "Origin", APP_ORIGIN));
        refusals.put("401", (ApiResponse.Buffered) router.handle(request("POST", "/v1/chat/completions", revoked.secret(), CHAT,
                "Origin", APP_ORIGIN)));
        refusals.forEach((status, response) -> {
            assertThat(response.status()).as(status).isEqualTo(Integer.parseInt(status));
            assertThat(response.headers()).as(status).containsEntry("access-control-allow-origin", APP_ORIGIN)
                    .containsEntry("access-control-expose-headers", "x-request-id");
        });

        ApiResponse.Buffered unknownKey = (ApiResponse.Buffered) router.handle(request("GET", "/v1/models", "gr-nobody", null,
                "Origin", APP_ORIGIN));
        assertThat(unknownKey.status()).isEqualTo(401);
        assertThat(unknownKey.headers()).as("no key of the tenant: no tenant to ask").doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void aStreamOpensWithTheHeadersAndAStreamThatNeverStartedAnswersWithThem() {
        accounts.allowOrigins(APP_ORIGIN);
        RecordingSseSink sink = new RecordingSseSink();
        StreamResult result = ((ApiResponse.Streamed) router.handle(request("POST", "/v1/chat/completions", key, """
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hi [[sim:tokens=5]]"}]}""",
                "Origin", APP_ORIGIN))).events().writeTo(sink);
        assertThat(result).isInstanceOf(StreamResult.Delivered.class);
        assertThat(sink.events().getLast()).isEqualTo("[DONE]");
        assertThat(sink.headers()).containsEntry("access-control-allow-origin", APP_ORIGIN).containsEntry("vary", "Origin");
        assertThat(sink.headers().get("access-control-expose-headers")).contains("x-request-id", "x-gaterouter-model");

        StreamResult failed = ((ApiResponse.Streamed) router.handle(request("POST", "/v1/chat/completions", key, """
                {"model":"openai/gpt-4o-mini","stream":true,
                 "messages":[{"role":"user","content":"x [[sim:fault=server_error,status=503]]"}]}""",
                "Origin", APP_ORIGIN))).events().writeTo(new RecordingSseSink());
        assertThat(failed).isInstanceOf(StreamResult.NotStarted.class);
        ApiResponse.Buffered error = ((StreamResult.NotStarted) failed).response();
        assertThat(error.status()).isEqualTo(502);
        assertThat(error.headers()).containsEntry("access-control-allow-origin", APP_ORIGIN);
    }

    // ------------------------------------------------------------------ metrics

    @Test
    void everyRequestIsReportedOnceWithItsEndpointStatusAndTenantAndEveryMeteredOneWithItsUsage() {
        router.handle(request("POST", "/v1/chat/completions", key, CHAT));
        get("/v1/models");
        get("/v1/models/openai%2Fgpt-4o-mini");
        router.handle(request("POST", "/v1/chat/completions", "gr-nobody", CHAT));
        router.handle(request("OPTIONS", "/v1/chat/completions", null, null, "Origin", APP_ORIGIN));
        get("/v1/nothing/here");
        RecordingSseSink sink = new RecordingSseSink();
        ((ApiResponse.Streamed) router.handle(request("POST", "/v1/chat/completions", key, """
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hi [[sim:tokens=5]]"}]}""")))
                .events().writeTo(sink);

        String tenant = accounts.tenantId();
        assertThat(served).extracting(s -> s.endpoint() + " " + s.httpStatus() + " " + s.tenantId().orElse("-")).containsExactly(
                "chat.completions 200 " + tenant, "models.list 200 " + tenant, "models.retrieve 200 " + tenant,
                "chat.completions 401 -", "preflight 204 -", "unknown 404 " + tenant, "chat.completions 200 " + tenant);
        assertThat(served).allSatisfy(s -> assertThat(s.durationNanos()).isPositive());
        assertThat(settled).as("the two chat requests, as metered").hasSize(2).allSatisfy(usage -> {
            assertThat(usage.principal().tenantId()).isEqualTo(tenant);
            assertThat(usage.servedModel()).isEqualTo("openai/gpt-4o-mini");
            assertThat(usage.costMicros()).isPositive();
        });
    }

    @Test
    void aStreamIsReportedWhenItEndsNotWhenItIsHandedOver() {
        ApiResponse response = router.handle(request("POST", "/v1/chat/completions", key, """
                {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hi [[sim:tokens=5]]"}]}"""));
        assertThat(served).as("nothing has been sent yet").isEmpty();
        ((ApiResponse.Streamed) response).events().writeTo(new RecordingSseSink());
        assertThat(served).singleElement().satisfies(s -> assertThat(s.httpStatus()).isEqualTo(200));
    }
}
